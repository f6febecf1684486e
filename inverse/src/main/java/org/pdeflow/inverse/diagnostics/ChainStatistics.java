package org.pdeflow.inverse.diagnostics;

/**
 * Monte Carlo error of a Markov chain's averages by non-overlapping batch means (Flegal, Haran &amp;
 * Jones 2008, "Markov chain Monte Carlo: can we trust the third significant figure?", Statist.
 * Sci. 23, 250): the chain of n states is cut into b = floor(sqrt(n)) batches of length
 * {@code l = n / b}; the variance of the batch means, times l, estimates the asymptotic variance
 * sigma^2 of the chain average, so
 * <pre>
 *   MCSE = sqrt(sigma^2 / n),     ESS = n s^2 / sigma^2   (s^2 the sample variance).
 * </pre>
 * Computed per component of the samples {@code [s][i]}.
 */
public final class ChainStatistics {

    private final double[] mean;
    private final double[] variance;
    private final double[] standardError;
    private final double[] effectiveSampleSize;

    private ChainStatistics(double[] mean, double[] variance, double[] standardError, double[] ess) {
        this.mean = mean;
        this.variance = variance;
        this.standardError = standardError;
        this.effectiveSampleSize = ess;
    }

    /**
     * Statistics of a chain.
     *
     * @param samples states in chain order, {@code [s][i]}, at least 4
     * @return the per-component statistics
     */
    public static ChainStatistics of(double[][] samples) {
        int n = samples.length;
        if (n < 4) {
            throw new IllegalArgumentException("batch means need at least 4 states, got " + n);
        }
        int d = samples[0].length;
        int batches = (int) Math.floor(Math.sqrt(n));
        int length = n / batches;
        int used = batches * length;
        double[] mean = new double[d];
        double[] var = new double[d];
        double[] se = new double[d];
        double[] ess = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = 0;
            for (double[] s : samples) {
                sum += s[i];
            }
            double mu = sum / n;
            double ss = 0;
            for (double[] s : samples) {
                ss += (s[i] - mu) * (s[i] - mu);
            }
            double sampleVar = ss / (n - 1);
            double muUsed = 0;
            for (int k = 0; k < used; k++) {
                muUsed += samples[k][i];
            }
            muUsed /= used;
            double bv = 0;
            for (int b = 0; b < batches; b++) {
                double bm = 0;
                for (int k = b * length; k < (b + 1) * length; k++) {
                    bm += samples[k][i];
                }
                bm /= length;
                bv += (bm - muUsed) * (bm - muUsed);
            }
            double sigma2 = length * bv / (batches - 1);
            mean[i] = mu;
            var[i] = sampleVar;
            se[i] = Math.sqrt(sigma2 / n);
            ess[i] = sigma2 > 0 ? n * sampleVar / sigma2 : n;
        }
        return new ChainStatistics(mean, var, se, ess);
    }

    /** Sample mean per component. */
    public double[] mean() {
        return mean.clone();
    }

    /** Sample variance per component (divisor n - 1). */
    public double[] variance() {
        return variance.clone();
    }

    /** Monte Carlo standard error of the mean per component. */
    public double[] standardError() {
        return standardError.clone();
    }

    /** Effective sample size per component. */
    public double[] effectiveSampleSize() {
        return effectiveSampleSize.clone();
    }

    /** The smallest effective sample size over the components. */
    public double minEffectiveSampleSize() {
        double m = Double.POSITIVE_INFINITY;
        for (double e : effectiveSampleSize) {
            m = Math.min(m, e);
        }
        return m;
    }
}
