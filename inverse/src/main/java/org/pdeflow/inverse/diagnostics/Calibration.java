package org.pdeflow.inverse.diagnostics;

import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.special.Erf;

/**
 * Calibration of a sampled posterior against the truth: the fraction of grid points whose true
 * value lies inside mean +- k std, for several multipliers k, next to what a calibrated sampler
 * would give.
 *
 * <p>Two reference curves. The Gaussian nominal coverage 2 Phi(k) - 1 = erf(k / sqrt 2) (0.9545 at
 * k = 2) is what one expects when mean and std are the exact posterior moments. With S samples
 * they are estimates: if the truth and the S samples are independent draws of the same Gaussian,
 * (truth - mean) / (std sqrt(1 + 1/S)) follows Student's t with S - 1 degrees of freedom (mean and
 * the n - 1 sample variance are independent; truth - mean has variance sigma^2 (1 + 1/S)), so the
 * finite-sample nominal coverage is
 * <pre>
 *   P(|truth - mean| &lt;= k std) = 2 F_{t, S-1}(k / sqrt(1 + 1/S)) - 1,
 * </pre>
 * 0.899 at k = 2 for S = 8 and tending to erf(k / sqrt 2) as S grows. Coverage well below it means
 * an over-confident (too narrow) posterior, above it an under-confident one.
 *
 * <p>Points with zero spread count as covered only where mean equals the truth. Neighbouring grid
 * points are correlated, so the binomial standard error sqrt(p (1 - p) / n) over n points
 * understates the uncertainty of one field's coverage.
 *
 * @param multipliers the k values
 * @param coverage empirical fraction of points inside mean +- k std, per k
 * @param gaussianNominal erf(k / sqrt 2), per k
 * @param finiteSampleNominal 2 F_{t,S-1}(k / sqrt(1 + 1/S)) - 1, per k
 * @param points number of grid points compared
 * @param samples number of posterior samples S behind mean and std
 */
public record Calibration(
        double[] multipliers,
        double[] coverage,
        double[] gaussianNominal,
        double[] finiteSampleNominal,
        int points,
        int samples) {

    /** The multipliers of a coverage curve: 0.5, 0.75, .., 3. */
    public static double[] defaultMultipliers() {
        double[] k = new double[11];
        for (int i = 0; i < k.length; i++) {
            k[i] = 0.5 + 0.25 * i;
        }
        return k;
    }

    /**
     * The coverage curve of a field.
     *
     * @param truth true values
     * @param mean posterior mean, same length
     * @param std posterior standard deviation (divisor S - 1), same length
     * @param samples S, at least 2
     * @param multipliers the k values, positive
     * @return the curve
     */
    public static Calibration of(double[] truth, double[] mean, double[] std, int samples, double[] multipliers) {
        if (samples < 2) {
            throw new IllegalArgumentException("calibration needs at least 2 samples, got " + samples);
        }
        double[] cov = new double[multipliers.length];
        double[] gauss = new double[multipliers.length];
        double[] finite = new double[multipliers.length];
        TDistribution t = new TDistribution(samples - 1);
        double inflation = Math.sqrt(1 + 1.0 / samples);
        for (int i = 0; i < multipliers.length; i++) {
            double k = multipliers[i];
            if (!(k > 0)) {
                throw new IllegalArgumentException("multipliers must be positive, got " + k);
            }
            cov[i] = coverage(truth, mean, std, k);
            gauss[i] = gaussianNominal(k);
            finite[i] = 2 * t.cumulativeProbability(k / inflation) - 1;
        }
        return new Calibration(multipliers.clone(), cov, gauss, finite, truth.length, samples);
    }

    /**
     * The fraction of points with |truth - mean| &lt;= k std.
     *
     * @param truth true values
     * @param mean posterior mean
     * @param std posterior standard deviation
     * @param k the multiplier
     * @return the fraction in [0, 1]
     */
    public static double coverage(double[] truth, double[] mean, double[] std, double k) {
        if (truth.length != mean.length || truth.length != std.length || truth.length == 0) {
            throw new IllegalArgumentException("truth, mean and std need the same non-zero length, got " + truth.length
                    + ", " + mean.length + ", " + std.length);
        }
        int inside = 0;
        for (int i = 0; i < truth.length; i++) {
            if (Math.abs(truth[i] - mean[i]) <= k * std[i]) {
                inside++;
            }
        }
        return inside / (double) truth.length;
    }

    /** 2 Phi(k) - 1 = erf(k / sqrt 2): the mass of a Gaussian within k standard deviations. */
    public static double gaussianNominal(double k) {
        return Erf.erf(k / Math.sqrt(2));
    }

    /** The empirical coverage at the multiplier closest to {@code k}. */
    public double coverageAt(double k) {
        int best = 0;
        for (int i = 1; i < multipliers.length; i++) {
            if (Math.abs(multipliers[i] - k) < Math.abs(multipliers[best] - k)) {
                best = i;
            }
        }
        return coverage[best];
    }

    /** The finite-sample nominal coverage at the multiplier closest to {@code k}. */
    public double finiteSampleNominalAt(double k) {
        int best = 0;
        for (int i = 1; i < multipliers.length; i++) {
            if (Math.abs(multipliers[i] - k) < Math.abs(multipliers[best] - k)) {
                best = i;
            }
        }
        return finiteSampleNominal[best];
    }
}
