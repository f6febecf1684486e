package org.pdeflow.solvers.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.UnetConfig;

/**
 * The roughness of fields whose neighbour differences are counted by hand, the fitted law, the training
 * conditions (each field's own roughness, dropped at the stated rate), draws from the stored quantiles, and the
 * card round trip.
 */
class RoughnessConditionTest {

    private static final int S = 8;

    /** A ±1 field of S x S with the phase boundary at column {@code cut} (+1 left of it), or a checkerboard. */
    private static float[] field(int cut, boolean checkerboard) {
        float[] v = new float[S * S];
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                v[i * S + j] = checkerboard ? ((i + j) % 2 == 0 ? 1f : -1f) : (j < cut ? 1f : -1f);
            }
        }
        return v;
    }

    @Test
    void roughnessIsTheLogMeanSquaredNeighbourDifference() {
        int pairs = 2 * S * (S - 1);
        // a checkerboard differs by 2 across every pair; one straight interface crosses S of the pairs
        double[] r = RoughnessCondition.roughness(concat(field(0, true), field(4, false), field(S, false)), 1, S, S);
        assertEquals(Math.log(4 + RoughnessCondition.FLOOR), r[0], 1e-12);
        assertEquals(Math.log(4.0 * S / pairs + RoughnessCondition.FLOOR), r[1], 1e-12);
        assertEquals(Math.log(RoughnessCondition.FLOOR), r[2], 1e-12);
        // two channels: the mean over both channels' pairs
        double[] two = RoughnessCondition.roughness(concat(field(0, true), field(4, false)), 2, S, S);
        assertEquals(1, two.length);
        assertEquals(Math.log((4.0 * pairs + 4.0 * S) / (2 * pairs) + RoughnessCondition.FLOOR), two[0], 1e-12);
    }

    /** Fields with 1..7 vertical interfaces: roughness rising with the count. */
    private static PriorData stripes() {
        float[][] fields = new float[7][];
        for (int k = 1; k <= 7; k++) {
            float[] v = new float[S * S];
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    v[i * S + j] = j < k && j % 2 == 0 || j >= k && k % 2 == 0 ? 1f : -1f;
                }
            }
            fields[k - 1] = v;
        }
        return new PriorData(concat(fields), List.of("a"), S, S);
    }

    @Test
    void theFittedLawStandardisesTheTrainingFieldsAndStoresTheirQuantiles() {
        PriorData data = stripes();
        double[] raw = RoughnessCondition.roughness(data.values(), 1, S, S);
        for (int k = 1; k < raw.length; k++) {
            assertTrue(raw[k] > raw[k - 1], "interfaces " + (k + 1));
        }
        RoughnessCondition c = RoughnessCondition.fit(data, 0.2);
        double mean = Arrays.stream(raw).average().orElseThrow();
        double sd =
                Math.sqrt(Arrays.stream(raw).map(v -> (v - mean) * (v - mean)).sum() / (raw.length - 1));
        assertEquals(mean, c.mean(), 1e-12);
        assertEquals(sd, c.sd(), 1e-12);
        assertEquals(c.standardise(raw[0]), c.quantile(0), 1e-12);
        assertEquals(c.standardise(raw[6]), c.quantile(1), 1e-12);
        assertEquals(c.standardise(raw[3]), c.quantile(0.5), 1e-12);
        // between two fields' values the law is linear: 1/12 is half-way from the 1st to the 2nd of 7 sorted
        assertEquals((c.standardise(raw[0]) + c.standardise(raw[1])) / 2, c.quantile(1.0 / 12), 1e-9);
        assertThrows(
                IllegalArgumentException.class,
                () -> RoughnessCondition.fit(
                        new PriorData(concat(field(4, false), field(4, false)), List.of("a"), S, S), 0.1));
    }

    @Test
    void trainingConditionsAreEachFieldsOwnRoughnessDroppedAtTheStatedRate() {
        PriorData data = stripes();
        RoughnessCondition c = RoughnessCondition.fit(data, 0.25);
        double[] raw = RoughnessCondition.roughness(data.values(), 1, S, S);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x0 = data.batch(m, new int[] {0, 1, 2, 3, 4, 5, 6});
            int kept = 0;
            int total = 0;
            for (long step = 0; step < 400; step++) {
                float[] v = c.training(x0, 3, step).toFloatArray();
                for (int k = 0; k < 7; k++) {
                    total++;
                    if (v[2 * k + 1] == 1f) {
                        kept++;
                        assertEquals(c.standardise(raw[k]), v[2 * k], 1e-5);
                    } else {
                        assertEquals(0f, v[2 * k + 1]);
                        assertEquals(0f, v[2 * k]);
                    }
                }
            }
            // 2800 Bernoulli(0.75) draws: sd 0.008, so 0.03 is almost 4 sd
            assertEquals(0.75, kept / (double) total, 0.03);
            // a function of (seed, step) alone, not of the engine's random stream: a resumed run repeats its drops
            Engines.engine().setRandomSeed(1);
            float[] once = c.training(x0, 3, 17).toFloatArray();
            Engines.engine().setRandomSeed(2);
            assertArrayEquals(once, c.training(x0, 3, 17).toFloatArray());
        }
    }

    @Test
    void drawsFollowTheStoredQuantiles() {
        // quantiles -1, 0, 3: half the draws uniform on [-1, 0], half on [0, 3]
        RoughnessCondition c = new RoughnessCondition(0, 1, new double[] {-1, 0, 3}, 0);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            Engines.engine().setRandomSeed(7);
            int n = 20000;
            float[] v = c.draw(m, n).toFloatArray();
            int below = 0;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                assertEquals(1f, v[2 * k + 1]);
                assertTrue(v[2 * k] >= -1 && v[2 * k] <= 3);
                below += v[2 * k] < 0 ? 1 : 0;
                sum += v[2 * k];
            }
            // P(c < 0) = 1/2 (sd 0.0035 over 20 000 draws); E c = (-1/2 + 3/2) / 2 = 1/2 (sd of the mean 0.008)
            assertEquals(0.5, below / (double) n, 0.015);
            assertEquals(0.5, sum / n, 0.04);
            assertEquals(
                    new Shape(5, RoughnessCondition.CONDITIONS), c.draw(m, 5).getShape());
            assertArrayEquals(
                    new float[] {0.7f, 1f, 0.7f, 1f, 0.7f, 1f},
                    RoughnessCondition.fixed(m, 3, 0.7).toFloatArray());
        }
    }

    @Test
    void aCardCarriesTheConditionAndRefusesAnotherOrAMalformedOne() {
        RoughnessCondition c = RoughnessCondition.fit(stripes(), 0.1);
        ModelCard base =
                ModelCard.of(new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 8, 0, 2), List.of("a"), List.of("a"));
        RoughnessCondition read = RoughnessCondition.readFrom(c.writeTo(base)).orElseThrow();
        assertEquals(c.mean(), read.mean());
        assertEquals(c.sd(), read.sd());
        assertEquals(c.dropout(), read.dropout());
        assertArrayEquals(c.quantiles(), read.quantiles(), 1e-4);
        assertTrue(RoughnessCondition.readFrom(base).isEmpty());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RoughnessCondition.readFrom(base.withProperty(RoughnessCondition.PROPERTY, "texture")));
        assertTrue(e.getMessage().contains("texture"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RoughnessCondition.readFrom(c.writeTo(base).withProperty("roughness_quantiles", "1,x")));
        assertTrue(e.getMessage().contains("roughness condition is malformed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RoughnessCondition(0, 1, new double[] {1, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> new RoughnessCondition(0, 1, new double[] {0, 1}, 1));
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
