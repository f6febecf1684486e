package org.pdeflow.pde.ns;

/** Checks the snapshot times passed to a {@link VorticityIntegrator}. */
final class SnapshotTimes {

    private SnapshotTimes() {}

    /** Throws IllegalArgumentException unless the times are finite, strictly increasing and start at t &gt;= 0. */
    static void check(double[] times) {
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException("at least one snapshot time is required");
        }
        double previous = 0;
        for (int k = 0; k < times.length; k++) {
            double t = times[k];
            if (!Double.isFinite(t) || t < 0) {
                throw new IllegalArgumentException("snapshot times must be finite and non-negative, got " + t);
            }
            if (k > 0 && !(t > previous)) {
                throw new IllegalArgumentException(
                        "snapshot times must be strictly increasing, got " + previous + " then " + t);
            }
            previous = t;
        }
    }
}
