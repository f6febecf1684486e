package org.pdeflow.examples.bench;

import java.util.Locale;

/**
 * One benchmark line: a measured cost beside the cost of the bare numerical kernels it cannot avoid
 * (FFTs for pseudo-spectral steps, the sparse factorisation for elliptic solves, one stencil sweep
 * for wave steps), measured in the same process.
 *
 * @param name what was measured
 * @param size grid size n (n x n)
 * @param measured the measured figure, in {@code unit}
 * @param unit unit of {@code measured}
 * @param seconds measured seconds for the unit of work the baseline covers
 * @param baselineSeconds seconds the bare kernels take for the same work
 * @param baseline what the baseline is
 */
public record BenchResult(
        String name, int size, double measured, String unit, double seconds, double baselineSeconds, String baseline) {

    /** Measured time over baseline time: 1 means no overhead beyond the bare kernels. */
    public double ratio() {
        return seconds / baselineSeconds;
    }

    /** One table row. */
    public String row() {
        return String.format(
                Locale.ROOT, "%-34s %5d²  %12.4g %-14s %6.2f   %s", name, size, measured, unit, ratio(), baseline);
    }

    /** The table header matching {@link #row()}. */
    public static String header() {
        return String.format(
                Locale.ROOT,
                "%-34s %6s  %12s %-14s %6s   %s",
                "benchmark",
                "grid",
                "median",
                "unit",
                "ratio",
                "baseline (bare kernels, same process)");
    }
}
