package org.pdeflow.solvers.schedule;

/**
 * Time grids for flow samplers, increasing from noise (t = 0) to data (t = 1), on the path
 * x_t = (1 - t) n + t x0.
 */
public final class FlowTimes {

    private FlowTimes() {}

    /** t_i = i / N, i = 0 .. N (rectified flow / flow matching default). */
    public static double[] uniform(int steps) {
        NoiseSchedule.checkSteps(steps);
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            t[i] = (double) i / steps;
        }
        return t;
    }

    /**
     * The times of the same noise levels on the flow path: x_t / t = x0 + sigma n with
     * sigma = (1 - t) / t, so t = 1 / (1 + sigma) (sigma = 0 gives t = 1). Lets a flow sampler follow a
     * denoiser's schedule through {@code VelocityField.fromDenoiser}.
     */
    public static double[] fromSigmas(double[] sigmas) {
        NoiseSchedule.validate(sigmas);
        double[] t = new double[sigmas.length];
        for (int i = 0; i < sigmas.length; i++) {
            t[i] = 1 / (1 + sigmas[i]);
        }
        return t;
    }

    /**
     * Checks a flow time grid: at least two values in [0, 1], strictly increasing.
     */
    public static void validate(double[] times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException("a flow time grid needs at least two times");
        }
        for (int i = 0; i < times.length; i++) {
            if (!(times[i] >= 0 && times[i] <= 1)) {
                throw new IllegalArgumentException("flow times must lie in [0, 1], got " + times[i] + " at " + i);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException(
                        "flow times must increase strictly, got " + times[i - 1] + " then " + times[i]);
            }
        }
    }
}
