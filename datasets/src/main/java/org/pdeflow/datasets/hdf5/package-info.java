/**
 * HDF5 dataset files (jHDF): pdeflow's own layout, documented in {@code docs/dataset-format.md}, and PDEBench's 2-D
 * files, read one sample at a time and written with memory bounded by one sample.
 *
 * <p>{@link DatasetLayout} names the layout: per field an {@code [N, ...]} dataset whose {@code axes} attribute names a
 * 1-D coordinate dataset for every axis but the sample axis, plus root attributes recording how the data was made.
 * {@link FieldDataset} is the reading interface, with two implementations: {@link DatasetReader}, which validates the
 * whole layout at opening and reports any defect as an {@link org.pdeflow.datasets.io.InputException} naming the file
 * and dataset, and {@link PdeBenchReader} for the Darcy and incompressible Navier-Stokes files of PDEBench (Takamoto et
 * al., NeurIPS 2022), mapped to pdeflow's field names. {@link Hdf5DatasetWriter} writes a file atomically; its fields
 * are {@link StreamedArray}s, contiguous datasets whose slabs are produced while jHDF writes the file (jHDF 0.13
 * otherwise needs the whole array in memory), in the element type of {@link Precision}.
 */
package org.pdeflow.datasets.hdf5;
