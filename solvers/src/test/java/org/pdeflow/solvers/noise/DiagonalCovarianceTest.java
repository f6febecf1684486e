package org.pdeflow.solvers.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/** Fourier-diagonal covariances against dense matrices built from their defining formulas. */
class DiagonalCovarianceTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Dense covariance (1 / (H W)) sum_m c_m cos(2 pi (m1 di / H + m2 dj / W)) of one channel. */
    private static double[][] dense(double[] c, int h, int w) {
        int n = h * w;
        double[][] a = new double[n][n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                int di = p / w - q / w;
                int dj = p % w - q % w;
                double s = 0;
                for (int m1 = 0; m1 < h; m1++) {
                    for (int m2 = 0; m2 < w; m2++) {
                        s += c[m1 * w + m2] * Math.cos(2 * Math.PI * ((double) m1 * di / h + (double) m2 * dj / w));
                    }
                }
                a[p][q] = s / n;
            }
        }
        return a;
    }

    private static double[] anisotropic(int h, int w) {
        double[] c = new double[h * w];
        for (int m1 = 0; m1 < h; m1++) {
            for (int m2 = 0; m2 < w; m2++) {
                int k1 = m1 <= h / 2 ? m1 : m1 - h;
                int k2 = m2 <= w / 2 ? m2 : m2 - w;
                // Even under k -> -k but not under k1 -> -k1 alone (a sheared spectrum); the shear term
                // is dropped on Nyquist modes, where +-n/2 name the same mode.
                int shear = 2 * Math.abs(k1) == h || 2 * Math.abs(k2) == w ? 0 : k1 * k2;
                c[m1 * w + m2] = 1.0 / (1 + k1 * k1 + k2 * k2 + shear);
            }
        }
        return c;
    }

    @Test
    void denseAndFftPathsMatchTheDefiningMatrix() {
        for (int[] hw : new int[][] {{4, 6}, {5, 4}, {16, 16}}) {
            int h = hw[0];
            int w = hw[1];
            double[] c = anisotropic(h, w);
            double[][] a = dense(c, h, w);
            DiagonalCovariance cov = DiagonalCovariance.fourier(1, h, w, c);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.randomNormal(0f, 1f, new Shape(2, 1, h, w), DataType.FLOAT64);
                double[] xv = x.toDoubleArray();
                NDArray d = cov.eigenvalues(m, DataType.FLOAT64);
                double[] viaDense = DiagonalCovariance.applyDense(x, d, h, w).toDoubleArray();
                double[] viaFft = DiagonalCovariance.applyFft(x, d).toDoubleArray();
                int n = h * w;
                double worst = 0;
                for (int b = 0; b < 2; b++) {
                    for (int p = 0; p < n; p++) {
                        double expect = 0;
                        for (int q = 0; q < n; q++) {
                            expect += a[p][q] * xv[b * n + q];
                        }
                        worst = Math.max(worst, Math.abs(viaDense[b * n + p] - expect));
                        worst = Math.max(worst, Math.abs(viaFft[b * n + p] - expect));
                    }
                }
                // float64 transforms of O(1) data: round-off of order 1e-15 * sqrt(n) log n.
                assertTrue(worst < 1e-12, h + "x" + w + ": worst deviation " + worst);
            }
        }
    }

    @Test
    void periodicFieldMatchesThePdeSamplerCovariance() {
        // PeriodicGaussianField documents E[u(p) u(q)] = (1 / (lx ly)) sum_m lambda_k(m) cos(...) with
        // lambda / (lx ly) = modeVariance; our covariance must be that matrix.
        Grid2D grid = new Grid2D(6, 4, 2.0, 1.5, Layout.PERIODIC);
        PeriodicGaussianField field = new PeriodicGaussianField(grid, GrfSpec.of(2.0, 3.0));
        DiagonalCovariance cov = DiagonalCovariance.periodicField(field, 1);
        int h = 6;
        int w = 4;
        double[][] expected = new double[h * w][h * w];
        for (int p = 0; p < h * w; p++) {
            for (int q = 0; q < h * w; q++) {
                double s = 0;
                for (int m1 = 0; m1 < h; m1++) {
                    for (int m2 = 0; m2 < w; m2++) {
                        int k1 = Math.min(m1, h - m1);
                        int k2 = Math.min(m2, w - m2);
                        s += field.modeVariance(k1, k2)
                                * Math.cos(2
                                        * Math.PI
                                        * ((double) m1 * (p / w - q / w) / h + (double) m2 * (p % w - q % w) / w));
                    }
                }
                expected[p][q] = s;
            }
        }
        double[][] actual = dense(cov.eigenvalueArray(), h, w);
        for (int p = 0; p < h * w; p++) {
            for (int q = 0; q < h * w; q++) {
                assertEquals(expected[p][q], actual[p][q], 1e-14 * Math.abs(expected[0][0]));
            }
        }
    }

    @Test
    void stationaryKernelReproducesTheKernel() {
        // FunDPS' exponential kernel, periodised: the covariance of pixel (0,0) with (i,j) must be k(offset).
        int h = 8;
        int w = 8;
        double scale = 0.3;
        DiagonalCovariance cov = DiagonalCovariance.stationaryKernel(
                1, h, w, 1.0 / h, 1.0 / w, (dx, dy) -> Math.exp(-Math.hypot(dx, dy) / (2 * scale * scale)));
        double[][] a = dense(cov.eigenvalueArray(), h, w);
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                double dx = Math.min(i, h - i) / (double) h;
                double dy = Math.min(j, w - j) / (double) w;
                assertEquals(Math.exp(-Math.hypot(dx, dy) / (2 * scale * scale)), a[0][i * w + j], 1e-12);
            }
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> DiagonalCovariance.stationaryKernel(
                        1, h, w, 1.0 / h, 1.0 / w, (dx, dy) -> dx < 1e-12 && dy < 1e-12 ? 0.0 : 1.0));
    }

    @Test
    void grfNoiseHasTheRequestedCovariance() {
        // Empirical covariance of 20000 draws against the dense matrix: entries have standard error
        // about sqrt((C_pp C_qq + C_pq^2) / n) <= sqrt(2 / n) C_max; allow 5 of them.
        Engine.getInstance().setRandomSeed(3);
        int h = 4;
        int w = 4;
        int n = 20000;
        GaussianNoise noise = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, h, w, GrfSpec.of(1.5, 2.0), 1.0, 1.0);
        double[][] a = dense(noise.covariance().eigenvalueArray(), h, w);
        assertEquals(1.0, a[0][0], 1e-12, "GRF noise is normalised to unit pointwise variance");
        try (NDManager m = manager.newSubManager()) {
            double[] s = noise.sample(m, n, DataType.FLOAT64).toDoubleArray();
            double tol = 5 * Math.sqrt(2.0 / n);
            for (int p = 0; p < h * w; p++) {
                for (int q = 0; q < h * w; q++) {
                    double acc = 0;
                    for (int b = 0; b < n; b++) {
                        acc += s[b * h * w + p] * s[b * h * w + q];
                    }
                    assertEquals(a[p][q], acc / n, tol, "covariance entry (" + p + ", " + q + ")");
                }
            }
        }
    }

    @Test
    void rejectsSpectraThatAreNotEven() {
        double[] c = new double[16];
        Arrays.fill(c, 1.0);
        c[1] = 2.0; // mode (0, 1) without its mirror (0, 3)
        assertThrows(IllegalArgumentException.class, () -> DiagonalCovariance.fourier(1, 4, 4, c));
    }
}
