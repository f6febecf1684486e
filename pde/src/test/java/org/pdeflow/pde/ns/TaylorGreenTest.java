package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Taylor-Green vortex ω = 2k²A sin(kx) sin(ky): ω is proportional to ψ, so u·∇ω = 0 exactly and
 * the flow decays as exp(-2νk²t) (Taylor &amp; Green 1937).
 */
class TaylorGreenTest {

    private static final double NU = 0.05;
    private static final int K = 2;
    private static final double[] TIMES = {0.25, 0.5, 1.0};
    private static final Grid2D GRID = Grid2D.periodic(16, 2 * Math.PI);
    private static final NavierStokes2D EQUATION = new NavierStokes2D(GRID, NU, Forcing.none());
    private static final double[] OMEGA0 = Flows.taylorGreen(GRID, K, 1.0);

    private static double[] exact(double t) {
        double[] w = OMEGA0.clone();
        double decay = Math.exp(-2 * NU * K * K * t);
        for (int p = 0; p < w.length; p++) {
            w[p] *= decay;
        }
        return w;
    }

    @Test
    void methodOfLinesDecaysAtTheAnalyticRate() {
        double[][] w = MethodOfLinesIntegrator.dormandPrince853(1e-10)
                .integrate(EQUATION, OMEGA0, TIMES, ProgressListener.NONE);
        for (int k = 0; k < TIMES.length; k++) {
            double error = Flows.relativeError(w[k], exact(TIMES[k]));
            // Tolerance 1e-10 on a field of RMS ~4: global error a few 1e-10 relative at most; 1e-8 leaves margin.
            assertTrue(error < 1e-8, "t=" + TIMES[k] + " error " + error);
        }
    }

    @Test
    void imexDecaysAtTheAnalyticRateWithinItsTruncationError() {
        double h = 0.01;
        double[][] w = ImexCrankNicolsonHeun.adaptive(0.5, h).integrate(EQUATION, OMEGA0, TIMES, ProgressListener.NONE);
        double lambda = 2 * NU * K * K;
        for (int k = 0; k < TIMES.length; k++) {
            double error = Flows.relativeError(w[k], exact(TIMES[k]));
            // Crank-Nicolson's local error is (λh)³/12, so the global relative error is ~ t λ³ h² / 12
            // (here 5e-7 at t = 1); the CFL step (0.5 dx / max|u| ~ 0.1) exceeds h, so h is the step.
            double bound = 1.5 * TIMES[k] * Math.pow(lambda, 3) * h * h / 12;
            assertTrue(error < bound, "t=" + TIMES[k] + " error " + error + " bound " + bound);
            assertTrue(error > 0.2 * bound, "error suspiciously small: " + error);
        }
    }

    @Test
    void imexWithFixedStepIsExactlyCrankNicolsonOnTheLinearPart() {
        double h = 0.05;
        double[][] w = ImexCrankNicolsonHeun.fixedStep(h).integrate(EQUATION, OMEGA0, TIMES, ProgressListener.NONE);
        double z = -2 * NU * K * K * h;
        double amplification = (1 + z / 2) / (1 - z / 2);
        for (int k = 0; k < TIMES.length; k++) {
            int steps = (int) Math.round(TIMES[k] / h);
            double factor = Math.pow(amplification, steps);
            for (int p = 0; p < OMEGA0.length; p++) {
                // The advection term cancels to rounding, so only FFT round-off (~1e-15 relative) remains.
                assertEquals(factor * OMEGA0[p], w[k][p], 1e-12 * 8);
            }
        }
    }
}
