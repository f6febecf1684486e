/**
 * The uniform tensor grids every field of pdeflow lives on, and their memory layout.
 *
 * <p>{@link Grid2D} is an {@code nx x ny} grid on [0, lx] x [0, ly]; a field is a {@code double[nx * ny]} in row-major
 * order with x along the first axis ({@code index(i, j) = i * ny + j}), the layout of a C-order NumPy array
 * {@code u[i, j]}, so {@code .npy} files read back in Python unchanged. {@link Layout} says where the points sit on
 * each axis: {@code NODE} (both boundaries included, for the Dirichlet and Neumann problems: Darcy, Poisson, the wave
 * equation), {@code CELL} (cell centres) or {@code PERIODIC} (for the pseudo-spectral Navier-Stokes solver).
 */
package org.pdeflow.pde.grid;
