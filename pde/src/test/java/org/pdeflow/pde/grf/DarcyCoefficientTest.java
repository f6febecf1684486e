package org.pdeflow.pde.grf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

class DarcyCoefficientTest {

    private static RandomGenerator rng(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /**
     * Values only 12 or 3, and the fraction of 12s has expectation exactly 1/2 (each node's value
     * is a centred Gaussian, symmetric about the threshold 0). The per-draw fractions are strongly
     * correlated within a draw but independent across draws, so the tolerance is 5 standard errors
     * estimated from their spread over the draws.
     */
    @Test
    void fnoPresetTakesTwoValuesHalfOfTheTime() {
        DarcyCoefficient a = new DarcyCoefficient(33);
        assertEquals(Grid2D.nodes(33, 1.0), a.grid());
        int draws = 1000;
        RandomGenerator r = rng(81);
        double sum = 0;
        double sumSq = 0;
        for (int d = 0; d < draws; d++) {
            double[] field = a.sample(r);
            int high = 0;
            for (double v : field) {
                assertTrue(v == 12.0 || v == 3.0, "unexpected value " + v);
                if (v == 12.0) {
                    high++;
                }
            }
            double fraction = (double) high / field.length;
            sum += fraction;
            sumSq += fraction * fraction;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
        System.out.printf("Darcy: fraction of 12s %.4f, standard error %.4f%n", mean, se);
        assertEquals(0.5, mean, 5 * se);
    }

    /** The coefficient is the documented threshold of the underlying field drawn from the same stream. */
    @Test
    void thresholdsTheUnderlyingField() {
        NeumannGaussianField field = NeumannGaussianField.onNodes(20, 1.0, GrfSpec.darcyFno());
        DarcyCoefficient a = new DarcyCoefficient(field, 0.1, 5.0, 1.0);
        double[] u = field.sample(rng(4));
        double[] expected = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            expected[k] = u[k] >= 0.1 ? 5.0 : 1.0;
        }
        assertArrayEquals(expected, a.sample(rng(4)));
        // Same stream as the preset constructor.
        assertArrayEquals(
                new DarcyCoefficient(field, 0.0, 12.0, 3.0).sample(rng(6)), new DarcyCoefficient(20).sample(rng(6)));
    }

    @Test
    void rejectsBadArguments() {
        NeumannGaussianField field = NeumannGaussianField.onNodes(8, 1.0, GrfSpec.darcyFno());
        assertThrows(IllegalArgumentException.class, () -> new DarcyCoefficient(1));
        assertThrows(IllegalArgumentException.class, () -> new DarcyCoefficient(null, 0, 12, 3));
        assertThrows(IllegalArgumentException.class, () -> new DarcyCoefficient(field, Double.NaN, 12, 3));
        assertThrows(IllegalArgumentException.class, () -> new DarcyCoefficient(field, 0, 12, 0));
        assertThrows(IllegalArgumentException.class, () -> new DarcyCoefficient(field, 0, Double.POSITIVE_INFINITY, 3));
    }
}
