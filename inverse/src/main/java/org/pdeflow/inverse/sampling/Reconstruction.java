package org.pdeflow.inverse.sampling;

import java.util.Map;
import org.pdeflow.inverse.forward.Unknowns;

/**
 * The result of an inverse-problem algorithm: samples of the unknowns with their pointwise mean and
 * standard deviation, the misfit history and the cost.
 *
 * <p>Arrays are packed unknowns ({@link Unknowns}); the per-field views {@link #mean(String)},
 * {@link #std(String)} and {@link #sample(int, String)} cut one field out. A point estimate is one
 * sample with zero standard deviation.
 *
 * @param method name of the algorithm that produced it
 * @param unknowns the unknowns
 * @param samples the samples, {@code [s][i]}, at least one
 * @param mean pointwise sample mean
 * @param std pointwise sample standard deviation (divisor n - 1; zero for one sample)
 * @param misfitHistory the data misfit Phi after each step (see {@link StepInfo#misfit()})
 * @param timings cost
 * @param statistics algorithm-specific scalars, e.g. {@code "acceptanceRate"}, {@code "beta"},
 *     {@code "iterations"}; unmodifiable copy
 */
public record Reconstruction(
        String method,
        Unknowns unknowns,
        double[][] samples,
        double[] mean,
        double[] std,
        double[] misfitHistory,
        Timings timings,
        Map<String, Double> statistics) {

    public Reconstruction {
        if (samples == null || samples.length == 0) {
            throw new IllegalArgumentException("a reconstruction needs at least one sample");
        }
        for (double[] s : samples) {
            unknowns.requireLength(s, "sample");
        }
        unknowns.requireLength(mean, "mean");
        unknowns.requireLength(std, "standard deviation");
        statistics = Map.copyOf(statistics);
    }

    /**
     * Builds a reconstruction from samples, computing their mean and standard deviation.
     *
     * @param method algorithm name
     * @param unknowns the unknowns
     * @param samples the samples (kept, not copied)
     * @param misfitHistory misfit per step
     * @param timings cost
     * @param statistics algorithm-specific scalars
     * @return the reconstruction
     */
    public static Reconstruction of(
            String method,
            Unknowns unknowns,
            double[][] samples,
            double[] misfitHistory,
            Timings timings,
            Map<String, Double> statistics) {
        int n = unknowns.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        for (double[] s : samples) {
            unknowns.requireLength(s, "sample");
            for (int i = 0; i < n; i++) {
                mean[i] += s[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= samples.length;
        }
        if (samples.length > 1) {
            for (double[] s : samples) {
                for (int i = 0; i < n; i++) {
                    double d = s[i] - mean[i];
                    std[i] += d * d;
                }
            }
            for (int i = 0; i < n; i++) {
                std[i] = Math.sqrt(std[i] / (samples.length - 1));
            }
        }
        return new Reconstruction(method, unknowns, samples, mean, std, misfitHistory, timings, statistics);
    }

    /** Number of samples. */
    public int sampleCount() {
        return samples.length;
    }

    /** The mean of one field. */
    public double[] mean(String field) {
        return unknowns.extract(mean, field);
    }

    /** The standard deviation of one field. */
    public double[] std(String field) {
        return unknowns.extract(std, field);
    }

    /** One field of sample {@code s}. */
    public double[] sample(int s, String field) {
        return unknowns.extract(samples[s], field);
    }

    /** The misfit after the last step, or NaN when no step was recorded. */
    public double finalMisfit() {
        return misfitHistory.length == 0 ? Double.NaN : misfitHistory[misfitHistory.length - 1];
    }
}
