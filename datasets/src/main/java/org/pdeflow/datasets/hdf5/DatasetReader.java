package org.pdeflow.datasets.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pdeflow.datasets.io.InputException;

/**
 * Reads a dataset file in the pdeflow layout ({@link DatasetLayout}, {@code docs/dataset-format.md}),
 * one sample at a time.
 *
 * <p>{@link #open(Path)} validates the whole layout before returning: the format attributes, the
 * sample count, every listed field (numeric, first extent N, one {@value DatasetLayout#AXES} name
 * per dimension, first axis {@value DatasetLayout#SAMPLE_AXIS}) and, for every other axis, a 1-D
 * coordinate dataset of matching length. Anything missing or mis-shaped is an
 * {@link InputException} naming the file and the dataset or attribute. Only attributes and
 * coordinates are read at opening; {@link #readSample} reads one sample's bytes.
 */
public final class DatasetReader implements FieldDataset {

    private final Path file;
    private final HdfFile hdf;
    private final int samples;
    private final Map<String, Dataset> fields = new LinkedHashMap<>();
    private final Map<String, List<String>> axes = new LinkedHashMap<>();
    private final Map<String, double[]> coordinates = new LinkedHashMap<>();

    private DatasetReader(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
        String format = requireString(DatasetLayout.FORMAT);
        if (!DatasetLayout.FORMAT_NAME.equals(format)) {
            throw new InputException(
                    file,
                    "root attribute '" + DatasetLayout.FORMAT + "' is '" + format + "', expected '"
                            + DatasetLayout.FORMAT_NAME + "'");
        }
        long version = requireLong(DatasetLayout.FORMAT_VERSION);
        if (version != DatasetLayout.VERSION) {
            throw new InputException(
                    file,
                    "root attribute '" + DatasetLayout.FORMAT_VERSION + "' is " + version
                            + "; this pdeflow reads version " + DatasetLayout.VERSION);
        }
        long n = requireLong(DatasetLayout.SAMPLES);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new InputException(
                    file, "root attribute '" + DatasetLayout.SAMPLES + "' is " + n + ", expected a positive count");
        }
        this.samples = (int) n;
        for (String name : split(requireString(DatasetLayout.COORDINATES))) {
            Dataset c = Hdf5Access.dataset(hdf, file, name, 1);
            coordinates.put(name, Hdf5Access.readAll(c, file));
        }
        List<String> names = split(requireString(DatasetLayout.FIELDS));
        if (names.isEmpty()) {
            throw new InputException(file, "root attribute '" + DatasetLayout.FIELDS + "' lists no field");
        }
        for (String name : names) {
            Dataset d = Hdf5Access.dataset(hdf, file, name, -1);
            int[] shape = d.getDimensions();
            Object axesValue = Hdf5Access.attributeOrNull(d, DatasetLayout.AXES);
            if (!(axesValue instanceof String axesText)) {
                throw new InputException(
                        file, "dataset '/" + name + "' has no string attribute '" + DatasetLayout.AXES + "'");
            }
            List<String> axisNames = split(axesText);
            if (axisNames.size() != shape.length || shape.length < 2) {
                throw new InputException(
                        file,
                        "dataset '/" + name + "' has shape " + Arrays.toString(shape) + " but axes '" + axesText + "'");
            }
            if (!DatasetLayout.SAMPLE_AXIS.equals(axisNames.get(0)) || shape[0] != samples) {
                throw new InputException(
                        file,
                        "dataset '/" + name + "' must have " + samples + " samples along its first axis '"
                                + DatasetLayout.SAMPLE_AXIS + "', has shape " + Arrays.toString(shape) + " and axes '"
                                + axesText + "'");
            }
            for (int k = 1; k < shape.length; k++) {
                double[] c = coordinates.get(axisNames.get(k));
                if (c == null) {
                    throw new InputException(
                            file,
                            "dataset '/" + name + "' axis '" + axisNames.get(k) + "' has no coordinate dataset '/"
                                    + axisNames.get(k) + "'");
                }
                if (c.length != shape[k]) {
                    throw new InputException(
                            file,
                            "dataset '/" + name + "' axis '" + axisNames.get(k) + "' has length " + shape[k]
                                    + " but coordinate '/" + axisNames.get(k) + "' has " + c.length + " values");
                }
            }
            fields.put(name, d);
            axes.put(name, List.copyOf(axisNames.subList(1, axisNames.size())));
        }
    }

    /**
     * Opens and validates a dataset file.
     *
     * @param file the .h5 file
     * @return the reader; close it
     * @throws InputException naming the file and the offending dataset or attribute
     */
    public static DatasetReader open(Path file) {
        HdfFile hdf = Hdf5Access.open(file);
        try {
            return new DatasetReader(file, hdf);
        } catch (RuntimeException e) {
            hdf.close();
            if (e instanceof InputException) {
                throw e;
            }
            throw new InputException(file, "malformed pdeflow dataset: " + e.getMessage(), e);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int sampleCount() {
        return samples;
    }

    @Override
    public List<String> fields() {
        return List.copyOf(fields.keySet());
    }

    @Override
    public int[] sampleShape(String field) {
        int[] shape = field(field).getDimensions();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** Names of the sample axes of a field (each a coordinate), e.g. {@code [x, y]} or {@code [t, x, y]}. */
    public List<String> axes(String field) {
        field(field);
        return axes.get(field);
    }

    /** The field's {@value DatasetLayout#DESCRIPTION} attribute, or "" if it has none. */
    public String description(String field) {
        Object v = Hdf5Access.attributeOrNull(field(field), DatasetLayout.DESCRIPTION);
        return v instanceof String s ? s : "";
    }

    @Override
    public double[] readSample(String field, int index) {
        Dataset d = field(field);
        if (index < 0 || index >= samples) {
            throw new IllegalArgumentException("sample index " + index + " out of range 0.." + (samples - 1));
        }
        int[] dims = d.getDimensions().clone();
        dims[0] = 1;
        long[] offset = new long[dims.length];
        offset[0] = index;
        return Hdf5Access.read(d, file, offset, dims);
    }

    /** Names of the coordinate datasets. */
    public List<String> coordinates() {
        return List.copyOf(coordinates.keySet());
    }

    /**
     * A coordinate's values (a copy).
     *
     * @throws IllegalArgumentException when there is no such coordinate
     */
    public double[] coordinate(String name) {
        double[] c = coordinates.get(name);
        if (c == null) {
            throw new IllegalArgumentException(
                    "no coordinate '" + name + "' in " + file + "; it has " + coordinates.keySet());
        }
        return c.clone();
    }

    /**
     * All root attributes, sorted by name: String, Long, Double or double[] values (other HDF5
     * types as jHDF returns them).
     */
    public Map<String, Object> attributes() {
        Map<String, Object> out = new TreeMap<>();
        for (String name : hdf.getAttributes().keySet()) {
            out.put(name, Hdf5Access.attributeOrNull(hdf, name));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A root attribute that must be a string. */
    public String requireString(String name) {
        Object v = requireAttribute(name);
        if (v instanceof String s) {
            return s;
        }
        throw new InputException(file, "root attribute '" + name + "' is " + describe(v) + ", expected a string");
    }

    /** A root attribute that must be an integer. */
    public long requireLong(String name) {
        Object v = requireAttribute(name);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new InputException(file, "root attribute '" + name + "' is " + describe(v) + ", expected an integer");
    }

    /** A root attribute that must be a number. */
    public double requireDouble(String name) {
        Object v = requireAttribute(name);
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        throw new InputException(file, "root attribute '" + name + "' is " + describe(v) + ", expected a number");
    }

    private Object requireAttribute(String name) {
        Object v = Hdf5Access.attributeOrNull(hdf, name);
        if (v == null) {
            throw new InputException(file, "root attribute '" + name + "' is missing");
        }
        return v;
    }

    private Dataset field(String name) {
        Dataset d = fields.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no field '" + name + "' in " + file + "; it has " + fields.keySet());
        }
        return d;
    }

    private static String describe(Object v) {
        if (v.getClass().isArray()) {
            return "an array of " + Array.getLength(v) + " "
                    + v.getClass().getComponentType().getSimpleName();
        }
        return "'" + v + "' (" + v.getClass().getSimpleName() + ")";
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
