package org.pdeflow.pde.wave;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Checks with variable velocity and a sponge, where no closed-form solution exists: discrete
 * source-receiver reciprocity, and convergence of leapfrog in dt towards an independent
 * high-accuracy method-of-lines solution of the same semi-discrete system.
 */
class SchemeConsistencyTest {

    private static final Grid2D GRID = new Grid2D(41, 33, 800.0, 640.0, Layout.NODE); // h = 20 m

    private static double[] velocity() {
        double[] c = new double[GRID.size()];
        for (int i = 0; i < GRID.nx(); i++) {
            for (int j = 0; j < GRID.ny(); j++) {
                double x = GRID.x(i);
                double y = GRID.y(j);
                // a smooth lens in a gradient, 1500 to 2670 m/s
                double lens = 800 * Math.exp(-((x - 450) * (x - 450) + (y - 300) * (y - 300)) / (2 * 120.0 * 120.0));
                c[GRID.index(i, j)] = 1500 + 1.2 * y + lens;
            }
        }
        return c;
    }

    @Test
    void sourceReceiverReciprocity() {
        // Multiplying the scheme by diag(1/c^2) makes every spatial matrix symmetric (1/c^2 (1 +- sigma
        // dt/2) diagonal, the 5-point Laplacian symmetric), so its discrete Green's function is symmetric
        // and trace(a -> b) c(a)^2 = trace(b -> a) c(b)^2 for points on grid nodes. The wavelet is delayed
        // by 3/f so that w(0) = 4e-39: the Taylor first step, which breaks the symmetry, then sees nothing.
        double[] c = velocity();
        AcousticWave2D eq = new AcousticWave2D(GRID, c, new AbsorbingLayer(12, 5.0));
        RickerWavelet w = new RickerWavelet(15.0, 3.0 / 15.0, 1.0);
        double ax = 200;
        double ay = 100;
        double bx = 620;
        double by = 520;
        double ca = c[GRID.index(10, 5)];
        double cb = c[GRID.index(31, 26)];
        LeapfrogIntegrator lf = new LeapfrogIntegrator();
        double[] ab = lf.record(
                        eq,
                        List.of(new PointSource(ax, ay, w)),
                        List.of(new Receiver(bx, by)),
                        0.8,
                        0.004,
                        ProgressListener.NONE)[0];
        double[] ba = lf.record(
                        eq,
                        List.of(new PointSource(bx, by, w)),
                        List.of(new Receiver(ax, ay)),
                        0.8,
                        0.004,
                        ProgressListener.NONE)[0];
        double peak = 0;
        double diff = 0;
        for (int k = 0; k < ab.length; k++) {
            peak = Math.max(peak, Math.abs(ab[k] * ca * ca));
            diff = Math.max(diff, Math.abs(ab[k] * ca * ca - ba[k] * cb * cb));
        }
        System.out.printf(
                "reciprocity: max |G_ab c_a^2 - G_ba c_b^2| / peak = %.2e (c_a = %.0f, c_b = %.0f m/s)%n",
                diff / peak, ca, cb);
        // roundoff only: the two runs sum the same terms in a different order
        assertTrue(peak > 0 && diff < 1e-10 * peak, "reciprocity defect " + diff / peak);
        // and the velocity scaling matters (c_a != c_b by 30 %), so an unscaled comparison fails
        double unscaled = 0;
        for (int k = 0; k < ab.length; k++) {
            unscaled = Math.max(unscaled, Math.abs(ab[k] - ba[k]));
        }
        assertTrue(unscaled > 0.1 * peak / (ca * ca), "scaling not exercised");
    }

    @Test
    void leapfrogConvergesInTimeToMethodOfLines() {
        // Same semi-discrete system (variable c, sponge, two sources, off-grid points); DP853 at
        // tolerance 1e-12 is the reference, its error far below leapfrog's O(dt^2).
        double[] c = velocity();
        AcousticWave2D eq = new AcousticWave2D(GRID, c, new AbsorbingLayer(10, 5.0));
        List<PointSource> sources = List.of(
                new PointSource(213.0, 157.0, RickerWavelet.of(12.0)),
                new PointSource(555.5, 400.0, new RickerWavelet(8.0, 0.25, -0.7)));
        List<Receiver> receivers =
                List.of(new Receiver(407.0, 333.0), new Receiver(700.0, 100.0), new Receiver(5.0, 630.0));
        double duration = 0.6;
        double sample = 0.008;
        double[][] ref = WaveMethodOfLinesIntegrator.dormandPrince853(1e-14, 1e-12)
                .record(eq, sources, receivers, duration, sample, ProgressListener.NONE);
        double[] dts = {0.004, 0.002, 0.001}; // Courant 0.76 / 0.38 / 0.19 (c_max = 2670 m/s)
        double[] err = new double[dts.length];
        double peak = 0;
        for (double[] t : ref) {
            for (double v : t) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        for (int m = 0; m < dts.length; m++) {
            double[][] lf = LeapfrogIntegrator.withTimeStep(dts[m])
                    .record(eq, sources, receivers, duration, sample, ProgressListener.NONE);
            for (int r = 0; r < ref.length; r++) {
                for (int k = 0; k < ref[r].length; k++) {
                    err[m] = Math.max(err[m], Math.abs(lf[r][k] - ref[r][k]) / peak);
                }
            }
        }
        double r1 = err[0] / err[1];
        double r2 = err[1] / err[2];
        System.out.printf(
                "leapfrog vs DP853 (sponge, variable c): errors %.3e %.3e %.3e, ratios %.3f %.3f%n",
                err[0], err[1], err[2], r1, r2);
        // second order in time: ratios 4 within 10 %
        assertTrue(r1 > 3.6 && r1 < 4.4, "ratio " + r1);
        assertTrue(r2 > 3.6 && r2 < 4.4, "ratio " + r2);
    }
}
