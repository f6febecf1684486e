package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Temporal order of both steppers by step halving on a nonlinear Kolmogorov flow (Re = 200, 32²),
 * against a Dormand-Prince 8(5,3) solution with tolerance 1e-12. Spatial error is the same for all
 * runs (same grid), so the differences are pure time-stepping error.
 */
class ConvergenceOrderTest {

    private static final double T = 0.5;
    private static NavierStokes2D equation;
    private static double[] omega0;
    private static double[] reference;

    @BeforeAll
    static void reference() {
        equation = NavierStokesPreset.KOLMOGOROV.equation(32);
        // max|u| ~ 2.3: CFL number ~ 0.6 at the largest step 0.05, inside Heun's and RK4's stability regions.
        omega0 = Flows.randomModes(equation.grid(), 4, 2.0, 7);
        reference = MethodOfLinesIntegrator.dormandPrince853(1e-12)
                .integrate(equation, omega0, new double[] {T}, ProgressListener.NONE)[0];
    }

    private static double[] errors(DoubleFunction<VorticityIntegrator> stepper, double... steps) {
        double[] e = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            double[] w =
                    stepper.apply(steps[k]).integrate(equation, omega0, new double[] {T}, ProgressListener.NONE)[0];
            e[k] = Flows.relativeError(w, reference);
        }
        return e;
    }

    @Test
    void imexCrankNicolsonHeunIsSecondOrder() {
        double[] e = errors(ImexCrankNicolsonHeun::fixedStep, 0.05, 0.025, 0.0125, 0.00625);
        for (int k = 1; k < e.length; k++) {
            double ratio = e[k - 1] / e[k];
            System.out.printf("IMEX CN-Heun h=%.5f error %.3e ratio %.3f%n", 0.05 / (1 << k), e[k], ratio);
            // Second order: ratio 4 per halving; ±0.5 allows for the pre-asymptotic regime.
            assertTrue(ratio > 3.5 && ratio < 4.5, "ratio " + ratio + " errors " + Arrays.toString(e));
        }
    }

    @Test
    void methodOfLinesWithRungeKutta4IsFourthOrder() {
        double[] e = errors(MethodOfLinesIntegrator::rungeKutta4, 0.05, 0.025, 0.0125);
        for (int k = 1; k < e.length; k++) {
            double ratio = e[k - 1] / e[k];
            System.out.printf("MOL RK4 h=%.5f error %.3e ratio %.3f%n", 0.05 / (1 << k), e[k], ratio);
            // Fourth order: ratio 16; the smallest error (~4e-7) stays far above the reference's ~1e-12.
            assertTrue(ratio > 14 && ratio < 18, "ratio " + ratio + " errors " + Arrays.toString(e));
        }
    }
}
