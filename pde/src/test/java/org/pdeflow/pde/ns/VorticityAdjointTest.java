package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;

class VorticityAdjointTest {

    /** A rectangle with nx != ny and lx != ly, so that a swapped axis or wavenumber cannot go unnoticed. */
    private static NavierStokes2D rectangle(Dealiasing rule) {
        Grid2D grid = new Grid2D(24, 16, 2 * Math.PI, 1.5 * Math.PI, Layout.PERIODIC);
        return new NavierStokes2D(grid, 1.0 / 100, Forcing.kolmogorov(), rule);
    }

    @Test
    void itsForwardSolveIsTheFixedStepIntegrator() {
        NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(32);
        double[] omega0 = Flows.randomModes(eq.grid(), 6, 20.0, 3);
        double[] expected = ImexCrankNicolsonHeun.fixedStep(0.007)
                .integrate(eq, omega0, new double[] {0.3}, ProgressListener.NONE)[0];
        VorticityAdjoint adjoint = new VorticityAdjoint(eq, 0.3, 0.007);
        assertEquals(43, adjoint.steps());
        for (boolean record : new boolean[] {false, true}) {
            double[] got = adjoint.solve(omega0, record);
            assertTrue(
                    Flows.relativeError(got, expected) < 1e-12,
                    "rel. difference " + Flows.relativeError(got, expected));
        }
    }

    /**
     * The directional derivative of {@code <g, ω(T)>} from the adjoint equals central differences of the forward
     * map, in a nonlinear flow (rms ω about 9 over one time unit: advection and forcing move ω(T) by more than a
     * fifth of its size), with either
     * dealiasing rule: the O(ε²) difference error at ε = 1e-4 is far below the 1e-6 asserted.
     */
    @ParameterizedTest
    @EnumSource(Dealiasing.class)
    void theGradientIsTheDerivativeOfTheDiscreteFlowMap(Dealiasing rule) {
        NavierStokes2D eq = rectangle(rule);
        double[] omega0 = Flows.randomModes(eq.grid(), 5, 12.0, 7);
        VorticityAdjoint adjoint = new VorticityAdjoint(eq, 1.0, 0.005);
        Random random = new Random(11);
        double[] g = gaussian(random, eq.grid().size());
        double[] omegaT = adjoint.solve(omega0, true);
        double[] gradient = adjoint.gradient(g);
        // the map is far from the identity: viscosity alone would not move omega this much
        NavierStokes2D viscousOnly = new NavierStokes2D(eq.grid(), eq.viscosity(), Forcing.none(), rule);
        double[] linear = new VorticityAdjoint(viscousOnly, 1.0, 0.005).solve(omega0, false);
        double nonlinearPart = Flows.relativeError(linear, omegaT);
        assertTrue(nonlinearPart > 0.2, "advection barely acted: " + nonlinearPart);
        for (int trial = 0; trial < 3; trial++) {
            double[] d = gaussian(random, eq.grid().size());
            double eps = 1e-4;
            double plus = dot(g, adjoint.solve(axpy(omega0, eps, d), false));
            double minus = dot(g, adjoint.solve(axpy(omega0, -eps, d), false));
            double differences = (plus - minus) / (2 * eps);
            double derivative = dot(gradient, d);
            assertEquals(differences, derivative, 1e-6 * Math.abs(differences), "direction " + trial);
        }
    }

    @Test
    void theGradientNeedsARecordingSolveAndKeepsItAcrossCotangents() {
        NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(16);
        double[] omega0 = Flows.randomModes(eq.grid(), 4, 10.0, 5);
        VorticityAdjoint adjoint = new VorticityAdjoint(eq, 0.1, 0.01);
        assertThrows(
                IllegalStateException.class,
                () -> adjoint.gradient(new double[eq.grid().size()]));
        adjoint.solve(omega0, true);
        Random random = new Random(2);
        double[] g = gaussian(random, eq.grid().size());
        double[] first = adjoint.gradient(g);
        double[] second = adjoint.gradient(g);
        assertEquals(0.0, Flows.relativeError(second, first), 0.0);
        adjoint.solve(omega0, false);
        assertThrows(IllegalStateException.class, () -> adjoint.gradient(g));
        assertThrows(IllegalArgumentException.class, () -> new VorticityAdjoint(eq, 0.0, 0.01));
        assertThrows(IllegalArgumentException.class, () -> new VorticityAdjoint(eq, 1.0, Double.NaN));
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    private static double[] axpy(double[] x, double a, double[] d) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * d[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
