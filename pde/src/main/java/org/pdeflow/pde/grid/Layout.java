package org.pdeflow.pde.grid;

/**
 * Where the samples of a {@link Grid2D} sit along each axis of length {@code L} with {@code n} points.
 *
 * <pre>
 *   NODE      x_i = i h,         h = L / (n - 1),  i = 0 .. n-1   (both boundaries included)
 *   CELL      x_i = (i + 1/2) h, h = L / n                         (cell centres)
 *   PERIODIC  x_i = i h,         h = L / n                         (x_n = L is x_0 again)
 * </pre>
 */
public enum Layout {
    /** Vertices including both boundaries; finite-difference grids with Dirichlet data (Darcy, Poisson). */
    NODE,
    /** Cell centres; finite-volume style data. */
    CELL,
    /** Equispaced points of a periodic domain, the last point omitted (pseudo-spectral grids). */
    PERIODIC
}
