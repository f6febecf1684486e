package org.pdeflow.datasets.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.pdeflow.datasets.io.InputException;

/** Opening HDF5 files and reading numeric slabs, with errors reported as {@link InputException}s naming the file. */
final class Hdf5Access {

    private Hdf5Access() {}

    static HdfFile open(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw new InputException(file, "is a folder, not an HDF5 file");
        }
        try {
            return new HdfFile(file);
        } catch (HdfException | IllegalArgumentException e) {
            throw new InputException(file, "not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    /** The dataset at {@code name} (relative to the root), or null if there is none. */
    static Dataset datasetOrNull(HdfFile hdf, String name) {
        Node node = hdf.getChildren().get(name);
        return node instanceof Dataset d ? d : null;
    }

    /** The dataset at {@code name}, which must exist, be numeric and have the given rank (-1: any). */
    static Dataset dataset(HdfFile hdf, Path file, String name, int rank) {
        Dataset d = datasetOrNull(hdf, name);
        if (d == null) {
            throw new InputException(file, "dataset '/" + name + "' is missing");
        }
        Class<?> type = d.getJavaType();
        if (!(type == double.class
                || type == float.class
                || type == long.class
                || type == int.class
                || type == short.class
                || type == byte.class)) {
            throw new InputException(file, "dataset '/" + name + "' holds " + type.getSimpleName() + ", not numbers");
        }
        if (rank >= 0 && d.getDimensions().length != rank) {
            throw new InputException(
                    file,
                    "dataset '/" + name + "' has shape " + Arrays.toString(d.getDimensions()) + ", expected " + rank
                            + " dimensions");
        }
        return d;
    }

    /** Reads a slab {@code [offset, offset + dims)} of a numeric dataset into a flat double array, C order. */
    static double[] read(Dataset d, Path file, long[] offset, int[] dims) {
        long n = 1;
        for (int k : dims) {
            n *= k;
        }
        double[] out = new double[Math.toIntExact(n)];
        Object data;
        try {
            data = d.getData(offset, dims);
        } catch (HdfException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new InputException(file, "cannot read dataset '" + d.getPath() + "': " + e.getMessage(), e);
        }
        int filled = flatten(data, out, 0);
        if (filled != out.length) {
            throw new InputException(
                    file,
                    "dataset '" + d.getPath() + "': slab of shape " + Arrays.toString(dims) + " returned " + filled
                            + " values");
        }
        return out;
    }

    /** Reads a whole 1-D or 2-D numeric dataset into a flat double array. */
    static double[] readAll(Dataset d, Path file) {
        int[] dims = d.getDimensions();
        return read(d, file, new long[dims.length], dims);
    }

    private static int flatten(Object data, double[] out, int at) {
        if (data instanceof double[] a) {
            System.arraycopy(a, 0, out, at, a.length);
            return at + a.length;
        }
        if (data instanceof float[] a) {
            for (int k = 0; k < a.length; k++) {
                out[at + k] = a[k];
            }
            return at + a.length;
        }
        if (data instanceof long[] a) {
            for (int k = 0; k < a.length; k++) {
                out[at + k] = a[k];
            }
            return at + a.length;
        }
        if (data instanceof int[] a) {
            for (int k = 0; k < a.length; k++) {
                out[at + k] = a[k];
            }
            return at + a.length;
        }
        if (data instanceof short[] a) {
            for (int k = 0; k < a.length; k++) {
                out[at + k] = a[k];
            }
            return at + a.length;
        }
        if (data instanceof byte[] a) {
            for (int k = 0; k < a.length; k++) {
                out[at + k] = a[k];
            }
            return at + a.length;
        }
        if (data instanceof Number v) {
            out[at] = v.doubleValue();
            return at + 1;
        }
        if (data != null && data.getClass().isArray()) {
            int next = at;
            for (int k = 0, n = Array.getLength(data); k < n; k++) {
                next = flatten(Array.get(data, k), out, next);
            }
            return next;
        }
        throw new IllegalStateException("unexpected HDF5 data of type " + (data == null ? "null" : data.getClass()));
    }

    /** An attribute's value (String, Long, Double, arrays...), or null when absent. */
    static Object attributeOrNull(Node node, String name) {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        return a.getData();
    }
}
