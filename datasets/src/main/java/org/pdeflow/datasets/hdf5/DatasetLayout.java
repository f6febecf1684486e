package org.pdeflow.datasets.hdf5;

/**
 * Names of the pdeflow dataset layout (documented in {@code docs/dataset-format.md}).
 *
 * <p>A dataset file holds N samples of one or more fields, each an HDF5 dataset of shape
 * {@code [N, ...]} whose attribute {@value #AXES} names its axes (e.g. {@code "sample,x,y"}); every
 * axis but the first names a one-dimensional coordinate dataset of the same length ({@code /x},
 * {@code /y}, {@code /t}, ...). Root attributes identify the format and record how the data was
 * made.
 */
public final class DatasetLayout {

    /** Root attribute: always {@value #FORMAT_NAME}. */
    public static final String FORMAT = "format";
    /** Value of {@link #FORMAT}. */
    public static final String FORMAT_NAME = "pdeflow-dataset";
    /** Root attribute: layout version, an integer. */
    public static final String FORMAT_VERSION = "format_version";
    /** The layout version written and read by this code. */
    public static final long VERSION = 1;
    /** Root attribute: number of samples N, an integer. */
    public static final String SAMPLES = "samples";
    /** Root attribute: comma-separated field dataset names, in order (e.g. {@code "a,u"}). */
    public static final String FIELDS = "fields";
    /** Root attribute: comma-separated coordinate dataset names. */
    public static final String COORDINATES = "coordinates";
    /** Root attribute: the pdeflow version that wrote the file. */
    public static final String SOFTWARE_VERSION = "pdeflow_version";
    /** Field attribute: comma-separated axis names, the first {@value #SAMPLE_AXIS}. */
    public static final String AXES = "axes";
    /** Name of the first axis of every field. */
    public static final String SAMPLE_AXIS = "sample";
    /** Field and coordinate attribute: what the data is, with its unit. */
    public static final String DESCRIPTION = "description";
    /** Field attribute: element type, {@code float64} or {@code float32}. */
    public static final String DTYPE = "dtype";

    private DatasetLayout() {}
}
