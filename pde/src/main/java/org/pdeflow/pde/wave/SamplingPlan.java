package org.pdeflow.pde.wave;

/**
 * How a run of a given duration is cut into sample intervals and time steps: samples at
 * {@code k * sampleInterval}, each interval made of {@code substeps} equal time steps so every
 * sample falls exactly on a step.
 *
 * @param intervals number of sample intervals (nSamples - 1)
 * @param substeps time steps per sample interval
 * @param sampleInterval s
 * @param timeStep sampleInterval / substeps, s
 */
record SamplingPlan(int intervals, int substeps, double sampleInterval, double timeStep) {

    /** Relative slack when deciding that a ratio of times is a whole number. */
    private static final double WHOLE = 1e-9;

    /**
     * Plan with the largest time step not above {@code maxStep} that divides the sample interval.
     * The run ends at the last whole sample interval within {@code duration}.
     */
    static SamplingPlan withMaxStep(double duration, double sampleInterval, double maxStep) {
        int intervals = intervals(duration, sampleInterval);
        double ratio = Math.ceil(sampleInterval / maxStep * (1 - WHOLE));
        if (!(ratio <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    "sample interval " + sampleInterval + " s needs too many time steps of at most " + maxStep + " s");
        }
        int substeps = Math.max((int) ratio, 1);
        return new SamplingPlan(intervals, substeps, sampleInterval, sampleInterval / substeps);
    }

    /** Plan with a given time step, which must divide the sample interval. */
    static SamplingPlan withStep(double duration, double sampleInterval, double timeStep) {
        int intervals = intervals(duration, sampleInterval);
        double ratio = sampleInterval / timeStep;
        long substeps = Math.round(ratio);
        if (substeps < 1 || Math.abs(ratio - substeps) > WHOLE * ratio) {
            throw new IllegalArgumentException(
                    "sample interval " + sampleInterval + " s must be a whole number of time steps " + timeStep + " s");
        }
        return new SamplingPlan(intervals, (int) substeps, sampleInterval, timeStep);
    }

    private static int intervals(double duration, double sampleInterval) {
        if (!(duration > 0) || Double.isInfinite(duration)) {
            throw new IllegalArgumentException("duration must be positive and finite (s), got " + duration);
        }
        if (!(sampleInterval > 0) || Double.isInfinite(sampleInterval)) {
            throw new IllegalArgumentException(
                    "sample interval must be positive and finite (s), got " + sampleInterval);
        }
        double ratio = duration / sampleInterval;
        long n = Math.round(ratio);
        if (Math.abs(ratio - n) > WHOLE * Math.max(1.0, ratio)) {
            n = (long) Math.floor(ratio);
        }
        if (n < 1) {
            throw new IllegalArgumentException(
                    "sample interval " + sampleInterval + " s exceeds the duration " + duration + " s");
        }
        if (n > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("too many samples: " + n);
        }
        return (int) n;
    }

    /** Number of samples per trace. */
    int samples() {
        return intervals + 1;
    }

    /** Total number of time steps. */
    long steps() {
        return (long) intervals * substeps;
    }

    /** Time of the last sample, s. */
    double endTime() {
        return intervals * sampleInterval;
    }
}
