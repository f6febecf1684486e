package org.pdeflow.inverse.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Coverage of exact Gaussian posteriors: truth and S samples drawn independently from the same
 * N(mu_i, sigma_i^2) at each of n independent points, so the coverage count is binomial.
 */
class CalibrationTest {

    private static final int POINTS = 20000;

    @Test
    void nominalValuesAreTheKnownGaussianAndStudentTProbabilities() {
        assertEquals(0.682689492137, Calibration.gaussianNominal(1), 1e-10);
        assertEquals(0.954499736104, Calibration.gaussianNominal(2), 1e-10);
        // S = 2: t with 1 degree of freedom (Cauchy): 2 F(x) - 1 = (2 / pi) atan(x), x = k / sqrt(1.5)
        Calibration c = Calibration.of(new double[] {0}, new double[] {0}, new double[] {1}, 2, new double[] {2});
        assertEquals(2 / Math.PI * Math.atan(2 / Math.sqrt(1.5)), c.finiteSampleNominal()[0], 1e-9);
    }

    @Test
    void exactSamplesCoverAtTheFiniteSampleNominalRateAndNotTheGaussianOne() {
        Calibration c = calibrationOfExactSamples(8, 1.0, 5);
        for (int i = 0; i < c.multipliers().length; i++) {
            double p = c.finiteSampleNominal()[i];
            double se = Math.sqrt(p * (1 - p) / POINTS);
            assertEquals(p, c.coverage()[i], 4 * se, "k = " + c.multipliers()[i]);
        }
        // with 8 samples the std is noisy: +-2 std holds 0.90, not 0.954, and the data resolve the difference
        double p2 = c.finiteSampleNominalAt(2);
        assertEquals(0.899, p2, 2e-3);
        assertTrue(Calibration.gaussianNominal(2) - c.coverageAt(2) > 10 * Math.sqrt(p2 * (1 - p2) / POINTS));
    }

    @Test
    void manySamplesApproachTheGaussianNominal() {
        Calibration c = calibrationOfExactSamples(400, 1.0, 7);
        double g = Calibration.gaussianNominal(2);
        assertEquals(g, c.coverageAt(2), 4 * Math.sqrt(g * (1 - g) / POINTS) + (g - c.finiteSampleNominalAt(2)));
        assertEquals(g, c.finiteSampleNominalAt(2), 1e-3);
    }

    @Test
    void halvedStdIsDetectedAsOverconfident() {
        Calibration c = calibrationOfExactSamples(8, 0.5, 5);
        double p = c.finiteSampleNominalAt(2);
        double se = Math.sqrt(p * (1 - p) / POINTS);
        assertTrue(p - c.coverageAt(2) > 50 * se, "coverage " + c.coverageAt(2) + " vs nominal " + p);
    }

    @Test
    void rejectsSingleSamplesAndMismatchedLengths() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Calibration.of(new double[1], new double[1], new double[1], 1, new double[] {2}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Calibration.coverage(new double[2], new double[1], new double[2], 2));
    }

    /** Truth and S samples from N(mu_i, sigma_i^2); std multiplied by {@code stdFactor}. */
    private static Calibration calibrationOfExactSamples(int s, double stdFactor, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] truth = new double[POINTS];
        double[] mean = new double[POINTS];
        double[] std = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            double mu = 3 * rng.nextGaussian();
            double sigma = 0.1 + rng.nextDouble();
            truth[i] = mu + sigma * rng.nextGaussian();
            double sum = 0;
            double sumSq = 0;
            for (int k = 0; k < s; k++) {
                double x = mu + sigma * rng.nextGaussian();
                sum += x;
                sumSq += x * x;
            }
            mean[i] = sum / s;
            std[i] = stdFactor * Math.sqrt((sumSq - s * mean[i] * mean[i]) / (s - 1));
        }
        return Calibration.of(truth, mean, std, s, Calibration.defaultMultipliers());
    }
}
