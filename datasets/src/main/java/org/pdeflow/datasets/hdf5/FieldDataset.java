package org.pdeflow.datasets.hdf5;

import java.nio.file.Path;
import java.util.List;

/**
 * A file of N samples of named fields, read one sample at a time without loading the file.
 *
 * <p>Implementations: {@link DatasetReader} (pdeflow's own layout) and {@link PdeBenchReader}
 * (PDEBench's 2-D Darcy and incompressible Navier-Stokes files, mapped to pdeflow field names).
 * Samples are {@code double[]} in C order over the sample shape; for 2-D fields of shape (nx, ny)
 * that is the pdeflow convention {@code u[i * ny + j]} with x along the first axis.
 *
 * <p>Readers keep the file open; close them. They are not thread-safe.
 */
public interface FieldDataset extends AutoCloseable {

    /** The file read. */
    Path file();

    /** Number of samples N. */
    int sampleCount();

    /** The field names, in the file's order. */
    List<String> fields();

    /**
     * Shape of one sample of a field.
     *
     * @param field a name from {@link #fields()}
     * @return the shape (a copy)
     * @throws IllegalArgumentException for an unknown field
     */
    int[] sampleShape(String field);

    /**
     * Reads one sample of a field (only its bytes are read from the file).
     *
     * @param field a name from {@link #fields()}
     * @param index sample index, 0 .. N-1
     * @return the values in C order, converted to double
     * @throws IllegalArgumentException for an unknown field or an index out of range
     * @throws org.pdeflow.datasets.io.InputException when the file cannot be read
     */
    double[] readSample(String field, int index);

    /** Closes the file. */
    @Override
    void close();
}
