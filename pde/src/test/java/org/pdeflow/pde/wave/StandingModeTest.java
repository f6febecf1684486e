package org.pdeflow.pde.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Dirichlet standing mode u = sin(m pi x / Lx) sin(n pi y / Ly) cos(omega t),
 * omega = c pi sqrt((m/Lx)^2 + (n/Ly)^2), an exact solution of u_tt = c^2 Lap u with u = 0 on the
 * boundary (rigid). Both integrators must converge at second order (5-point Laplacian; leapfrog also
 * second order in time) when h and dt halve: error ratios near 4.
 */
class StandingModeTest {

    private static final double LX = 1000.0;
    private static final double LY = 800.0;
    private static final int M = 1;
    private static final int N = 2;
    private static final double T = 1.0;
    /**
     * c = 1671 m/s, chosen so that omega T = 4.5 pi: there |sin(omega T)| = 1 and the final-time error
     * is linear in the O(h^2) phase error (near omega T = k pi it would be quadratic in it).
     */
    private static final double C = 4.5 / Math.hypot((double) M / LX, (double) N / LY);

    private static final double OMEGA = C * Math.PI * Math.hypot((double) M / LX, (double) N / LY);

    /** Nodes per axis for the 3 grids, h halving: (17, 13), (33, 25), (65, 49); dx = 62.5 / 2^k, dy = 66.7 / 2^k. */
    private static Grid2D grid(int level) {
        int s = 1 << level;
        return new Grid2D(16 * s + 1, 12 * s + 1, LX, LY, Layout.NODE);
    }

    private static double mode(double x, double y) {
        return Math.sin(M * Math.PI * x / LX) * Math.sin(N * Math.PI * y / LY);
    }

    private static double[] initial(Grid2D g) {
        double[] u = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                u[g.index(i, j)] = mode(g.x(i), g.y(j));
            }
        }
        return u;
    }

    /** Off-grid receivers, to check the bilinear interpolation as well. */
    private static final List<Receiver> RECEIVERS =
            List.of(new Receiver(123.4, 321.0), new Receiver(777.7, 55.5), new Receiver(500.0, 610.3));

    /**
     * Returns {max over nodes of |(u - u_exact, (u_t - u_t,exact) / omega)| at T, max trace error}. The
     * first is the error in the (u, u_t / omega) phase plane, 2 |sin(delta / 2)| times the mode for a
     * phase error delta = (omega_h - omega) T, hence linear in the O(h^2) dispersion error at any T.
     */
    private static double[] errors(WaveIntegrator integrator, int level) {
        Grid2D g = grid(level);
        AcousticWave2D eq = AcousticWave2D.homogeneous(g, C, AbsorbingLayer.NONE);
        double sample = 0.05;
        WaveSolution sol =
                integrator.solve(eq, initial(g), null, List.of(), RECEIVERS, T, sample, ProgressListener.NONE);
        double eu = 0;
        double ct = Math.cos(OMEGA * T);
        double st = -OMEGA * Math.sin(OMEGA * T);
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                double m = mode(g.x(i), g.y(j));
                double du = sol.displacement()[g.index(i, j)] - m * ct;
                double dv = (sol.velocity()[g.index(i, j)] - m * st) / OMEGA;
                eu = Math.max(eu, Math.hypot(du, dv));
            }
        }
        double et = 0;
        for (int r = 0; r < RECEIVERS.size(); r++) {
            double m = mode(RECEIVERS.get(r).x(), RECEIVERS.get(r).y());
            for (int k = 0; k < sol.sampleCount(); k++) {
                et = Math.max(et, Math.abs(sol.traces()[r][k] - m * Math.cos(OMEGA * k * sample)));
            }
        }
        assertEquals(21, sol.sampleCount());
        assertEquals(T, sol.endTime(), 1e-12);
        return new double[] {eu, et};
    }

    private static void assertSecondOrder(WaveIntegrator[] integrators, String name) {
        double[][] e = new double[3][];
        for (int level = 0; level < 3; level++) {
            e[level] = errors(integrators[level], level);
        }
        String[] what = {"(u, u_t)(T)", "traces"};
        for (int q = 0; q < what.length; q++) {
            double r1 = e[0][q] / e[1][q];
            double r2 = e[1][q] / e[2][q];
            System.out.printf(
                    "%s %s errors %.3e %.3e %.3e ratios %.3f %.3f%n", name, what[q], e[0][q], e[1][q], e[2][q], r1, r2);
            // second order: ratio 4; [3.5, 4.5] leaves room for pre-asymptotic terms but rejects order 1 or 3
            assertTrue(r1 > 3.5 && r1 < 4.5, name + " " + what[q] + " ratio " + r1);
            assertTrue(r2 > 3.5 && r2 < 4.5, name + " " + what[q] + " ratio " + r2);
        }
        // finest grid (24 cells per half wavelength along y) after 2.25 periods: phase error well below 1 %
        assertTrue(e[2][0] < 0.01, "fine-grid error " + e[2][0]);
    }

    @Test
    void leapfrogConvergesAtSecondOrder() {
        // dt halves with h: 0.025, 0.0125, 0.00625 s (Courant 0.92 on every grid), dividing the 0.05 s samples
        WaveIntegrator[] lf = {
            LeapfrogIntegrator.withTimeStep(0.025),
            LeapfrogIntegrator.withTimeStep(0.0125),
            LeapfrogIntegrator.withTimeStep(0.00625)
        };
        assertSecondOrder(lf, "leapfrog");
    }

    @Test
    void methodOfLinesConvergesAtSecondOrder() {
        // RK4 at the reference step: the time error is O(dt^4), so the spatial O(h^2) dominates
        WaveMethodOfLinesIntegrator rk4 = WaveMethodOfLinesIntegrator.rungeKutta4();
        assertSecondOrder(new WaveIntegrator[] {rk4, rk4, rk4}, "mol-rk4");
    }

    @Test
    void automaticStepRespectsCourantAndDividesSamples() {
        Grid2D g = grid(1);
        AcousticWave2D eq = AcousticWave2D.homogeneous(g, C, AbsorbingLayer.NONE);
        LeapfrogIntegrator lf = new LeapfrogIntegrator();
        double dt = lf.timeStep(eq, 0.05);
        double nu = C * dt * Math.sqrt(1 / (g.dx() * g.dx()) + 1 / (g.dy() * g.dy()));
        assertTrue(nu <= LeapfrogIntegrator.DEFAULT_COURANT + 1e-12, "Courant " + nu);
        double steps = 0.05 / dt;
        assertEquals(Math.rint(steps), steps, 1e-9);
        // the next larger step dividing the interval would break the Courant bound
        double bigger = 0.05 / (Math.rint(steps) - 1);
        assertTrue(C * bigger * Math.sqrt(1 / (g.dx() * g.dx()) + 1 / (g.dy() * g.dy()))
                > LeapfrogIntegrator.DEFAULT_COURANT);
    }
}
