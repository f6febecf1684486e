package org.pdeflow.inverse.observe;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pdeflow.datasets.measurements.Measurements;

/**
 * Measured data {@code y} with independent Gaussian noise of standard deviation {@code sigma} per
 * reading: the likelihood {@code y = G(x) + e}, {@code e_k ~ N(0, sigma_k^2)}.
 *
 * <p>The data misfit (negative log-likelihood up to a constant) used by every method is
 * <pre>
 *   Phi(x) = 1/2 sum_k ((G(x)_k - y_k) / sigma_k)^2,
 * </pre>
 * see {@link #misfit(double[])}. InverseBench's {@code loss} is {@code sum_k (G(x)_k - y_k)^2},
 * i.e. {@code 2 sigma^2 Phi} for a uniform sigma.
 *
 * @param values the data y, finite; copied
 * @param sigma noise standard deviation of each reading, finite and positive, same length; copied
 */
public record Observations(double[] values, double[] sigma) {

    public Observations {
        if (values == null || sigma == null) {
            throw new IllegalArgumentException("observed values and noise levels are required");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one observation is required");
        }
        if (values.length != sigma.length) {
            throw new IllegalArgumentException(
                    values.length + " observed values but " + sigma.length + " noise levels");
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("observed value " + k + " is not finite: " + values[k]);
            }
            if (!(sigma[k] > 0) || Double.isInfinite(sigma[k])) {
                throw new IllegalArgumentException(
                        "noise level of observation " + k + " must be positive and finite, got " + sigma[k]);
            }
        }
        values = values.clone();
        sigma = sigma.clone();
    }

    /** Data with one noise level for every reading. */
    public static Observations of(double[] values, double sigma) {
        double[] s = new double[values.length];
        Arrays.fill(s, sigma);
        return new Observations(values, s);
    }

    /**
     * Values and noise levels of measurement readings, in the readings' order (the order an
     * observation operator built from the same readings uses, see
     * {@link PointSampling#of(org.pdeflow.pde.grid.Grid2D, Measurements)}).
     */
    public static Observations of(Measurements measurements) {
        if (measurements == null || measurements.isEmpty()) {
            throw new IllegalArgumentException("measurements are required and must not be empty");
        }
        return new Observations(measurements.values(), measurements.sigmas());
    }

    /**
     * Synthetic data: {@code y = clean + sigma * n}, n standard normal. With {@code sigma = 0}
     * the data are exact, and the misfit is then weighted by {@code weightSigma} instead.
     *
     * @param clean noise-free predictions G(x_true)
     * @param noise standard deviation of the added noise, &gt;= 0
     * @param weightSigma noise level stored with the data when {@code noise == 0} (the misfit needs
     *     a positive one); ignored otherwise
     * @param rng source of the normal draws (consumes {@code clean.length} draws when noise &gt; 0)
     * @return the observations
     */
    public static Observations synthetic(double[] clean, double noise, double weightSigma, RandomGenerator rng) {
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise level must be finite and >= 0, got " + noise);
        }
        double[] y = clean.clone();
        if (noise > 0) {
            for (int k = 0; k < y.length; k++) {
                y[k] += noise * rng.nextGaussian();
            }
        }
        return of(y, noise > 0 ? noise : weightSigma);
    }

    /** Number of readings m. */
    public int size() {
        return values.length;
    }

    /** The data y (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** The noise levels (a copy). */
    @Override
    public double[] sigma() {
        return sigma.clone();
    }

    /** y_k without copying the array. */
    public double value(int k) {
        return values[k];
    }

    /** sigma_k without copying the array. */
    public double sigma(int k) {
        return sigma[k];
    }

    /**
     * {@code Phi = 1/2 sum ((predicted - y) / sigma)^2}.
     *
     * @param predicted G(x), length {@link #size()}
     * @return the misfit, dimensionless
     */
    public double misfit(double[] predicted) {
        requireLength(predicted);
        double sum = 0;
        for (int k = 0; k < values.length; k++) {
            double r = (predicted[k] - values[k]) / sigma[k];
            sum += r * r;
        }
        return 0.5 * sum;
    }

    /**
     * Gradient of {@link #misfit} with respect to the predictions: {@code (predicted - y) / sigma^2}.
     * Chained with a forward model's vector-Jacobian product it gives the gradient in parameter space.
     */
    public double[] misfitGradient(double[] predicted) {
        requireLength(predicted);
        double[] g = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            g[k] = (predicted[k] - values[k]) / (sigma[k] * sigma[k]);
        }
        return g;
    }

    /** Whitened residual {@code (predicted - y) / sigma}. */
    public double[] whitenedResidual(double[] predicted) {
        requireLength(predicted);
        double[] r = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            r[k] = (predicted[k] - values[k]) / sigma[k];
        }
        return r;
    }

    private void requireLength(double[] predicted) {
        if (predicted == null || predicted.length != values.length) {
            throw new IllegalArgumentException("predictions must have " + values.length
                    + " values (one per observation), got " + (predicted == null ? "null" : predicted.length));
        }
    }
}
