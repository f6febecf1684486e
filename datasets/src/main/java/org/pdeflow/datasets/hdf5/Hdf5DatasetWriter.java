package org.pdeflow.datasets.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one dataset file in the pdeflow layout ({@link DatasetLayout}): root attributes, 1-D
 * coordinate datasets, and N-sample field datasets whose values are streamed slab by slab
 * ({@link StreamedArray}), so that memory stays bounded by one sample whatever N is.
 *
 * <p>Collect the content with {@link #attribute}, {@link #coordinate} and {@link #field}, then call
 * {@link #write(Path, Path)} once: the file is built under a temporary name and renamed onto the
 * target only when complete, so a failure or a kill never leaves a truncated target.
 *
 * <p>Attribute values may be {@link String}, {@link Long}, {@link Integer} (stored as a 64-bit
 * integer), {@link Double}, {@link Boolean} (stored as the string {@code "true"}/{@code "false"}) or
 * {@code double[]}.
 */
public final class Hdf5DatasetWriter {

    private record Coordinate(double[] values, String description) {}

    private record Field(
            int[] shape, Precision precision, String axes, String description, StreamedArray.SlabSource source) {}

    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Coordinate> coordinates = new LinkedHashMap<>();
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final long samples;

    /**
     * @param samples number of samples N, the first extent of every field, &gt;= 1
     */
    public Hdf5DatasetWriter(long samples) {
        if (samples < 1 || samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample count must be in [1, 2^31), got " + samples);
        }
        this.samples = samples;
    }

    /**
     * Adds a root attribute (overwriting one of the same name).
     *
     * @param name attribute name, not one of the reserved layout names
     * @param value a String, Long, Integer, Double, Boolean or double[]
     * @return this writer
     */
    public Hdf5DatasetWriter attribute(String name, Object value) {
        checkName(name);
        if (List.of(
                        DatasetLayout.FORMAT,
                        DatasetLayout.FORMAT_VERSION,
                        DatasetLayout.SAMPLES,
                        DatasetLayout.FIELDS,
                        DatasetLayout.COORDINATES)
                .contains(name)) {
            throw new IllegalArgumentException("attribute '" + name + "' is set by the writer itself");
        }
        attributes.put(name, storable(name, value));
        return this;
    }

    /**
     * Adds a coordinate: a 1-D float64 dataset {@code /name}.
     *
     * @param name dataset name (an axis name used by fields)
     * @param values coordinate values, length &gt;= 1; copied
     * @param description what it is, with its unit
     * @return this writer
     */
    public Hdf5DatasetWriter coordinate(String name, double[] values, String description) {
        checkName(name);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("coordinate '" + name + "' needs at least one value");
        }
        if (fields.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already a field");
        }
        coordinates.put(name, new Coordinate(values.clone(), description));
        return this;
    }

    /**
     * Adds a field: a dataset {@code /name} of shape {@code [N, sampleShape...]}.
     *
     * @param name dataset name
     * @param sampleShape shape of one sample, rank &gt;= 1
     * @param axes names of the sample axes (one per entry of sampleShape); each must be a coordinate
     *     of the same length by the time {@link #write} is called
     * @param description what it is, with its unit
     * @param precision element type on disk
     * @param source called with (sample index, array of product(sampleShape) values), in order
     * @return this writer
     */
    public Hdf5DatasetWriter field(
            String name,
            int[] sampleShape,
            List<String> axes,
            String description,
            Precision precision,
            StreamedArray.SlabSource source) {
        checkName(name);
        if (sampleShape == null || sampleShape.length == 0 || axes == null || axes.size() != sampleShape.length) {
            throw new IllegalArgumentException("field '" + name + "': give one axis name per sample dimension");
        }
        if (coordinates.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already a coordinate");
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = (int) samples;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        fields.put(
                name,
                new Field(
                        shape,
                        precision,
                        DatasetLayout.SAMPLE_AXIS + "," + String.join(",", axes),
                        description,
                        source));
        return this;
    }

    /**
     * Writes the file: first to {@code temp} (deleted first if present), then renamed onto
     * {@code target} (replacing it). On failure the temporary file is deleted and the target is
     * untouched.
     *
     * @param target the dataset file
     * @param temp a scratch path in the same file system as the target (same folder, or a folder
     *     next to it)
     * @throws IOException when writing or renaming fails, or a slab source fails
     */
    public void write(Path target, Path temp) throws IOException {
        checkAxes();
        Files.deleteIfExists(temp);
        Path parent = temp.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean done = false;
        try {
            try (WritableHdfFile file = HdfFile.write(temp)) {
                file.putAttribute(DatasetLayout.FORMAT, DatasetLayout.FORMAT_NAME);
                file.putAttribute(DatasetLayout.FORMAT_VERSION, DatasetLayout.VERSION);
                file.putAttribute(DatasetLayout.SAMPLES, samples);
                file.putAttribute(DatasetLayout.FIELDS, String.join(",", fields.keySet()));
                file.putAttribute(DatasetLayout.COORDINATES, String.join(",", coordinates.keySet()));
                for (Map.Entry<String, Object> a : attributes.entrySet()) {
                    file.putAttribute(a.getKey(), a.getValue());
                }
                for (Map.Entry<String, Coordinate> c : coordinates.entrySet()) {
                    WritableDataset ds =
                            file.putDataset(c.getKey(), c.getValue().values());
                    ds.putAttribute(DatasetLayout.DESCRIPTION, c.getValue().description());
                }
                for (Map.Entry<String, Field> f : fields.entrySet()) {
                    Field field = f.getValue();
                    StreamedArray ds =
                            new StreamedArray(file, f.getKey(), field.shape(), field.precision(), field.source());
                    ds.putAttribute(DatasetLayout.AXES, field.axes());
                    ds.putAttribute(DatasetLayout.DESCRIPTION, field.description());
                    ds.putAttribute(DatasetLayout.DTYPE, field.precision().dtype());
                    file.putDataset(f.getKey(), ds);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void checkAxes() {
        for (Map.Entry<String, Field> f : fields.entrySet()) {
            String[] axes = f.getValue().axes().split(",");
            int[] shape = f.getValue().shape();
            for (int k = 1; k < axes.length; k++) {
                Coordinate c = coordinates.get(axes[k]);
                if (c == null || c.values().length != shape[k]) {
                    throw new IllegalStateException(
                            "field '" + f.getKey() + "' axis '" + axes[k] + "' of length " + shape[k]
                                    + " needs a coordinate of that name and length"
                                    + (c == null ? "" : " (it has " + c.values().length + ")"));
                }
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalStateException("a dataset needs at least one field");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains(",")) {
            throw new IllegalArgumentException("invalid name '" + name + "': non-blank, without '/' or ','");
        }
    }

    private static Object storable(String name, Object value) {
        if (value instanceof String || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof double[] d) {
            if (d.length == 0) {
                throw new IllegalArgumentException("attribute '" + name + "': empty arrays cannot be stored");
            }
            return d.clone();
        }
        throw new IllegalArgumentException("attribute '" + name + "': unsupported value type "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    /** Names of the fields added so far, in order. */
    public List<String> fieldNames() {
        return new ArrayList<>(fields.keySet());
    }

    @Override
    public String toString() {
        return "Hdf5DatasetWriter[" + samples + " samples, fields " + fields.keySet() + ", coordinates "
                + coordinates.keySet() + ", attributes " + attributes.keySet() + "]";
    }
}
