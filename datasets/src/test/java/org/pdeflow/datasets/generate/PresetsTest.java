package org.pdeflow.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.elliptic.HelmholtzSolver;
import org.pdeflow.pde.elliptic.PoissonSolver;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Each preset's stored samples, read back from the file, satisfy their equations: the elliptic
 * ones through the solvers' stencil residuals (computed from the stencil, not the factorised
 * matrix), Navier-Stokes by re-integration, the wave preset by the structure of its velocity model.
 */
class PresetsTest {

    @TempDir
    Path dir;

    private DatasetReader generate(SampleProblem problem, int n, String name) throws IOException {
        Path file = dir.resolve(name);
        new DatasetGenerator(problem, n, 2024, Precision.FLOAT64, "test")
                .generate(file, new DatasetGenerator.Options(2, false, false), ProgressListener.NONE);
        return DatasetReader.open(file);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void darcySamplesSolveTheirDiscreteEquation() throws IOException {
        int s = 24;
        DarcySolver solver = new DarcySolver(Grid2D.nodes(s, 1.0));
        double[] f = new double[s * s];
        Arrays.fill(f, 1.0);
        try (DatasetReader r = generate(new DarcyProblem(s), 8, "darcy.h5")) {
            for (int i = 0; i < r.sampleCount(); i++) {
                double[] a = r.readSample("a", i);
                double[] u = r.readSample("u", i);
                int high = 0;
                for (double v : a) {
                    assertTrue(v == 12.0 || v == 3.0, "a takes the values 12 and 3");
                    high += v == 12.0 ? 1 : 0;
                }
                assertTrue(high > 0 && high < a.length, "both values occur");
                // Direct solve: the residual is rounding, ~1e-16 x ||A|| ||u|| ~ 1e-16 x 12 x 4 / h^2 x 0.1.
                // 1e-9 (relative to f = 1) leaves a wide margin yet catches any stored-field mix-up.
                assertTrue(maxAbs(solver.residual(a, u, f)) < 1e-9, "residual of sample " + i);
                assertEquals(0.0, u[0]);
                assertTrue(maxAbs(u) > 1e-3, "non-trivial solution");
            }
            assertArrayEquals(new double[] {0, 1.0 / 23, 2.0 / 23}, Arrays.copyOf(r.coordinate("x"), 3), 1e-15);
        }
    }

    @Test
    void poissonAndHelmholtzSamplesSolveTheirDiscreteEquations() throws IOException {
        int s = 20;
        Grid2D grid = Grid2D.nodes(s, 1.0);
        PoissonSolver poisson = new PoissonSolver(grid);
        HelmholtzSolver helmholtz = new HelmholtzSolver(grid, -1.0);
        try (DatasetReader p = generate(SourceProblem.poisson(s), 8, "poisson.h5");
                DatasetReader h = generate(SourceProblem.helmholtz(s), 8, "helmholtz.h5")) {
            assertEquals(-1.0, h.requireDouble("k_squared"));
            for (int i = 0; i < 8; i++) {
                double[] a = p.readSample("a", i);
                double[] u = p.readSample("u", i);
                // Tolerance relative to the source size, same rounding argument as for Darcy.
                assertTrue(maxAbs(poisson.residual(u, a)) < 1e-9 * Math.max(1, maxAbs(a)), "Poisson residual " + i);
                double[] ah = h.readSample("a", i);
                double[] uh = h.readSample("u", i);
                assertTrue(
                        maxAbs(helmholtz.residual(uh, ah)) < 1e-9 * Math.max(1, maxAbs(ah)), "Helmholtz residual " + i);
                // Same seed and same source law: the two files share their sources.
                assertArrayEquals(a, ah);
                // A = -Lap_h is symmetric positive definite, and 1/(lambda + 1) < 1/lambda on each of
                // its eigenvectors, so ||(A + I)^-1 a|| < ||A^-1 a|| for every a != 0.
                assertTrue(norm(uh) < norm(u), "screening shrinks the solution");
            }
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void inverseBenchNsStoresTheStateAfterBurnInAndItsFuture() throws IOException {
        int s = 16;
        NavierStokesProblem problem = NavierStokesProblem.inverseBench(s, 0.5, 0.2, 2);
        try (DatasetReader r = generate(problem, 2, "ns.h5")) {
            assertArrayEquals(new int[] {2, s, s}, r.sampleShape("u"));
            assertArrayEquals(new double[] {0.1, 0.2}, r.coordinate("t"), 1e-15);
            assertEquals(2 * Math.PI * (s - 1) / s, r.coordinate("x")[s - 1], 1e-15);
            assertEquals(200.0, r.requireDouble("reynolds"), 1e-12);
            ImexCrankNicolsonHeun imex =
                    ImexCrankNicolsonHeun.adaptive(NavierStokesProblem.COURANT, NavierStokesProblem.MAX_STEP);
            for (int i = 0; i < 2; i++) {
                double[] a = r.readSample("a", i);
                double[] u = r.readSample("u", i);
                // a is not the Gaussian start: it has been evolved for the burn-in.
                double[] w0 = new PeriodicGaussianField(Grid2D.periodic(s, 1.0), GrfSpec.nsFno())
                        .sample(SampleStreams.forSample(2024, i));
                assertTrue(relative(a, w0) > 1e-3, "burn-in changed the field");
                // Restarting from a must reproduce the stored future up to the integrator's error (the
                // restart re-derives its CFL steps; measured relative difference 5e-8 at 16^2);
                // 1e-6 leaves a margin of 20 and fails for any mix-up of stored fields or times.
                double[][] again =
                        imex.integrate(problem.equation(), a, new double[] {0.1, 0.2}, ProgressListener.NONE);
                assertTrue(relative(again[0], Arrays.copyOfRange(u, 0, s * s)) < 1e-6, "t = 0.1 of sample " + i);
                assertTrue(
                        relative(again[1], Arrays.copyOfRange(u, s * s, 2 * s * s)) < 1e-6, "t = 0.2 of sample " + i);
            }
        }
    }

    @Test
    void li2021NsStartsFromTheGaussianField() throws IOException {
        int s = 16;
        try (DatasetReader r = generate(NavierStokesProblem.li2021(s, 2), 2, "li.h5")) {
            assertArrayEquals(new double[] {1, 2}, r.coordinate("t"));
            assertEquals(1e-3, r.requireDouble("viscosity"));
            for (int i = 0; i < 2; i++) {
                double[] w0 = new PeriodicGaussianField(Grid2D.periodic(s, 1.0), GrfSpec.nsFno())
                        .sample(SampleStreams.forSample(2024, i));
                assertArrayEquals(w0, r.readSample("a", i), "a = the GRF draw of sample " + i);
            }
        }
    }

    private static double relative(double[] x, double[] y) {
        double d = 0;
        double n = 0;
        for (int k = 0; k < x.length; k++) {
            d += (x[k] - y[k]) * (x[k] - y[k]);
            n += y[k] * y[k];
        }
        return Math.sqrt(d / n);
    }

    @Test
    void waveVelocityModelsAreLayeredAndTracesRecordTheShot() throws IOException {
        int s = 16;
        LayeredWaveProblem problem = LayeredWaveProblem.defaults(s);
        try (DatasetReader r = generate(problem, 4, "wave.h5")) {
            int k = r.coordinate("t").length;
            assertArrayEquals(new int[] {s, k}, r.sampleShape("u"));
            assertEquals(problem.duration(), r.coordinate("t")[k - 1], 1e-12);
            assertEquals(List.of("receiver", "t"), r.axes("u"));
            for (int i = 0; i < 4; i++) {
                double[] c = r.readSample("a", i);
                for (int x = 0; x < s; x++) {
                    for (int y = 0; y < s; y++) {
                        double v = c[x * s + y];
                        assertEquals(c[y], v, "constant along x");
                        assertTrue(v >= 1500 && v <= 4500, "velocity in range");
                        if (y > 0) {
                            assertTrue(v >= c[x * s + y - 1], "velocity increases with depth");
                        }
                    }
                }
                double[] traces = r.readSample("u", i);
                // The receiver above the source sees nothing before the wavelet starts (1e-8 of its
                // peak at t = 0) and a clear signal later.
                int mid = (s - 1) / 2;
                assertTrue(Math.abs(traces[mid * k]) < 1e-6 * maxAbs(traces), "quiet at t = 0");
                assertTrue(maxAbs(Arrays.copyOfRange(traces, mid * k, (mid + 1) * k)) > 0, "signal recorded");
            }
        }
    }
}
