package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Long-time stability of the adaptive IMEX stepper at its default Courant number and at the
 * largest one the command line accepts ({@link ImexCrankNicolsonHeun#MAX_COURANT}) on a developed,
 * well-resolved Kolmogorov flow (Re 200, 128², t = 0..8), checked against the DP853 reference; and
 * the divergence check that stops an unstable run.
 *
 * <p>Heun's method is unstable for pure advection (its stability region misses the imaginary
 * axis); at C = 0.5 this run grows grid-scale noise and ends 16 % from the reference with a
 * vorticity maximum 38 % too high. The bound of 2 % leaves room for the chaotic growth of the
 * stepper's O(h²) error over eight time units (measured: 0.25 % at C = 0.25, 0.4 % at 0.338).
 */
class ImexStabilityTest {

    private static double[] start(int n) {
        return new PeriodicGaussianField(Grid2D.periodic(n, 1.0), GrfSpec.nsFno())
                .sample(RandomGeneratorFactory.of("L64X128MixRandom").create(0));
    }

    @Test
    void defaultAndLargestCourantStayOnTheReferenceTrajectory() {
        NavierStokes2D ns = NavierStokesPreset.KOLMOGOROV.equation(128);
        double[] w0 = start(128);
        double[] t = {8.0};
        double[] ref = MethodOfLinesIntegrator.dormandPrince853(1e-8).integrate(ns, w0, t, ProgressListener.NONE)[0];
        for (double courant : new double[] {ImexCrankNicolsonHeun.DEFAULT_COURANT, ImexCrankNicolsonHeun.MAX_COURANT}) {
            double[] imex =
                    ImexCrankNicolsonHeun.adaptive(courant, 0.01).integrate(ns, w0, t, ProgressListener.NONE)[0];
            double num = 0;
            double den = 0;
            double maxImex = 0;
            double maxRef = 0;
            for (int k = 0; k < ref.length; k++) {
                num += (imex[k] - ref[k]) * (imex[k] - ref[k]);
                den += ref[k] * ref[k];
                maxImex = Math.max(maxImex, Math.abs(imex[k]));
                maxRef = Math.max(maxRef, Math.abs(ref[k]));
            }
            double rel = Math.sqrt(num / den);
            assertTrue(rel < 0.02, "IMEX at C = " + courant + " is " + rel + " from DP853 at t = 8");
            assertTrue(
                    Math.abs(maxImex / maxRef - 1) < 0.02,
                    "C = " + courant + ": max |w|: IMEX " + maxImex + ", reference " + maxRef);
        }
    }

    private static double rmsAboutMean(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    @Test
    void theFluctuationBoundHoldsAlongReferenceRuns() {
        // The energy-estimate bound holds for the exact flow: check it along accurate DP853
        // trajectories of both forced presets and of an unforced, nearly inviscid flow (where it is tight).
        List<NavierStokes2D> equations = List.of(
                NavierStokesPreset.KOLMOGOROV.equation(32),
                NavierStokesPreset.LI2021.equation(32),
                new NavierStokes2D(Grid2D.periodic(32, 2 * Math.PI), 1e-6, Forcing.none()));
        for (NavierStokes2D ns : equations) {
            double[] w0 = start(32);
            double[] times = {0.5, 1, 2, 4, 8};
            double[][] traj =
                    MethodOfLinesIntegrator.dormandPrince853(1e-9).integrate(ns, w0, times, ProgressListener.NONE);
            assertTrue(rmsAboutMean(w0) <= ns.fluctuationBound(w0, 0) * (1 + 1e-12), "t = 0");
            for (int k = 0; k < times.length; k++) {
                double rms = rmsAboutMean(traj[k]);
                double bound = ns.fluctuationBound(w0, times[k]);
                assertTrue(
                        rms <= bound * (1 + 1e-6),
                        ns.forcing() + " at t = " + times[k] + ": rms " + rms + " > bound " + bound);
            }
        }
    }

    @Test
    void aNearlyInviscidRunThatGrowsIsStopped() {
        // Unforced, nu = 1e-9: the exact flow keeps its rms vorticity; Heun's growth at the cut-off
        // makes it rise even at C = 0.3, and the run must stop rather than return the grown field.
        NavierStokes2D ns = new NavierStokes2D(Grid2D.periodic(32, 2 * Math.PI), 1e-9, Forcing.none());
        double[] w0 = Flows.randomModes(ns.grid(), 4, 40.0, 3);
        assertThrows(
                DivergenceException.class,
                () -> ImexCrankNicolsonHeun.adaptive(0.3, 0.05)
                        .integrate(ns, w0, new double[] {100}, ProgressListener.NONE));
    }

    @Test
    void anUnstableRunStopsInsteadOfGrinding() {
        // C = 2 is far outside the usable range: the flow blows up, and the run must stop soon after
        // (not shrink its CFL step without end).
        NavierStokes2D ns = NavierStokesPreset.KOLMOGOROV.equation(64);
        double[] w0 = start(64);
        long t0 = System.nanoTime();
        DivergenceException e = assertThrows(
                DivergenceException.class,
                () -> ImexCrankNicolsonHeun.adaptive(2.0, 0.05)
                        .integrate(ns, w0, new double[] {8}, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("Courant"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "stopped promptly");
    }
}
