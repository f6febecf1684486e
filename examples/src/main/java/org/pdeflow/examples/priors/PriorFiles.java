package org.pdeflow.examples.priors;

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
import org.pdeflow.operators.checkpoint.ModelCard;

/**
 * Reads the fields a prior is trained on, or compared with, from a data set file into memory as
 * physical values (N, C, H, W), one channel per field (channel c = the c-th named field, as in
 * DiffusionPDE: channel 0 = a, channel 1 = u).
 *
 * <p>Accepts a pdeflow HDF5 data set ({@code pdeflow generate}) or an .npz with arrays of shape
 * [N, s, s]. A field with a time axis must hold a single snapshot ([N, 1, s, s]); several snapshots
 * are refused (a prior over a trajectory is not what these commands train).
 */
public final class PriorFiles {

    /**
     * Fields read from a file.
     *
     * @param values (N, C, H, W) row-major
     * @param channels field names, C of them
     * @param count N
     * @param height H
     * @param width W
     * @param domainLength the file's {@code domain_length} attribute, 1 when absent
     * @param attributes the file's attributes (empty for .npz)
     */
    public record Fields(
            float[] values,
            List<String> channels,
            int count,
            int height,
            int width,
            double domainLength,
            Map<String, Object> attributes) {
        int perSample() {
            return channels.size() * height * width;
        }

        /** These values under other channel names (one per channel, in order). */
        public Fields withChannels(List<String> names) {
            if (names.size() != channels.size()) {
                throw new IllegalArgumentException(names.size() + " channel names for " + channels.size() + " fields");
            }
            return new Fields(values, List.copyOf(names), count, height, width, domainLength, attributes);
        }
    }

    /**
     * The model-card property naming, per channel, the data-set field the channel was trained on,
     * where the names differ (a Navier-Stokes prior's channel {@code omega0} is the field {@code a}).
     */
    public static final String DATASET_FIELDS = "dataset_fields";

    /**
     * The {@code --fields} choice of {@code train-prior}: each entry {@code FIELD} or
     * {@code FIELD:CHANNEL}, the data-set field and the name its channel gets.
     *
     * @param datasetFields the fields read from the data set
     * @param channels the channel names of the model, one per field
     */
    public record FieldChoice(List<String> datasetFields, List<String> channels) {

        /**
         * Parses {@code --fields} entries.
         *
         * @throws IllegalArgumentException naming a malformed entry or a repeated channel
         */
        public static FieldChoice parse(List<String> entries) {
            List<String> fields = new ArrayList<>();
            List<String> channels = new ArrayList<>();
            for (String e : entries) {
                String[] parts = e.split(":", -1);
                if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
                    throw new IllegalArgumentException("--fields entry '" + e + "' must be FIELD or FIELD:CHANNEL");
                }
                String channel = parts.length == 2 ? parts[1] : parts[0];
                if (channels.contains(channel)) {
                    throw new IllegalArgumentException("--fields names the channel '" + channel + "' twice");
                }
                fields.add(parts[0]);
                channels.add(channel);
            }
            return new FieldChoice(List.copyOf(fields), List.copyOf(channels));
        }

