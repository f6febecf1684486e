package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.progress.ProgressListener;

class IntegratorAgreementTest {

    @Test
    void imexConvergesToTheMethodOfLinesReferenceOnKolmogorovFlow() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(64);
        double[] omega0 = Flows.randomModes(equation.grid(), 4, 2.0, 21);
        double[] times = {0.5, 1.0};
        double[][] reference = MethodOfLinesIntegrator.dormandPrince853(1e-10)
                .integrate(equation, omega0, times, ProgressListener.NONE);
        double[][] coarse =
                ImexCrankNicolsonHeun.adaptive(0.5, 0.01).integrate(equation, omega0, times, ProgressListener.NONE);
        double[][] fine =
                ImexCrankNicolsonHeun.adaptive(0.5, 0.005).integrate(equation, omega0, times, ProgressListener.NONE);
        double eCoarse = Flows.relativeError(coarse[1], reference[1]);
        double eFine = Flows.relativeError(fine[1], reference[1]);
        System.out.printf(
                "Kolmogorov 64^2 T=1: IMEX(h<=0.01) vs DP853 %.3e, IMEX(h<=0.005) %.3e, ratio %.3f%n",
                eCoarse, eFine, eCoarse / eFine);
        // Stated tolerance 1e-3: on the similar flow of ConvergenceOrderTest the IMEX error is
        // ~6 h² (5.8e-4 at h = 0.01, T = 0.5), the reference's error is ~1e-10. The ratio shows that
        // the difference is the IMEX truncation error shrinking towards the reference (max|u| ~ 2.3
        // keeps the CFL step 0.5 dx / max|u| ~ 0.02 above both caps, so the caps are the steps).
        assertTrue(eCoarse < 1e-3, "difference " + eCoarse);
        assertTrue(eCoarse / eFine > 3.5 && eCoarse / eFine < 4.5, "ratio " + eCoarse / eFine);
    }

    @Test
    void integrationCommutesWithGridTranslationsThatPreserveTheForcing() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(32);
        double[] omega0 = Flows.randomModes(equation.grid(), 4, 2.0, 3);
        // -4 cos(4y) is invariant under any x shift and under y shifts by L/4 = 8 cells.
        int di = 5;
        int dj = 8;
        for (VorticityIntegrator integrator :
                List.of(ImexCrankNicolsonHeun.adaptive(0.5, 0.05), MethodOfLinesIntegrator.dormandPrince853(1e-9))) {
            double[] a = integrator.integrate(equation, omega0, new double[] {0.5}, ProgressListener.NONE)[0];
            double[] b = integrator
                    .integrate(
                            equation,
                            Flows.roll(equation.grid(), omega0, di, dj),
                            new double[] {0.5},
                            ProgressListener.NONE)[0];
            double error = Flows.relativeError(b, Flows.roll(equation.grid(), a, di, dj));
            // Only rounding differs between the two runs (adaptive steps see the same max|u|).
            assertTrue(error < 1e-10, integrator + " translation error " + error);
        }
    }

    @Test
    void sharedInstancesGiveIdenticalResultsOnConcurrentThreads() throws Exception {
        NavierStokes2D equation = NavierStokesPreset.LI2021.equation(16);
        List<VorticityIntegrator> integrators =
                List.of(ImexCrankNicolsonHeun.adaptive(0.5, 0.01), MethodOfLinesIntegrator.dormandPrince853(1e-8));
        double[] times = {0.2, 0.4};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (VorticityIntegrator integrator : integrators) {
                List<double[]> initial = new ArrayList<>();
                List<Future<double[][]>> futures = new ArrayList<>();
                for (int s = 0; s < 4; s++) {
                    double[] omega0 = Flows.randomModes(equation.grid(), 3, 1.0, 100 + s);
                    initial.add(omega0);
                    futures.add(
                            pool.submit(() -> integrator.integrate(equation, omega0, times, ProgressListener.NONE)));
                }
                for (int s = 0; s < 4; s++) {
                    double[][] sequential =
                            integrator.integrate(equation, initial.get(s), times, ProgressListener.NONE);
                    double[][] concurrent = futures.get(s).get();
                    for (int k = 0; k < times.length; k++) {
                        // Same arithmetic in the same order on every thread: bitwise equal.
                        assertArrayEquals(sequential[k], concurrent[k], 0.0);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void progressIsMonotoneInSimulatedTimeAndEndsAtTheLastSnapshot() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(16);
        double[] omega0 = Flows.randomModes(equation.grid(), 3, 1.0, 1);
        double[] times = {0.1, 0.3};
        for (VorticityIntegrator integrator :
                List.of(ImexCrankNicolsonHeun.fixedStep(0.01), MethodOfLinesIntegrator.dormandPrince853(1e-8))) {
            List<double[]> reports = new ArrayList<>();
            double[][] snapshots = integrator.integrate(
                    equation, omega0, times, (done, total) -> reports.add(new double[] {done, total}));
            assertEquals(2, snapshots.length);
            assertTrue(reports.size() >= 3, "only " + reports.size() + " reports");
            double previous = 0;
            for (double[] r : reports) {
                assertEquals(0.3, r[1], 0.0);
                assertTrue(r[0] >= previous && r[0] <= r[1], "non-monotone progress " + r[0]);
                previous = r[0];
            }
            assertEquals(0.3, previous, 0.0);
        }
    }

    @Test
    void snapshotAtTimeZeroIsTheInitialField() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(16);
        double[] omega0 = Flows.randomModes(equation.grid(), 3, 1.0, 2);
        for (VorticityIntegrator integrator :
                List.of(ImexCrankNicolsonHeun.fixedStep(0.01), MethodOfLinesIntegrator.dormandPrince853(1e-8))) {
            double[] w = integrator.integrate(equation, omega0, new double[] {0.0, 0.1}, ProgressListener.NONE)[0];
            // Forward and inverse FFT only.
            assertArrayEquals(omega0, w, 1e-14);
        }
    }

    @Test
    void rejectsBadArguments() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(16);
        double[] omega0 = new double[256];
        VorticityIntegrator imex = ImexCrankNicolsonHeun.fixedStep(0.01);
        assertThrows(
                IllegalArgumentException.class,
                () -> imex.integrate(equation, omega0, new double[] {0.2, 0.1}, ProgressListener.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> imex.integrate(equation, omega0, new double[] {-1}, ProgressListener.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> imex.integrate(equation, omega0, new double[0], ProgressListener.NONE));
        assertThrows(
                IllegalArgumentException.class,
                () -> imex.integrate(equation, new double[255], new double[] {1}, ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> ImexCrankNicolsonHeun.adaptive(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> ImexCrankNicolsonHeun.fixedStep(-0.1));
        assertThrows(IllegalArgumentException.class, () -> MethodOfLinesIntegrator.dormandPrince853(0));
    }

    @Test
    void blowUpIsReportedNotReturned() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(32);
        double[] omega0 = Flows.randomModes(equation.grid(), 4, 40.0, 3);
        // A fixed step 20x beyond the CFL limit makes Heun's method explode.
        assertThrows(
                IllegalStateException.class,
                () -> ImexCrankNicolsonHeun.fixedStep(0.5)
                        .integrate(equation, omega0, new double[] {200}, ProgressListener.NONE));
    }
}
