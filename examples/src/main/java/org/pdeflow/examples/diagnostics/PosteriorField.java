package org.pdeflow.examples.diagnostics;

import org.pdeflow.pde.grid.Grid2D;

/**
 * One field of a posterior: its samples, their pointwise mean and standard deviation, and the
 * truth when known. All arrays are fields on {@code grid} ({@code grid.size()} values, x along the
 * first axis).
 *
 * @param name field name as it appears in files and titles, e.g. "a", "u", "omega0"
 * @param grid the grid
 * @param samples the samples {@code [s][i]}, at least one
 * @param mean pointwise mean
 * @param std pointwise standard deviation (divisor S - 1; zero for one sample)
 * @param truth the true field, or null
 */
public record PosteriorField(
        String name, Grid2D grid, double[][] samples, double[] mean, double[] std, double[] truth) {

    public PosteriorField {
        int n = grid.size();
        if (samples.length == 0) {
            throw new IllegalArgumentException("field '" + name + "' has no samples");
        }
        for (double[] s : samples) {
            require(s, n, "sample");
        }
        require(mean, n, "mean");
        require(std, n, "std");
        if (truth != null) {
            require(truth, n, "truth");
        }
    }

    private void require(double[] v, int n, String what) {
        if (v.length != n) {
            throw new IllegalArgumentException(
                    "field '" + name + "': " + what + " has " + v.length + " values, the grid " + n);
        }
    }

    /** Whether the truth is known. */
    public boolean hasTruth() {
        return truth != null;
    }
}