        /** Whether some channel is named differently from its field. */
        public boolean renames() {
            return !datasetFields.equals(channels);
        }
    }

    /** The data-set fields a model's channels were trained on ({@link #DATASET_FIELDS}, else the channel names). */
    public static List<String> datasetFields(ModelCard card) {
        String stored = card.properties().get(DATASET_FIELDS);
        return stored == null ? card.inputChannels() : List.of(stored.split(","));
    }

    private PriorFiles() {}

    /**
     * Reads samples {@code from .. from + count - 1} of the named fields.
     *
     * @param file .h5 or .npz
     * @param fields field names, at least one
     * @param from first sample
     * @param count number of samples; null = all from {@code from} on
     * @return the values
     */
    public static Fields read(Path file, List<String> fields, int from, Integer count) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("--fields names no field");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npz") ? readNpz(file, fields, from, count) : readHdf5(file, fields, from, count);
    }

    private static Fields readHdf5(Path file, List<String> fields, int from, Integer count) {
        if (System.getProperty("org.slf4j.simpleLogger.log.io.jhdf") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        }
        try (DatasetReader reader = DatasetReader.open(file)) {
            int h = -1;
            int w = -1;
            for (String f : fields) {
                if (!reader.fields().contains(f)) {
                    throw new InputException(file, "no field '" + f + "' (fields: " + reader.fields() + ")");
                }
                int[] shape = spatial(file, f, reader.sampleShape(f));
                if (h < 0) {
                    h = shape[0];
                    w = shape[1];
                } else if (h != shape[0] || w != shape[1]) {
                    throw new InputException(file, "fields " + fields + " are not on the same grid");
                }
            }
            int n = count(file, reader.sampleCount(), from, count);
            int c = fields.size();
            int p = h * w;
            requireFits(file, n, c, p);
            float[] values = new float[n * c * p];
            for (int k = 0; k < n; k++) {
                for (int ch = 0; ch < c; ch++) {
                    double[] v = reader.readSample(fields.get(ch), from + k);
                    int off = (k * c + ch) * p;
                    for (int i = 0; i < p; i++) {
                        values[off + i] = (float) v[i];
                    }
                }
            }
            Map<String, Object> attrs = reader.attributes();
            Object len = attrs.get("domain_length");
            double length = len instanceof Number num ? num.doubleValue() : 1.0;
            return new Fields(values, List.copyOf(fields), n, h, w, length, attrs);
        }
    }

    private static Fields readNpz(Path file, List<String> fields, int from, Integer count) {
        Map<String, NdArray> arrays = Npz.read(file);
        List<NdArray> list = new ArrayList<>();
        int h = -1;
        int w = -1;
        int total = -1;
        for (String f : fields) {
            NdArray a = Npz.require(file, arrays, f);
            int[] shape = spatial(file, f, Arrays.copyOfRange(a.shape(), 1, a.rank()));
            if (h < 0) {
                h = shape[0];
                w = shape[1];
                total = a.dim(0);
            } else if (h != shape[0] || w != shape[1] || total != a.dim(0)) {
                throw new InputException(file, "arrays " + fields + " differ in sample count or grid");
            }
            list.add(a);
        }
        int n = count(file, total, from, count);
        int c = fields.size();
        int p = h * w;
        requireFits(file, n, c, p);
        float[] values = new float[n * c * p];
        for (int ch = 0; ch < c; ch++) {
            double[] d = list.get(ch).data();
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < p; i++) {
                    values[(k * c + ch) * p + i] = (float) d[(from + k) * p + i];
                }
            }
        }
        return new Fields(values, List.copyOf(fields), n, h, w, 1.0, Map.of());
    }

    /** The fields are held in one float array (the training set in memory: 10 000 x 2 x 64 x 64 is 330 MB). */
    private static void requireFits(Path file, int n, int c, int p) {
        if ((long) n * c * p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": " + n + " samples of " + c + " x " + p
                    + " values do not fit in " + "memory as one array; use --samples to take fewer");
        }
    }

    private static int count(Path file, int total, int from, Integer count) {
        int n = count == null ? total - from : count;
        if (from < 0 || n < 1 || (long) from + n > total) {
            throw new IllegalArgumentException(file + ": asked for samples " + from + ".." + ((long) from + n - 1)
                    + " but the file holds " + total);
        }
        return n;
    }

    private static int[] spatial(Path file, String field, int[] sampleShape) {
        if (sampleShape.length == 2) {
            return sampleShape;
        }
        if (sampleShape.length == 3 && sampleShape[0] == 1) {
            return new int[] {sampleShape[1], sampleShape[2]};
        }
        throw new InputException(
                file,
                "field '" + field + "' has samples of shape " + Arrays.toString(sampleShape)
                        + "; a prior needs one snapshot per field ([s, s] or [1, s, s]); for Navier-Stokes train on "
                        + "--fields a "
                        + "(the initial vorticity)");
    }
}
