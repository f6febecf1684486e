package org.pdeflow.datasets.generate;

/**
 * A coordinate axis of a generated dataset, stored as a 1-D dataset of the same name.
 *
 * @param name dataset name, e.g. {@code "x"}, {@code "t"}
 * @param values the coordinate values (not copied: treat as read-only)
 * @param description what it is, with its unit
 */
public record Coordinate(String name, double[] values, String description) {

    /** Node coordinates {@code i * length / (n - 1)}, i = 0 .. n-1, boundaries included. */
    static double[] nodes(int n, double length) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i * length / (n - 1);
        }
        return c;
    }

    /** Periodic grid coordinates {@code i * length / n}, i = 0 .. n-1. */
    static double[] periodic(int n, double length) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i * length / n;
        }
        return c;
    }
}
