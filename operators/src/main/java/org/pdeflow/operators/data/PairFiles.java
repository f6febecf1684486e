package org.pdeflow.operators.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npz;

/**
 * Reads (input, target) field pairs from a data set file:
 * <ul>
 *   <li>a pdeflow HDF5 data set written by {@code pdeflow generate} ({@code docs/dataset-format.md},
 *       read with {@link DatasetReader}), e.g. {@code /a} and {@code /u} of shape [N, s, s];</li>
 *   <li>a NumPy {@code .npz} archive with arrays of shape [N, s, s] under the same names
 *       ({@code np.savez("d.npz", a=a, u=u)}).</li>
 * </ul>
 * A field whose samples have shape [K, s, s] (e.g. K vorticity snapshots) becomes K channels named
 * {@code u0 .. u(K-1)}; a field of shape [s, s] is one channel named after the field.
 */
public final class PairFiles {

    private PairFiles() {}

    /**
     * Reads samples {@code from .. from + count - 1}.
     *
     * @param file an .h5 / .hdf5 data set or an .npz archive
     * @param inputField name of the input field (e.g. "a")
     * @param targetField name of the target field (e.g. "u")
     * @param from first sample
     * @param count number of samples, positive
     * @return the pairs
     * @throws InputException when the file is unreadable or its fields are missing or mis-shaped
     * @throws IllegalArgumentException when the range exceeds the samples in the file
     */
    public static FieldPairs read(Path file, String inputField, String targetField, int from, int count) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npz")
                ? readNpz(file, inputField, targetField, from, count)
                : readHdf5(file, inputField, targetField, from, count);
    }

    /**
     * Number of samples in a data set file (all fields share it).
     *
     * @param file an .h5 / .hdf5 data set or an .npz archive
     * @param field a field to count
     * @return N
     */
    public static int sampleCount(Path file, String field) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return Npz.require(file, Npz.read(file), field).dim(0);
        }
        try (DatasetReader reader = DatasetReader.open(file)) {
            requireField(reader, field);
            return reader.sampleCount();
        }
    }

    private static FieldPairs readHdf5(Path file, String inputField, String targetField, int from, int count) {
        try (DatasetReader reader = DatasetReader.open(file)) {
            requireField(reader, inputField);
            requireField(reader, targetField);
            int[] inShape = reader.sampleShape(inputField);
            int[] outShape = reader.sampleShape(targetField);
            Layout in = layout(file, inputField, inShape);
            Layout out = layout(file, targetField, outShape);
            in.requireSameGrid(file, out);
            checkRange(file, reader.sampleCount(), from, count);
            float[] x = new float[count * in.values()];
            float[] y = new float[count * out.values()];
            for (int k = 0; k < count; k++) {
                copy(reader.readSample(inputField, from + k), x, k * in.values());
                copy(reader.readSample(targetField, from + k), y, k * out.values());
            }
            return new FieldPairs(x, y, in.names(), out.names(), in.h, in.w);
        }
    }

    private static FieldPairs readNpz(Path file, String inputField, String targetField, int from, int count) {
        Map<String, NdArray> arrays = Npz.read(file);
        NdArray a = Npz.require(file, arrays, inputField);
        NdArray u = Npz.require(file, arrays, targetField);
        if (a.dim(0) != u.dim(0)) {
            throw new InputException(
                    file,
                    "arrays '" + inputField + "' " + a.shapeString() + " and '" + targetField + "' " + u.shapeString()
                            + " hold different sample counts");
        }
        Layout in = layout(file, inputField, Arrays.copyOfRange(a.shape(), 1, a.rank()));
        Layout out = layout(file, targetField, Arrays.copyOfRange(u.shape(), 1, u.rank()));
        in.requireSameGrid(file, out);
        checkRange(file, a.dim(0), from, count);
        float[] x = new float[count * in.values()];
        float[] y = new float[count * out.values()];
        double[] ad = a.data();
        double[] ud = u.data();
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ad[from * in.values() + i];
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) ud[from * out.values() + i];
        }
        return new FieldPairs(x, y, in.names(), out.names(), in.h, in.w);
    }

    private static void requireField(DatasetReader reader, String field) {
        if (!reader.fields().contains(field)) {
            throw new InputException(reader.file(), "no field '" + field + "' (fields: " + reader.fields() + ")");
        }
    }

    private static void checkRange(Path file, int n, int from, int count) {
        if (count < 1 || from < 0 || (long) from + count > n) {
            throw new IllegalArgumentException(file + ": asked for samples " + from + ".." + ((long) from + count - 1)
                    + " but the file holds " + n);
        }
    }

    private static void copy(double[] src, float[] dst, int offset) {
        for (int i = 0; i < src.length; i++) {
            dst[offset + i] = (float) src[i];
        }
    }

    private static Layout layout(Path file, String field, int[] sampleShape) {
        if (sampleShape.length == 2) {
            return new Layout(field, 1, sampleShape[0], sampleShape[1]);
        }
        if (sampleShape.length == 3) {
            return new Layout(field, sampleShape[0], sampleShape[1], sampleShape[2]);
        }
        throw new InputException(
                file,
                "field '" + field + "' has samples of shape " + Arrays.toString(sampleShape)
                        + "; expected [s, s] or [K, s, s]");
    }

    private record Layout(String field, int channels, int h, int w) {
        int values() {
            return channels * h * w;
        }

        List<String> names() {
            if (channels == 1) {
                return List.of(field);
            }
            List<String> n = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                n.add(field + c);
            }
            return n;
        }

        void requireSameGrid(Path file, Layout other) {
            if (h != other.h || w != other.w) {
                throw new InputException(
                        file,
                        "fields '" + field + "' (" + h + " x " + w + ") and '" + other.field + "' (" + other.h + " x "
                                + other.w + ") are not on the same grid");
            }
        }
    }
}
