package org.pdeflow.pde.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grf.GaussianRandomField;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class RadialSpectrumTest {

    @Test
    void periodicFourierModeLandsInItsShellWithHalfTheSquaredAmplitude() {
        Grid2D g = Grid2D.periodic(32, 2 * Math.PI);
        double[] u = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                // mode (3, 4): |k| = 5 on the 2 pi domain
                u[g.index(i, j)] = 2.0 * Math.cos(3 * g.x(i) + 4 * g.y(j) + 0.3) + 0.5;
            }
        }
        RadialSpectrum rs = RadialSpectrum.of(g);
        double[] e = rs.power(u);
        assertEquals(17, e.length);
        assertEquals(1.0, rs.binWidth(), 1e-15);
        assertEquals(5.0, rs.wavenumbers()[5], 1e-12);
        for (int b = 0; b < e.length; b++) {
            double expected = b == 0 ? 0.25 : b == 5 ? 2.0 : 0.0;
            assertEquals(expected, e[b], 1e-12, "bin " + b);
        }
    }

    @Test
    void nodeGridUsesTheCosineSeriesSoAHalfPeriodCosineHasNoLeakage() {
        Grid2D g = Grid2D.nodes(33, 1.0);
        double[] u = new double[g.size()];
        double[] v = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                u[g.index(i, j)] = Math.cos(Math.PI * 5 * g.x(i));
                // x(1 - x): zero on the boundary, not a cosine mode; its power must decay fast (k^-4)
                v[g.index(i, j)] = g.x(i) * (1 - g.x(i));
            }
        }
        RadialSpectrum rs = RadialSpectrum.of(g);
        assertEquals(Math.PI, rs.binWidth(), 1e-15);
        assertEquals(33, rs.binCount());
        double[] e = rs.power(u);
        for (int b = 0; b < e.length; b++) {
            assertEquals(b == 5 ? 0.5 : 0.0, e[b], 1e-12, "bin " + b);
        }
        // x(1-x) = 1/6 - sum over even m >= 2 of 4 / (pi m)^2 cos(pi m x) (odd m vanish), so
        // on 2N = 64 extension points mode m collects the aliases m + 64 j: E(m) = (1/2) (sum_j a_{m+64j})^2.
        double[] f = rs.power(v);
        for (int m = 2; m <= 8; m += 2) {
            double a = 0;
            for (int j = -20000; j <= 20000; j++) {
                long alias = Math.abs(m + 64L * j);
                a += -4 / Math.pow(Math.PI * alias, 2);
            }
            double exact = 0.5 * a * a;
            assertEquals(exact, f[m], 1e-5 * exact, "bin " + m); // alias sum truncated at |j| = 20000
            assertTrue(f[m + 1] < 1e-3 * exact, "odd bin " + (m + 1));
        }
    }

    @Test
    void binsAddUpToTheTrapezoidMeanSquareOfABandLimitedField() {
        Grid2D g = new Grid2D(17, 17, 2.0, 2.0, Layout.NODE);
        SplittableRandom rng = new SplittableRandom(3);
        double[] u = new double[g.size()];
        for (int m1 = 0; m1 < 6; m1++) {
            for (int m2 = 0; m2 < 6; m2++) {
                double a = rng.nextGaussian();
                for (int i = 0; i < g.nx(); i++) {
                    for (int j = 0; j < g.ny(); j++) {
                        u[g.index(i, j)] +=
                                a * Math.cos(Math.PI * m1 * g.x(i) / 2) * Math.cos(Math.PI * m2 * g.y(j) / 2);
                    }
                }
            }
        }
        double trapezoid = 0;
        double weights = 0;
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                double w = (i == 0 || i == g.nx() - 1 ? 0.5 : 1) * (j == 0 || j == g.ny() - 1 ? 0.5 : 1);
                trapezoid += w * u[g.index(i, j)] * u[g.index(i, j)];
                weights += w;
            }
        }
        double total = 0;
        for (double e : RadialSpectrum.of(g).power(u)) {
            total += e;
        }
        assertEquals(trapezoid / weights, total, 1e-12 * total);
    }

    /** Mean spectrum of many GRF draws against the prescribed mode variances summed per shell. */
    @Test
    void periodicGaussianFieldSpectrumMatchesItsPowerLaw() {
        Grid2D g = Grid2D.periodic(32, 1.0);
        PeriodicGaussianField field = new PeriodicGaussianField(g, new GrfSpec(2.5, 7.0, 1.0, false));
        RadialSpectrum rs = RadialSpectrum.of(g);
        double[] expected = new double[rs.binCount()];
        for (int m1 = -15; m1 <= 16; m1++) {
            for (int m2 = -15; m2 <= 16; m2++) {
                int b = (int) Math.round(Math.hypot(m1, m2));
                if (b < expected.length) {
                    expected[b] += field.modeVariance(m1, m2);
                }
            }
        }
        assertAgrees(field, rs, expected, 400);
    }

    @Test
    void neumannGaussianFieldSpectrumMatchesItsCosineModeVariances() {
        Grid2D g = Grid2D.nodes(33, 1.0);
        NeumannGaussianField field = new NeumannGaussianField(g, new GrfSpec(2.0, 3.0, 1.0, false));
        RadialSpectrum rs = RadialSpectrum.of(g);
        double[] expected = new double[rs.binCount()];
        int last = g.nx() - 1;
        for (int k1 = 0; k1 <= last; k1++) {
            for (int k2 = 0; k2 <= last; k2++) {
                int b = (int) Math.round(Math.hypot(k1, k2));
                if (b < expected.length) {
                    // xi cos(pi k i / N) is a pair of exponentials of weight 1/2 each (power 1/2), except
                    // k = 0 and the Nyquist mode k = N, which are single real modes (power 1).
                    double w1 = k1 == 0 || k1 == last ? 1.0 : 0.5;
                    double w2 = k2 == 0 || k2 == last ? 1.0 : 0.5;
                    expected[b] += field.modeVariance(k1, k2) * w1 * w2;
                }
            }
        }
        assertAgrees(field, rs, expected, 400);
    }

    private static void assertAgrees(GaussianRandomField field, RadialSpectrum rs, double[] expected, int draws) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] u = new double[field.grid().size()];
        double[] sum = new double[expected.length];
        double[] sumSq = new double[expected.length];
        for (int d = 0; d < draws; d++) {
            field.sample(rng, u);
            double[] e = rs.power(u);
            for (int b = 0; b < e.length; b++) {
                sum[b] += e[b];
                sumSq[b] += e[b] * e[b];
            }
        }
        double[] z = new double[expected.length];
        for (int b = 0; b < expected.length; b++) {
            double mean = sum[b] / draws;
            double se = Math.sqrt((sumSq[b] / draws - mean * mean) / (draws - 1));
            z[b] = (mean - expected[b]) / se;
            assertTrue(
                    Math.abs(z[b]) < 5,
                    "bin " + b + ": mean " + mean + " expected " + expected[b] + " (z " + z[b] + ")");
        }
        // the spectrum spans decades: the agreement is a power law, not a flat line
        assertTrue(expected[1] / expected[expected.length - 1] > 100);
    }
}
