package org.pdeflow.pde.grf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Exact and statistical checks of {@link NeumannGaussianField}. Statistical tolerances are 5
 * standard deviations of the estimator derived from the Gaussian law (chi-square spreads); seeds
 * are fixed so the tests are deterministic.
 */
class NeumannGaussianFieldTest {

    private static RandomGenerator rng(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** Coefficient variance written out from the definition (orthonormal Neumann cosines). */
    private static double expectedVariance(GrfSpec spec, Grid2D g, int k1, int k2) {
        if (k1 == 0 && k2 == 0 && spec.zeroMean()) {
            return 0.0;
        }
        double mu = Math.pow(Math.PI * k1 / g.lx(), 2) + Math.pow(Math.PI * k2 / g.ly(), 2);
        double normSquared = (k1 == 0 ? g.lx() : g.lx() / 2) * (k2 == 0 ? g.ly() : g.ly() / 2);
        return spec.sigma() * spec.sigma() * Math.pow(mu + spec.tau() * spec.tau(), -spec.alpha()) / normSquared;
    }

    private static double cosine(int k, int i, int n) {
        return Math.cos(Math.PI * ((long) k * i % (2L * (n - 1))) / (n - 1));
    }

    /**
     * Exactness: regenerates the documented coefficients (row-major k1 * ny + k2, one normal each)
     * from the same seed and sums the cosine series directly; the FFT-based DCT-I must agree to
     * round-off. Includes s = 2 (the smallest node grid) and unequal axes.
     */
    @Test
    void sampleEqualsDirectCosineSumOfDocumentedCoefficients() {
        GrfSpec spec = new GrfSpec(2.0, 3.0, 3.0, false);
        for (Grid2D g : new Grid2D[] {
            Grid2D.nodes(2, 1.0),
            Grid2D.nodes(9, 1.0),
            new Grid2D(7, 12, 0.5, 2.0, Layout.NODE),
            new Grid2D(13, 3, 1.0, 1.0, Layout.NODE)
        }) {
            int nx = g.nx();
            int ny = g.ny();
            double[] sample = new NeumannGaussianField(g, spec).sample(rng(9));
            RandomGenerator r = rng(9);
            double[] xi = new double[nx * ny];
            double scale = 0;
            for (int k1 = 0; k1 < nx; k1++) {
                for (int k2 = 0; k2 < ny; k2++) {
                    xi[k1 * ny + k2] = Math.sqrt(expectedVariance(spec, g, k1, k2)) * r.nextGaussian();
                    scale += Math.abs(xi[k1 * ny + k2]);
                }
            }
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    double u = 0;
                    for (int k1 = 0; k1 < nx; k1++) {
                        for (int k2 = 0; k2 < ny; k2++) {
                            u += xi[k1 * ny + k2] * cosine(k1, i, nx) * cosine(k2, j, ny);
                        }
                    }
                    // Round-off of sums of terms bounded by `scale`.
                    assertEquals(u, sample[g.index(i, j)], 1e-13 * scale, "node " + i + "," + j + " on " + g);
                }
            }
        }
    }

    /**
     * The colouring z = L xi and its transpose against the dense matrix written out from the
     * definition, L_{(i,j),(k1,k2)} = sqrt(Var(xi_k)) cos(pi k1 i / (nx - 1)) cos(pi k2 j / (ny - 1)),
     * on grids whose lengths take both DCT-I algorithms (n - 1 = 11 and 13 have a prime factor above 7).
     */
    @Test
    void colourAndItsTransposeAreTheDenseMapAndItsAdjoint() {
        GrfSpec spec = GrfSpec.darcyFno();
        for (Grid2D g : new Grid2D[] {Grid2D.nodes(9, 1.0), new Grid2D(12, 14, 1.0, 0.5, Layout.NODE)}) {
            int nx = g.nx();
            int ny = g.ny();
            int n = g.size();
            NeumannGaussianField field = new NeumannGaussianField(g, spec);
            RandomGenerator r = rng(5);
            double[] xi = new double[n];
            double[] w = new double[n];
            for (int k = 0; k < n; k++) {
                xi[k] = r.nextGaussian();
                w[k] = r.nextGaussian();
            }
            double[] z = new double[n];
            double[] back = new double[n];
            field.colour(xi, z);
            field.colourTranspose(w, back);
            double[] denseZ = new double[n];
            double[] denseBack = new double[n];
            double scale = 0;
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    for (int k1 = 0; k1 < nx; k1++) {
                        for (int k2 = 0; k2 < ny; k2++) {
                            double l = Math.sqrt(expectedVariance(spec, g, k1, k2))
                                    * cosine(k1, i, nx)
                                    * cosine(k2, j, ny);
                            denseZ[g.index(i, j)] += l * xi[k1 * ny + k2];
                            denseBack[k1 * ny + k2] += l * w[g.index(i, j)];
                            scale = Math.max(scale, Math.abs(l));
                        }
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                assertEquals(denseZ[k], z[k], 1e-12 * scale * n, "L xi at " + k + " on " + g);
                assertEquals(denseBack[k], back[k], 1e-12 * scale * n, "L^T w at " + k + " on " + g);
            }
            double[] inPlace = xi.clone();
            field.colour(inPlace, inPlace);
            assertArrayEquals(z, inPlace, 0.0);
        }
    }

    /**
     * Projects each draw back onto the cosine basis (trapezoid-weighted direct sums in
     * {@link DirectProjection}) and compares the mean squared coefficient with the prescribed
     * variance: xi^2 / v ~ chi^2_1, so the mean over N draws has relative standard deviation
     * sqrt(2 / N); every mode within 5 of that, and the chi-square sum of squared z-scores over all
     * K modes within 5 sqrt(2K) of K. The removed mean mode must be zero to round-off.
     */
    private static void assertSpectrum(Grid2D g, GrfSpec spec, long seed, int draws) {
        NeumannGaussianField field = new NeumannGaussianField(g, spec);
        int nx = g.nx();
        int ny = g.ny();
        double[] power = new double[g.size()];
        double maxMean = 0;
        double total = 0;
        for (int k1 = 0; k1 < nx; k1++) {
            for (int k2 = 0; k2 < ny; k2++) {
                total += expectedVariance(spec, g, k1, k2);
            }
        }
        RandomGenerator r = rng(seed);
        double[] u = new double[g.size()];
        for (int d = 0; d < draws; d++) {
            field.sample(r, u);
            double[] xi = DirectProjection.cosine(u, nx, ny);
            for (int k = 0; k < power.length; k++) {
                power[k] += xi[k] * xi[k];
            }
            maxMean = Math.max(maxMean, Math.abs(xi[0]));
        }
        double chiSquare = 0;
        int modes = 0;
        double maxZ = 0;
        for (int k1 = 0; k1 < nx; k1++) {
            for (int k2 = 0; k2 < ny; k2++) {
                double v = expectedVariance(spec, g, k1, k2);
                if (v == 0) {
                    assertTrue(maxMean <= 1e-13 * Math.sqrt(total), "mean mode should vanish, max " + maxMean);
                    continue;
                }
                double z = (power[k1 * ny + k2] / draws / v - 1) / Math.sqrt(2.0 / draws);
                maxZ = Math.max(maxZ, Math.abs(z));
                assertTrue(Math.abs(z) < 5, "mode (" + k1 + ", " + k2 + ") z = " + z);
                chiSquare += z * z;
                modes++;
            }
        }
        double band = 5 * Math.sqrt(2.0 * modes);
        System.out.printf(
                "cosine spectrum %dx%d: max |z| = %.2f, chi2 = %.1f for K = %d (band %.1f)%n",
                nx, ny, maxZ, chiSquare, modes, band);
        assertEquals(modes, chiSquare, band);
    }

    @Test
    void spectrumMatchesModeVarianceForDarcyPreset() {
        assertSpectrum(Grid2D.nodes(24, 1.0), GrfSpec.darcyFno(), 51L, 2000);
    }

    @Test
    void spectrumMatchesModeVarianceOnRectangleWithMeanMode() {
        assertSpectrum(new Grid2D(11, 16, 2.0, 0.75, Layout.NODE), new GrfSpec(1.5, 2.0, 1.3, false), 52L, 2000);
    }

    /**
     * Pointwise variance sum_k v_k cos^2(pi k1 i / M1) cos^2(pi k2 j / M2) at a corner, an edge
     * midpoint, the centre and a generic node (the field is not stationary: the corner variance is
     * several times the centre's here). The estimator mean of u^2 over N draws has standard deviation
     * sqrt(2 / N) Var (u Gaussian), 5 of which is 5% at N = 20000.
     */
    @Test
    void pointwiseVarianceEqualsSumOfModeVariances() {
        Grid2D g = Grid2D.nodes(17, 1.0);
        GrfSpec spec = GrfSpec.darcyFno();
        NeumannGaussianField field = new NeumannGaussianField(g, spec);
        int[][] nodes = {{0, 0}, {0, 8}, {8, 8}, {3, 13}};
        double[] expected = new double[nodes.length];
        for (int p = 0; p < nodes.length; p++) {
            for (int k1 = 0; k1 < 17; k1++) {
                for (int k2 = 0; k2 < 17; k2++) {
                    double c = cosine(k1, nodes[p][0], 17) * cosine(k2, nodes[p][1], 17);
                    expected[p] += expectedVariance(spec, g, k1, k2) * c * c;
                }
            }
        }
        int draws = 20000;
        double[] measured = new double[nodes.length];
        RandomGenerator r = rng(61);
        double[] u = new double[g.size()];
        for (int d = 0; d < draws; d++) {
            field.sample(r, u);
            for (int p = 0; p < nodes.length; p++) {
                double x = u[g.index(nodes[p][0], nodes[p][1])];
                measured[p] += x * x / draws;
            }
        }
        double[] exact = field.pointwiseVariance();
        for (int p = 0; p < nodes.length; p++) {
            assertEquals(expected[p], exact[g.index(nodes[p][0], nodes[p][1])], 1e-12 * expected[p], "exact variance");
        }
        for (int p = 0; p < nodes.length; p++) {
            System.out.printf(
                    "node (%d,%d): variance %.5f, estimate %.5f%n", nodes[p][0], nodes[p][1], expected[p], measured[p]);
            assertEquals(
                    expected[p],
                    measured[p],
                    5 * Math.sqrt(2.0 / draws) * expected[p],
                    "node " + Arrays.toString(nodes[p]));
        }
        assertTrue(expected[0] > 2 * expected[2], "corner variance should exceed the centre's");
    }

    /**
     * Ensemble mean at a node is 0 within 5 sqrt(Var / N) (mean mode kept); with the mean mode
     * removed, the trapezoid-rule mean of each sample vanishes to round-off.
     */
    @Test
    void meanIsZero() {
        Grid2D g = Grid2D.nodes(12, 1.0);
        GrfSpec spec = GrfSpec.of(2.0, 3.0);
        NeumannGaussianField field = new NeumannGaussianField(g, spec);
        double var = 0;
        for (int k1 = 0; k1 < 12; k1++) {
            for (int k2 = 0; k2 < 12; k2++) {
                double c = cosine(k1, 4, 12) * cosine(k2, 9, 12);
                var += expectedVariance(spec, g, k1, k2) * c * c;
            }
        }
        int draws = 4000;
        RandomGenerator r = rng(71);
        double mean = 0;
        for (int d = 0; d < draws; d++) {
            mean += field.sample(r)[g.index(4, 9)] / draws;
        }
        assertEquals(0.0, mean, 5 * Math.sqrt(var / draws));

        double[] u = new NeumannGaussianField(g, spec.withZeroMean(true)).sample(r);
        double trapezoid = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                double w = (i == 0 || i == 11 ? 0.5 : 1.0) * (j == 0 || j == 11 ? 0.5 : 1.0);
                trapezoid += w * u[g.index(i, j)];
            }
        }
        assertEquals(0.0, trapezoid / (11 * 11), 1e-14);
    }

    @Test
    void modeVarianceFollowsTheOperatorEigenvalues() {
        Grid2D g = new Grid2D(5, 4, 2.0, 0.5, Layout.NODE);
        GrfSpec spec = new GrfSpec(2.0, 3.0, 3.0, false);
        NeumannGaussianField field = new NeumannGaussianField(g, spec);
        // lambda = 9 (pi^2 (1/4 + 16) + 9)^(-2) for k = (1, 2), weight 4 / (lx ly) = 4.
        double mu = Math.PI * Math.PI * (0.25 + 16.0);
        assertEquals(4 * 9 * Math.pow(mu + 9, -2), field.modeVariance(1, 2), 1e-16);
        assertEquals(9 * Math.pow(9, -2), field.modeVariance(0, 0), 1e-16);
        assertEquals(0.0, new NeumannGaussianField(g, spec.withZeroMean(true)).modeVariance(0, 0));
        assertThrows(IllegalArgumentException.class, () -> field.modeVariance(5, 0));
        assertThrows(IllegalArgumentException.class, () -> field.modeVariance(0, -1));
    }

    @Test
    void reproducibleFromTheGeneratorAlone() {
        NeumannGaussianField field = NeumannGaussianField.onNodes(21, 1.0, GrfSpec.darcyFno());
        assertArrayEquals(field.sample(rng(1)), field.sample(rng(1)));
        assertFalse(Arrays.equals(field.sample(rng(1)), field.sample(rng(2))));
        RandomGenerator r = rng(3);
        assertFalse(Arrays.equals(field.sample(r), field.sample(r)));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new NeumannGaussianField(Grid2D.periodic(8, 1.0), GrfSpec.darcyFno()));
        assertThrows(IllegalArgumentException.class, () -> new NeumannGaussianField(Grid2D.nodes(8, 1.0), null));
        NeumannGaussianField field = NeumannGaussianField.onNodes(8, 1.0, GrfSpec.darcyFno());
        assertThrows(IllegalArgumentException.class, () -> field.sample(rng(1), new double[8]));
    }
}
