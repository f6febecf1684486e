/**
 * NumPy's {@code .npy} and {@code .npz} files, the interchange format with Python tools (NumPy Enhancement Proposal 1,
 * "A Simple File Format for NumPy Arrays").
 *
 * <p>{@link Npy} reads format versions 1.0 to 3.0 (float64, float32, int64, int32, uint8 and bool of either byte order,
 * converted to double; Fortran order and complex refused with a clear message) and writes little-endian float64 or
 * float32 in C order. {@link Npz} reads stored or deflated archives ({@code np.savez}, {@code np.savez_compressed}) and
 * writes stored entries with a fixed timestamp, so equal arrays give byte-identical files. Arrays are {@link NdArray}s
 * (shape plus C-order doubles, the layout of a pdeflow field {@code u[i * ny + j]}); {@link DType} lists the element
 * types.
 */
package org.pdeflow.datasets.npy;
