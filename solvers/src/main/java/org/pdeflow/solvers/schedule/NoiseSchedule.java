package org.pdeflow.solvers.schedule;

import java.util.Arrays;

/**
 * A discretisation of the noise level for N sampler steps: sigma_0 &gt; sigma_1 &gt; ... &gt;
 * sigma_{N-1} &gt; 0, followed by sigma_N = 0 (the k-diffusion convention: the last step lands on the
 * data). Implementations are immutable value objects.
 */
@FunctionalInterface
public interface NoiseSchedule {

    /**
     * The levels for {@code steps} steps.
     *
     * @param steps N &gt;= 1
     * @return N + 1 values, strictly decreasing, the last one 0
     */
    double[] sigmas(int steps);

    /**
     * Checks that {@code sigmas} is a valid sampler input: at least two finite values, strictly
     * decreasing, all positive except possibly the last, which may be 0 (a final step to the data) or
     * positive (sampling stops at that level).
     *
     * @throws IllegalArgumentException otherwise
     */
    static void validate(double[] sigmas) {
        if (sigmas == null || sigmas.length < 2) {
            throw new IllegalArgumentException("a schedule needs at least two noise levels");
        }
        for (int i = 0; i < sigmas.length; i++) {
            double s = sigmas[i];
            if (!(s >= 0) || Double.isInfinite(s) || (s == 0 && i < sigmas.length - 1)) {
                throw new IllegalArgumentException(
                        "noise level " + i + " must be finite and positive (only the last " + "may be 0), got " + s);
            }
            if (i > 0 && !(s < sigmas[i - 1])) {
                throw new IllegalArgumentException(
                        "noise levels must decrease strictly, got " + sigmas[i - 1] + " then " + s + " at " + i);
            }
        }
    }

    /** Appends the final 0 to levels computed for steps 0 .. N-1. */
    static double[] withFinalZero(double[] levels) {
        double[] out = Arrays.copyOf(levels, levels.length + 1);
        out[levels.length] = 0.0;
        return out;
    }

    /** Checks a step count. */
    static void checkSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("number of steps must be at least 1, got " + steps);
        }
    }

    /** Checks a noise range sigmaMax &gt; sigmaMin &gt; 0. */
    static void checkRange(double sigmaMin, double sigmaMax) {
        if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException("need 0 < sigma_min < sigma_max < infinity, got sigma_min = " + sigmaMin
                    + ", sigma_max = " + sigmaMax);
        }
    }
}
