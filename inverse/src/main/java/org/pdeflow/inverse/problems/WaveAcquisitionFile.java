package org.pdeflow.inverse.problems;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * The acquisition file of seismograms (docs/measurement-files.md, "Seismograms"): one JSON object,
 * written by {@code pdeflow simulate wave} beside its traces ({@link #beside}) and read by
 * {@code pdeflow solve --problem wave-inverse}.
 *
 * <pre>
 * {
 *   "format": "pdeflow-wave-acquisition", "version": 1,
 *   "nx": 24, "ny": 24, "spacing": 10.0,
 *   "sources": [[60.0, 20.0], [170.0, 20.0]],
 *   "receivers": [[0.0, 10.0], [10.0, 10.0]],
 *   "frequency": 15.0, "sampleInterval": 0.0033, "duration": 0.36,
 *   "boundary": "absorbing", "layerWidth": 20,
 *   "prior": {"mean": 2400.0, "std": 400.0}
 * }
 * </pre>
 *
 * Lengths in m (x along the first axis of the velocity array, depth y along the second), times in s,
 * the Ricker peak frequency in Hz. Optional: {@code format} and {@code version} (checked when given),
 * {@code delay} (the wavelet's delay, default 1.5 / frequency), {@code amplitude} (default 1),
 * {@code boundary} ({@code absorbing}, the default, or {@code rigid}), {@code layerWidth} (cells of
 * the absorbing sponge, default 20) and {@code prior} (the Gaussian prior of the velocity, default
 * {@link VelocityPrior#DEFAULT}). Any other key is an error, so that a typo cannot silently drop a
 * setting. Every problem is one line naming the file and the field.
 */
public final class WaveAcquisitionFile {

    /** The value of the {@code format} key. */
    public static final String FORMAT = "pdeflow-wave-acquisition";

    /** The version this program writes and reads. */
    public static final int VERSION = 1;

    private static final List<String> KEYS = List.of(
            "format",
            "version",
            "nx",
            "ny",
            "spacing",
            "sources",
            "receivers",
            "frequency",
            "delay",
            "amplitude",
            "sampleInterval",
            "duration",
            "boundary",
            "layerWidth",
            "prior");

    /**
     * What an acquisition file holds.
     *
     * @param acquisition the geometry and sampling
     * @param prior the velocity prior it states, or null when it states none
     */
    public record Content(WaveAcquisition acquisition, VelocityPrior prior) {}

    private WaveAcquisitionFile() {}

    /** The acquisition file beside a traces file: {@code traces.npy} gives {@code traces.acquisition.json}. */
    public static Path beside(Path traces) {
        String name = traces.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
        return traces.resolveSibling(stem + ".acquisition.json");
    }

    /**
     * Reads and checks an acquisition file.
     *
     * @throws InputException one line naming the file and the field
     */
    public static Content read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (MalformedInputException e) {
            throw new InputException(file, "not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new InputException(file, "not valid JSON: " + firstSentence(e), e);
        }
        if (!root.isJsonObject()) {
            throw new InputException(file, "expected one JSON object {...}, got " + kind(root));
        }
        Fields f = new Fields(file, root.getAsJsonObject());
        f.requireKnown();
        if (f.has("format") && !FORMAT.equals(f.string("format"))) {
            throw f.error("format", "expected \"" + FORMAT + "\", got \"" + f.string("format") + "\"");
        }
        if (f.has("version") && f.integer("version") != VERSION) {
            throw f.error("version", "this pdeflow reads version " + VERSION + ", got " + f.integer("version"));
        }
        int nx = f.integer("nx");
        int ny = f.integer("ny");
        if (nx < 3) {
            throw f.error("nx", "the model needs at least 3 nodes per axis, got " + nx);
        }
        if (ny < 3) {
            throw f.error("ny", "the model needs at least 3 nodes per axis, got " + ny);
        }
        double spacing = f.positive("spacing");
        double frequency = f.positive("frequency");
        double delay = f.has("delay") ? f.number("delay") : RickerWavelet.DEFAULT_DELAY_PERIODS / frequency;
        if (!(delay >= 0)) {
            throw f.error("delay", "must be >= 0 s, got " + delay);
        }
        double amplitude = f.has("amplitude") ? f.number("amplitude") : 1.0;
        if (amplitude == 0) {
            throw f.error("amplitude", "must not be 0 (the sources would emit nothing)");
        }
        RickerWavelet wavelet = new RickerWavelet(frequency, delay, amplitude);
        double sampleInterval = f.positive("sampleInterval");
        double duration = f.positive("duration");
        if (sampleInterval > duration) {
            throw f.error(
                    "sampleInterval",
                    "the sample interval " + sampleInterval + " s exceeds the recording length (duration) " + duration
                            + " s");
        }
        String boundary = f.has("boundary") ? f.string("boundary") : "absorbing";
        AbsorbingLayer layer = switch (boundary) {
            case "absorbing" -> {
                int width = f.has("layerWidth") ? f.integer("layerWidth") : AbsorbingLayer.DEFAULT_WIDTH;
                if (width < 1) {
                    throw f.error("layerWidth", "the absorbing layer needs at least 1 cell, got " + width);
                }
                yield AbsorbingLayer.ofWidth(width);
            }
            case "rigid" -> {
                if (f.has("layerWidth")) {
                    throw f.error("layerWidth", "applies to an absorbing boundary only");
                }
                yield AbsorbingLayer.NONE;
            }
            default -> throw f.error("boundary", "expected \"absorbing\" or \"rigid\", got \"" + boundary + "\"");
        };
        double lx = spacing * (nx - 1);
        double ly = spacing * (ny - 1);
        List<PointSource> shots = new ArrayList<>();
        for (double[] p : f.points("sources", lx, ly)) {
            shots.add(new PointSource(p[0], p[1], wavelet));
        }
        List<Receiver> receivers = new ArrayList<>();
        for (double[] p : f.points("receivers", lx, ly)) {
            receivers.add(new Receiver(p[0], p[1]));
        }
        VelocityPrior prior = null;
        if (f.has("prior")) {
            Fields p = f.object("prior", Set.of("mean", "std"));
            prior = new VelocityPrior(p.positive("mean"), p.positive("std"));
        }
        WaveAcquisition acquisition;
        try {
            acquisition = new WaveAcquisition(nx, ny, spacing, shots, receivers, sampleInterval, duration, layer);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, e.getMessage(), e);
        }
        return new Content(acquisition, prior);
    }

    /**
     * Writes an acquisition file atomically (every number in Java's shortest round-trip form, so it
     * reads back bit for bit).
     *
     * @throws IllegalArgumentException when the shots' wavelets differ (the file holds one)
     */
    public static void write(Path file, WaveAcquisition a) throws IOException {
        RickerWavelet w = a.shots().get(0).wavelet();
        for (PointSource s : a.shots()) {
            if (!s.wavelet().equals(w)) {
                throw new IllegalArgumentException("an acquisition file holds one wavelet for all shots");
            }
        }
        StringBuilder sb = new StringBuilder("{\n");
        line(sb, "format", "\"" + FORMAT + "\"");
        line(sb, "version", Integer.toString(VERSION));
        line(sb, "nx", Integer.toString(a.nx()));
        line(sb, "ny", Integer.toString(a.ny()));
        line(sb, "spacing", Double.toString(a.spacing()));
        List<double[]> sources = new ArrayList<>();
        for (PointSource s : a.shots()) {
            sources.add(new double[] {s.x(), s.y()});
        }
        List<double[]> receivers = new ArrayList<>();
        for (Receiver r : a.receivers()) {
            receivers.add(new double[] {r.x(), r.y()});
        }
        sb.append("  \"sources\": ").append(points(sources)).append(",\n");
        sb.append("  \"receivers\": ").append(points(receivers)).append(",\n");
        line(sb, "frequency", Double.toString(w.peakFrequency()));
        line(sb, "delay", Double.toString(w.delay()));
        line(sb, "amplitude", Double.toString(w.amplitude()));
        line(sb, "sampleInterval", Double.toString(a.sampleInterval()));
        line(sb, "duration", Double.toString(a.duration()));
        if (a.boundary().isRigid()) {
            sb.append("  \"boundary\": \"rigid\"\n");
        } else {
            line(sb, "boundary", "\"absorbing\"");
            sb.append("  \"layerWidth\": ").append(a.boundary().width()).append('\n');
        }
        sb.append("}\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(file, out -> out.write(bytes));
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append("  \"").append(key).append("\": ").append(value).append(",\n");
    }

    private static String points(List<double[]> points) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < points.size(); i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("\n    [")
                    .append(points.get(i)[0])
                    .append(", ");
            sb.append(points.get(i)[1]).append(']');
        }
        return sb.append("\n  ]").toString();
    }

    /** Gson's message up to its pointer to the troubleshooting page. */
    private static String firstSentence(JsonParseException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage());
        int see = m.indexOf("\nSee ");
        return (see >= 0 ? m.substring(0, see) : m).replace('\n', ' ');
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "the text \"" + p.getAsString() + "\"" : p.isBoolean() ? "a boolean" : p.toString();
    }

    /** Typed access to one JSON object's keys, with errors that name the file and the key. */
    private static final class Fields {
        private final Path file;
        private final JsonObject object;
        private final String prefix;

        Fields(Path file, JsonObject object) {
            this(file, object, "");
        }

        private Fields(Path file, JsonObject object, String prefix) {
            this.file = file;
            this.object = object;
            this.prefix = prefix;
        }

        InputException error(String key, String problem) {
            return new InputException(file, "field '" + prefix + key + "': " + problem);
        }

        void requireKnown() {
            for (String k : object.keySet()) {
                if (!KEYS.contains(k)) {
                    throw error(k, "unknown key (the keys are " + String.join(", ", KEYS) + ")");
                }
            }
        }

        boolean has(String key) {
            return object.has(key) && !object.get(key).isJsonNull();
        }

        private JsonElement get(String key) {
            if (!has(key)) {
                throw error(key, "missing");
            }
            return object.get(key);
        }

        double number(String key) {
            return number(key, get(key));
        }

        private double number(String key, JsonElement e) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw error(key, "expected a number, got " + kind(e));
            }
            double v = e.getAsDouble();
            if (!Double.isFinite(v)) {
                throw error(key, "expected a finite number, got " + e);
            }
            return v;
        }

        double positive(String key) {
            double v = number(key);
            if (!(v > 0)) {
                throw error(key, "must be positive, got " + v);
            }
            return v;
        }

        int integer(String key) {
            double v = number(key);
            if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                throw error(key, "expected a whole number, got " + v);
            }
            return (int) v;
        }

        String string(String key) {
            JsonElement e = get(key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(key, "expected a text in quotes, got " + kind(e));
            }
            return e.getAsString();
        }

        Fields object(String key, Set<String> keys) {
            JsonElement e = get(key);
            if (!e.isJsonObject()) {
                throw error(key, "expected an object {...}, got " + kind(e));
            }
            Fields inner = new Fields(file, e.getAsJsonObject(), prefix + key + ".");
            for (String k : e.getAsJsonObject().keySet()) {
                if (!keys.contains(k)) {
                    throw inner.error(
                            k,
                            "unknown key (the keys are "
                                    + String.join(", ", keys.stream().sorted().toList()) + ")");
                }
            }
            return inner;
        }

        /** A non-empty array of [x, y] pairs inside [0, lx] x [0, ly]. */
        List<double[]> points(String key, double lx, double ly) {
            JsonElement e = get(key);
            if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
                throw error(key, "expected a non-empty array of [x, y] pairs in metres, got " + kind(e));
            }
            List<double[]> out = new ArrayList<>();
            JsonArray array = e.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                String name = String.format(Locale.ROOT, "%s[%d]", key, i);
                JsonElement p = array.get(i);
                if (!p.isJsonArray() || p.getAsJsonArray().size() != 2) {
                    throw error(name, "expected a pair [x, y] in metres, got " + (p.isJsonArray() ? p : kind(p)));
                }
                double x = number(name, p.getAsJsonArray().get(0));
                double y = number(name, p.getAsJsonArray().get(1));
                if (!(x >= 0 && x <= lx && y >= 0 && y <= ly)) {
                    throw error(
                            name,
                            "(" + x + ", " + y + ") m lies outside the model [0, " + lx + "] x [0, " + ly
                                    + "] m (nx, ny and spacing)");
                }
                out.add(new double[] {x, y});
            }
            return out;
        }
    }
}
