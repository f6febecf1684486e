package org.pdeflow.pde.grf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Statistical and exact checks of {@link PeriodicGaussianField}.
 *
 * <p>Statistical tolerances are 5 standard deviations of the estimator, with the standard deviation
 * derived from the Gaussian law of the coefficients (chi-square spreads) or, where noted, estimated
 * from the spread across independent draws. All seeds are fixed, so the tests are deterministic;
 * the 5-sigma bands say the assertions would also hold for almost every other seed.
 */
class PeriodicGaussianFieldTest {

    private static RandomGenerator rng(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** Per-mode variance written out from the definition, independently of the class. */
    private static double expectedVariance(GrfSpec spec, Grid2D g, int m1, int m2) {
        int k1 = Math.min(m1, g.nx() - m1);
        int k2 = Math.min(m2, g.ny() - m2);
        if (k1 == 0 && k2 == 0 && spec.zeroMean()) {
            return 0.0;
        }
        double mu = Math.pow(2 * Math.PI * k1 / g.lx(), 2) + Math.pow(2 * Math.PI * k2 / g.ly(), 2);
        return spec.sigma() * spec.sigma() * Math.pow(mu + spec.tau() * spec.tau(), -spec.alpha()) / (g.lx() * g.ly());
    }

    private static boolean selfConjugate(Grid2D g, int m1, int m2) {
        return (2 * m1) % g.nx() == 0 && (2 * m2) % g.ny() == 0;
    }

    /**
     * Mean |c_m|^2 over {@code draws} samples vs the prescribed variance v_m, per mode. For a
     * complex mode |c|^2 / v ~ Exp(1) (variance 1), for a real self-conjugate mode ~ chi^2_1
     * (variance 2), so the mean over N draws has relative standard deviation sqrt(r / N), r = 1 or 2.
     * Every mode must be within 5 of these; in addition the chi-square sum S of the squared z-scores
     * over the independent modes (one of each pair m, -m) must be within 5 sqrt(2K) of its mean K,
     * which would catch a global scale error of about 1%.
     */
    private static void assertSpectrum(Grid2D g, GrfSpec spec, long seed, int draws) {
        PeriodicGaussianField field = new PeriodicGaussianField(g, spec);
        int nx = g.nx();
        int ny = g.ny();
        double[] u = new double[g.size()];
        double[] re = new double[g.size()];
        double[] im = new double[g.size()];
        double[] power = new double[g.size()];
        double maxMeanCoefficient = 0;
        RandomGenerator r = rng(seed);
        for (int d = 0; d < draws; d++) {
            field.sample(r, u);
            DirectProjection.fourier(u, nx, ny, re, im);
            for (int k = 0; k < power.length; k++) {
                power[k] += re[k] * re[k] + im[k] * im[k];
            }
            maxMeanCoefficient = Math.max(maxMeanCoefficient, Math.hypot(re[0], im[0]));
        }
        double total = 0;
        for (int m1 = 0; m1 < nx; m1++) {
            for (int m2 = 0; m2 < ny; m2++) {
                total += expectedVariance(spec, g, m1, m2);
            }
        }
        double chiSquare = 0;
        int independent = 0;
        double maxZ = 0;
        for (int m1 = 0; m1 < nx; m1++) {
            for (int m2 = 0; m2 < ny; m2++) {
                double v = expectedVariance(spec, g, m1, m2);
                double measured = power[m1 * ny + m2] / draws;
                if (v == 0) {
                    // The removed mean mode: zero up to FFT round-off relative to the field's size.
                    assertTrue(
                            maxMeanCoefficient <= 1e-13 * Math.sqrt(total),
                            "mean mode should be zero, max |c_0| = " + maxMeanCoefficient);
                    continue;
                }
                boolean real = selfConjugate(g, m1, m2);
                double z = (measured / v - 1) / Math.sqrt((real ? 2.0 : 1.0) / draws);
                maxZ = Math.max(maxZ, Math.abs(z));
                assertTrue(
                        Math.abs(z) < 5, "mode (" + m1 + ", " + m2 + ") power " + measured + " vs " + v + ", z = " + z);
                int p1 = (nx - m1) % nx;
                int p2 = (ny - m2) % ny;
                if (real || m1 * ny + m2 < p1 * ny + p2) {
                    chiSquare += z * z;
                    independent++;
                }
            }
        }
        double band = 5 * Math.sqrt(2.0 * independent);
        System.out.printf(
                "spectrum %dx%d: max |z| = %.2f, chi2 = %.1f for K = %d (band %.1f)%n",
                nx, ny, maxZ, chiSquare, independent, band);
        assertEquals(independent, chiSquare, band);
    }

    @Test
    void spectrumMatchesModeVarianceOnEvenSquareWithNyquistModes() {
        assertSpectrum(Grid2D.periodic(32, 1.0), GrfSpec.nsFno(), 11L, 2000);
    }

    @Test
    void spectrumMatchesModeVarianceOnOddRectangleWithMeanMode() {
        // Odd x size (no Nyquist in x), even y size, unequal lengths, constant mode kept.
        Grid2D g = new Grid2D(15, 12, 2.0, 1.5, Layout.PERIODIC);
        assertSpectrum(g, new GrfSpec(1.5, 2.0, 0.7, false), 12L, 2000);
    }

    /**
     * Exactness: rebuilds the documented Hermitian coefficient array from the same generator
     * stream and sums the Fourier series directly (full spectrum, no FFT). Agreement to round-off
     * pins the JTransforms packing, scaling and sign conventions, and the imaginary part of the
     * direct sum vanishing confirms the documented array is Hermitian.
     */
    @Test
    void sampleEqualsDirectFourierSumOfDocumentedCoefficients() {
        for (Grid2D g : new Grid2D[] {
            Grid2D.periodic(8, 1.0),
            new Grid2D(7, 10, 1.3, 0.6, Layout.PERIODIC),
            new Grid2D(6, 5, 1.0, 2.0, Layout.PERIODIC)
        }) {
            GrfSpec spec = new GrfSpec(2.0, 3.0, 2.0, false);
            int nx = g.nx();
            int ny = g.ny();
            double[] sample = new PeriodicGaussianField(g, spec).sample(rng(5));
            RandomGenerator r = rng(5);
            double[] cr = new double[nx * ny];
            double[] ci = new double[nx * ny];
            for (int m2 = 0; m2 <= ny / 2; m2++) {
                if (m2 == 0 || 2 * m2 == ny) {
                    for (int m1 = 0; 2 * m1 <= nx; m1++) {
                        double sd = Math.sqrt(expectedVariance(spec, g, m1, m2));
                        int p1 = (nx - m1) % nx;
                        if (p1 == m1) {
                            cr[m1 * ny + m2] = sd * r.nextGaussian();
                        } else {
                            double a = sd * r.nextGaussian() / Math.sqrt(2);
                            double b = sd * r.nextGaussian() / Math.sqrt(2);
                            cr[m1 * ny + m2] = a;
                            ci[m1 * ny + m2] = b;
                            cr[p1 * ny + m2] = a;
                            ci[p1 * ny + m2] = -b;
                        }
                    }
                } else {
                    for (int m1 = 0; m1 < nx; m1++) {
                        double sd = Math.sqrt(expectedVariance(spec, g, m1, m2));
                        cr[m1 * ny + m2] = sd * r.nextGaussian() / Math.sqrt(2);
                        ci[m1 * ny + m2] = sd * r.nextGaussian() / Math.sqrt(2);
                    }
                }
            }
            for (int m1 = 0; m1 < nx; m1++) {
                for (int m2 = ny / 2 + 1; m2 < ny; m2++) {
                    int p = ((nx - m1) % nx) * ny + (ny - m2);
                    cr[m1 * ny + m2] = cr[p];
                    ci[m1 * ny + m2] = -ci[p];
                }
            }
            double scale = 0;
            for (int k = 0; k < cr.length; k++) {
                scale += Math.hypot(cr[k], ci[k]);
            }
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    double sr = 0;
                    double si = 0;
                    for (int m1 = 0; m1 < nx; m1++) {
                        for (int m2 = 0; m2 < ny; m2++) {
                            double angle = 2 * Math.PI * ((double) (m1 * i % nx) / nx + (double) (m2 * j % ny) / ny);
                            double c = Math.cos(angle);
                            double s = Math.sin(angle);
                            sr += cr[m1 * ny + m2] * c - ci[m1 * ny + m2] * s;
                            si += cr[m1 * ny + m2] * s + ci[m1 * ny + m2] * c;
                        }
                    }
                    // Round-off of O(n^2) terms of size up to `scale`: 1e-13 relative is ample.
                    assertEquals(0.0, si, 1e-13 * scale, "direct sum not real at " + i + "," + j + " on " + g);
                    assertEquals(sr, sample[g.index(i, j)], 1e-13 * scale, "at " + i + "," + j + " on " + g);
                }
            }
        }
    }

    /**
     * Pointwise variance = sum of mode variances. Q = mean over the grid of u^2 equals
     * sum_m |c_m|^2 by Parseval, so E Q = V = sum_m v_m and Var Q = 2 sum_m v_m^2 exactly
     * (each conjugate pair contributes 2 |c_m|^2 with |c_m|^2 / v ~ Exp(1); real modes v chi^2_1).
     * Also the variance at a single node, whose estimator has standard deviation sqrt(2/N) V.
     */
    @Test
    void pointwiseVarianceEqualsSumOfModeVariances() {
        Grid2D g = Grid2D.periodic(32, 1.0);
        GrfSpec spec = GrfSpec.nsFno();
        PeriodicGaussianField field = new PeriodicGaussianField(g, spec);
        double v = 0;
        double v2 = 0;
        for (int m1 = 0; m1 < 32; m1++) {
            for (int m2 = 0; m2 < 32; m2++) {
                double e = expectedVariance(spec, g, m1, m2);
                v += e;
                v2 += e * e;
            }
        }
        int draws = 2000;
        RandomGenerator r = rng(21);
        double[] u = new double[g.size()];
        double meanQ = 0;
        double atNode = 0;
        for (int d = 0; d < draws; d++) {
            field.sample(r, u);
            double q = 0;
            for (double x : u) {
                q += x * x;
            }
            meanQ += q / u.length / draws;
            atNode += u[g.index(5, 17)] * u[g.index(5, 17)] / draws;
        }
        double sdQ = Math.sqrt(2 * v2 / draws);
        System.out.printf(
                "pointwise variance: V = %.6f, grid-mean estimate %.6f (sd %.2e), node estimate %.6f%n",
                v, meanQ, sdQ, atNode);
        assertEquals(v, meanQ, 5 * sdQ);
        assertEquals(v, atNode, 5 * Math.sqrt(2.0 / draws) * v);
    }

    /**
     * Covariance at lags r equals the truncated kernel (1 / (lx ly)) sum_m lambda cos(2 pi m.r / n),
     * computed here by a direct sum. Estimator: per draw the grid average of u(p) u(p + r); its
     * standard error is estimated from the spread over the independent draws (5 standard errors).
     * The lag (n/2, n/2) weights the Nyquist modes with +-1, so a wrong Nyquist variance shows there.
     */
    @Test
    void covarianceEqualsTruncatedKernel() {
        Grid2D g = new Grid2D(16, 12, 1.0, 0.8, Layout.PERIODIC);
        GrfSpec spec = new GrfSpec(1.2, 2.0, 1.0, true);
        PeriodicGaussianField field = new PeriodicGaussianField(g, spec);
        int[][] lags = {{0, 0}, {1, 0}, {0, 3}, {5, 2}, {8, 6}, {3, 9}};
        int draws = 3000;
        double[] sum = new double[lags.length];
        double[] sumSq = new double[lags.length];
        RandomGenerator r = rng(31);
        double[] u = new double[g.size()];
        for (int d = 0; d < draws; d++) {
            field.sample(r, u);
            for (int l = 0; l < lags.length; l++) {
                double p = 0;
                for (int i = 0; i < g.nx(); i++) {
                    for (int j = 0; j < g.ny(); j++) {
                        p += u[g.index(i, j)] * u[g.index((i + lags[l][0]) % g.nx(), (j + lags[l][1]) % g.ny())];
                    }
                }
                p /= g.size();
                sum[l] += p;
                sumSq[l] += p * p;
            }
        }
        for (int l = 0; l < lags.length; l++) {
            double kernel = 0;
            for (int m1 = 0; m1 < g.nx(); m1++) {
                for (int m2 = 0; m2 < g.ny(); m2++) {
                    kernel += expectedVariance(spec, g, m1, m2)
                            * Math.cos(2
                                    * Math.PI
                                    * ((double) m1 * lags[l][0] / g.nx() + (double) m2 * lags[l][1] / g.ny()));
                }
            }
            double mean = sum[l] / draws;
            double se = Math.sqrt((sumSq[l] / draws - mean * mean) / draws);
            System.out.printf(
                    "lag (%d,%d): kernel %.6f, estimate %.6f, se %.1e%n", lags[l][0], lags[l][1], kernel, mean, se);
            assertEquals(kernel, mean, 5 * se, "lag " + Arrays.toString(lags[l]));
        }
    }

    /**
     * With the mean mode kept the ensemble mean at a node must still be 0: the estimate over N
     * draws has standard deviation sqrt(V / N). With the mode removed, every sample's grid mean is
     * zero to round-off.
     */
    @Test
    void meanIsZero() {
        Grid2D g = Grid2D.periodic(16, 1.0);
        GrfSpec spec = GrfSpec.of(2.0, 2.0);
        PeriodicGaussianField field = new PeriodicGaussianField(g, spec);
        double v = 0;
        for (int m1 = 0; m1 < 16; m1++) {
            for (int m2 = 0; m2 < 16; m2++) {
                v += expectedVariance(spec, g, m1, m2);
            }
        }
        int draws = 4000;
        RandomGenerator r = rng(41);
        double mean = 0;
        for (int d = 0; d < draws; d++) {
            mean += field.sample(r)[g.index(3, 11)] / draws;
        }
        assertEquals(0.0, mean, 5 * Math.sqrt(v / draws));

        PeriodicGaussianField centred = new PeriodicGaussianField(g, spec.withZeroMean(true));
        double[] u = centred.sample(r);
        double gridMean = Arrays.stream(u).sum() / u.length;
        assertEquals(0.0, gridMean, 1e-14 * Math.sqrt(v));
    }

    /**
     * Removing the mean does not shift the stream: same seed with and without zeroMean differs by
     * exactly the (constant) grid mean, as documented.
     */
    @Test
    void zeroMeanRemovesOnlyTheConstant() {
        Grid2D g = Grid2D.periodic(12, 1.0);
        double[] with = new PeriodicGaussianField(g, GrfSpec.of(2.0, 3.0)).sample(rng(7));
        double[] without = new PeriodicGaussianField(g, GrfSpec.of(2.0, 3.0).withZeroMean(true)).sample(rng(7));
        double mean = Arrays.stream(with).sum() / with.length;
        for (int k = 0; k < with.length; k++) {
            assertEquals(with[k] - mean, without[k], 1e-14);
        }
    }

    @Test
    void modeVarianceFollowsTheOperatorEigenvalues() {
        Grid2D g = new Grid2D(8, 6, 2.0, 3.0, Layout.PERIODIC);
        GrfSpec spec = new GrfSpec(2.5, 1.5, 1.7, false);
        PeriodicGaussianField field = new PeriodicGaussianField(g, spec);
        for (int k1 = -4; k1 <= 4; k1++) {
            for (int k2 = -3; k2 <= 3; k2++) {
                double mu = Math.pow(2 * Math.PI * k1 / 2.0, 2) + Math.pow(2 * Math.PI * k2 / 3.0, 2);
                double expected = 1.7 * 1.7 * Math.pow(mu + 1.5 * 1.5, -2.5) / 6.0;
                assertEquals(expected, field.modeVariance(k1, k2), 1e-15 * expected);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> field.modeVariance(5, 0));
        assertThrows(IllegalArgumentException.class, () -> field.modeVariance(0, -4));
        assertEquals(0.0, new PeriodicGaussianField(g, spec.withZeroMean(true)).modeVariance(0, 0));
    }

    @Test
    void reproducibleFromTheGeneratorAlone() {
        PeriodicGaussianField field = new PeriodicGaussianField(Grid2D.periodic(16, 1.0), GrfSpec.nsFno());
        assertArrayEquals(field.sample(rng(1)), field.sample(rng(1)));
        assertFalse(Arrays.equals(field.sample(rng(1)), field.sample(rng(2))));
        RandomGenerator r = rng(3);
        assertFalse(Arrays.equals(field.sample(r), field.sample(r)));
    }

    /** One shared instance, several threads with their own generators: same fields as sequentially. */
    @Test
    void sharedInstanceIsThreadSafe() throws Exception {
        PeriodicGaussianField field = new PeriodicGaussianField(Grid2D.periodic(64, 1.0), GrfSpec.nsFno());
        int tasks = 8;
        double[][] sequential = new double[tasks][];
        for (int t = 0; t < tasks; t++) {
            RandomGenerator r = rng(100 + t);
            for (int rep = 0; rep < 20; rep++) {
                sequential[t] = field.sample(r);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            @SuppressWarnings("unchecked")
            Future<double[]>[] futures = new Future[tasks];
            for (int t = 0; t < tasks; t++) {
                long seed = 100 + t;
                futures[t] = pool.submit(() -> {
                    RandomGenerator r = rng(seed);
                    double[] last = null;
                    for (int rep = 0; rep < 20; rep++) {
                        last = field.sample(r);
                    }
                    return last;
                });
            }
            for (int t = 0; t < tasks; t++) {
                assertArrayEquals(sequential[t], futures[t].get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void rejectsBadArguments() {
        GrfSpec spec = GrfSpec.nsFno();
        assertThrows(IllegalArgumentException.class, () -> new PeriodicGaussianField(Grid2D.nodes(8, 1.0), spec));
        assertThrows(IllegalArgumentException.class, () -> new PeriodicGaussianField(Grid2D.periodic(1, 1.0), spec));
        assertThrows(IllegalArgumentException.class, () -> new PeriodicGaussianField(null, spec));
        assertThrows(IllegalArgumentException.class, () -> new PeriodicGaussianField(Grid2D.periodic(8, 1.0), null));
        PeriodicGaussianField field = new PeriodicGaussianField(Grid2D.periodic(8, 1.0), spec);
        assertThrows(IllegalArgumentException.class, () -> field.sample(rng(1), new double[63]));
        assertThrows(IllegalArgumentException.class, () -> field.sample(null));
    }

    /**
     * The spectrum measured from N draws of a known field matches its mode variances, class by class
     * (|k1|, |k2|), within 5 standard deviations of the estimator: the class mean of |c_m|^2 counts each
     * conjugate pair (m, -m) twice with one coefficient, whose |c|^2 has variance v^2 (complex) or 2 v^2
     * (real, self-conjugate).
     */
    @Test
    void estimatedSpectrumRecoversTheModeVariancesOfAKnownField() {
        // an even rectangle (Nyquist modes on both axes) and an odd one (none)
        assertEstimateRecovers(new Grid2D(8, 6, 1.0, 0.75, Layout.PERIODIC), 21);
        assertEstimateRecovers(new Grid2D(7, 5, 1.0, 0.6, Layout.PERIODIC), 22);
    }

    private static void assertEstimateRecovers(Grid2D g, long seed) {
        int nx = g.nx();
        int ny = g.ny();
        GrfSpec spec = new GrfSpec(2.0, 3.0, 1.0, false);
        PeriodicGaussianField truth = new PeriodicGaussianField(g, spec);
        RandomGenerator r = rng(seed);
        int draws = 3000;
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < draws; i++) {
            samples.add(truth.sample(r));
        }
        PeriodicGaussianField estimated = PeriodicGaussianField.estimate(g, samples);
        assertTrue(estimated.isTabulated());
        assertThrows(UnsupportedOperationException.class, estimated::spec);
        for (int k1 = 0; k1 <= nx / 2; k1++) {
            for (int k2 = 0; k2 <= ny / 2; k2++) {
                double v = expectedVariance(spec, g, k1, k2);
                int members = 0;
                double variance = 0;
                for (int m1 = 0; m1 < nx; m1++) {
                    for (int m2 = 0; m2 < ny; m2++) {
                        if (Math.min(m1, nx - m1) != k1 || Math.min(m2, ny - m2) != k2) {
                            continue;
                        }
                        members++;
                        // a pair (m, -m) adds 2 |c|^2, variance 4 v^2, over its two visits; a real
                        // self-conjugate mode adds |c|^2, variance 2 v^2, in one visit: 2 v^2 per visit either way
                        variance += 2 * v * v;
                    }
                }
                double sd = Math.sqrt(variance / ((double) members * members) / draws);
                String what = nx + " x " + ny + ", mode (" + k1 + ", " + k2 + ")";
                assertEquals(v, estimated.modeVariance(k1, k2), 5 * sd, what);
                assertEquals(estimated.modeVariance(k1, k2), estimated.modeVariance(-k1, -k2), 0.0, what);
            }
        }
    }

    @Test
    void tabulatedSpectrumIsTheSameSamplerAsItsMaternTable() {
        Grid2D g = Grid2D.periodic(8, 1.0);
        GrfSpec spec = GrfSpec.nsFno();
        PeriodicGaussianField matern = new PeriodicGaussianField(g, spec);
        double[] table = new double[5 * 5];
        for (int k1 = 0; k1 <= 4; k1++) {
            for (int k2 = 0; k2 <= 4; k2++) {
                table[k1 * 5 + k2] = expectedVariance(spec, g, k1, k2);
            }
        }
        PeriodicGaussianField tabulated = PeriodicGaussianField.withSpectrum(g, table);
        assertArrayEquals(matern.sample(rng(5)), tabulated.sample(rng(5)), 1e-12 * Math.sqrt(table[1]) * 64);
        assertTrue(tabulated.removesMean());
        assertTrue(matern.removesMean());
        assertFalse(matern.isTabulated());
    }

    @Test
    void estimateDropsModesTheSamplesDoNotExcite() {
        Grid2D g = Grid2D.periodic(8, 1.0);
        RandomGenerator r = rng(3);
        List<double[]> samples = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            double[] u = new double[64];
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    // zero mean up to round-off, only the modes (|k1|, |k2|) = (1, 0) and (0, 2)
                    u[i * 8 + j] = a * Math.cos(2 * Math.PI * i / 8) + b * Math.sin(2 * Math.PI * 2 * j / 8);
                }
            }
            samples.add(u);
        }
        PeriodicGaussianField f = PeriodicGaussianField.estimate(g, samples);
        assertTrue(f.removesMean());
        assertTrue(f.modeVariance(1, 0) > 0);
        assertTrue(f.modeVariance(0, 2) > 0);
        assertEquals(0.0, f.modeVariance(1, 1));
        assertEquals(0.0, f.modeVariance(4, 4));
    }

    @Test
    void rejectsBadSpectra() {
        Grid2D g = Grid2D.periodic(8, 1.0);
        assertThrows(IllegalArgumentException.class, () -> PeriodicGaussianField.withSpectrum(g, new double[24]));
        assertThrows(IllegalArgumentException.class, () -> PeriodicGaussianField.withSpectrum(g, new double[25]));
        double[] negative = new double[25];
        negative[3] = 1;
        negative[7] = -1e-3;
        assertThrows(IllegalArgumentException.class, () -> PeriodicGaussianField.withSpectrum(g, negative));
        assertThrows(IllegalArgumentException.class, () -> PeriodicGaussianField.estimate(g, List.of(new double[64])));
        assertThrows(
                IllegalArgumentException.class,
                () -> PeriodicGaussianField.estimate(g, List.of(new double[64], new double[63])));
        double[] nan = new double[64];
        nan[5] = Double.NaN;
        assertThrows(
                IllegalArgumentException.class, () -> PeriodicGaussianField.estimate(g, List.of(new double[64], nan)));
    }
}
