package org.pdeflow.inverse.problem;

/**
 * The knobs of a shipped problem ({@link org.pdeflow.inverse.problems.ProblemDefinition#synthetic}); each problem
 * documents how it reads them.
 *
 * @param resolution grid points per axis, &gt;= 4
 * @param noise standard deviation of the Gaussian noise added to the synthetic data, &gt;= 0 (in
 *     the observed quantity's unit; with 0 the data are exact and weighted by {@code weightSigma})
 * @param weightSigma the sigma the misfit uses when {@code noise == 0}, &gt; 0
 * @param points number of scattered observation points (point-observation problems), &gt;= 1
 * @param stride observe every stride-th node (subsampling problems), &gt;= 1
 * @param seed fixes the truth, the observation points and the noise
 */
public record ProblemSettings(int resolution, double noise, double weightSigma, int points, int stride, long seed) {

    public ProblemSettings {
        if (resolution < 4) {
            throw new IllegalArgumentException("resolution must be >= 4, got " + resolution);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
        }
        if (!(weightSigma > 0) || Double.isInfinite(weightSigma)) {
            throw new IllegalArgumentException("weight sigma must be positive and finite, got " + weightSigma);
        }
        if (points < 1 || stride < 1) {
            throw new IllegalArgumentException("points and stride must be >= 1, got " + points + " and " + stride);
        }
    }

    /** This with another resolution. */
    public ProblemSettings withResolution(int value) {
        return new ProblemSettings(value, noise, weightSigma, points, stride, seed);
    }

    /** This with another noise level. */
    public ProblemSettings withNoise(double value) {
        return new ProblemSettings(resolution, value, weightSigma, points, stride, seed);
    }

    /** This with another number of observation points. */
    public ProblemSettings withPoints(int value) {
        return new ProblemSettings(resolution, noise, weightSigma, value, stride, seed);
    }

    /** This with another stride. */
    public ProblemSettings withStride(int value) {
        return new ProblemSettings(resolution, noise, weightSigma, points, value, seed);
    }

    /** This with another seed. */
    public ProblemSettings withSeed(long value) {
        return new ProblemSettings(resolution, noise, weightSigma, points, stride, value);
    }
}
