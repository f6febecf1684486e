package org.pdeflow.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.ModelCard;

/**
 * Refuses data of the wrong kind for a command: a Navier-Stokes data set where a Darcy one belongs,
 * a reference set unlike a prior's training data. The files describe themselves: a pdeflow HDF5
 * data set records its {@code preset} and {@code domain_length} as attributes, and a model card
 * records its channels, the normalisation fitted to its training data and (cards written since
 * this check exists) the {@code dataset_preset} it was trained on. Each refusal is one line naming
 * both files.
 */
final class DataMatch {

    /** Card property: the {@code preset} attribute of the data set a network was trained on. */
    static final String DATASET_PRESET = "dataset_preset";

    /**
     * How far the data's per-channel spread may be from the training data's before the data are
     * refused as another kind: a factor of 10 either way, or a mean 10 training standard deviations
     * off. Data of the same kind differ by sampling noise (tens of per cent); another PDE's fields
     * differ by orders of magnitude (Darcy's pressure u has a standard deviation of 0.004, a
     * Kolmogorov-flow vorticity about 5).
     */
    static final double SPREAD_FACTOR = 10;

    private DataMatch() {}

    /**
     * The {@code preset} attribute of a pdeflow HDF5 data set; null for an .npz (no attributes).
     *
     * @param file the data set
     * @return e.g. "darcy", or null
     */
    static String preset(Path file) {
        if (file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return null;
        }
        try (DatasetReader reader = DatasetReader.open(file)) {
            return preset(reader.attributes());
        }
    }

    /** The {@code preset} attribute, or null. */
    static String preset(Map<String, Object> attributes) {
        Object p = attributes.get("preset");
        return p == null ? null : p.toString();
    }

    /**
     * {@code train-operator PROBLEM} trains on data of that problem: refuses a data set whose preset
     * is another.
     */
    static void requireProblem(String problem, Path dataset) {
        String preset = preset(dataset);
        if (preset != null && !preset.equals(problem)) {
            throw new IllegalArgumentException(
                    "--dataset " + dataset + " holds a '" + preset + "' data set (its preset " + "attribute), not "
                            + problem + "; give a " + problem + " data set or the problem " + preset);
        }
    }

    /**
     * Checks that data fit a trained network: the data set's preset and domain length agree with
     * those on the card (where both are recorded), and each channel's mean and spread are those of
     * the training data as its normaliser records them, within {@link #SPREAD_FACTOR}.
     *
     * @param dataOption the option that named the data, e.g. "--reference"
     * @param data the data file
     * @param attributes the data file's attributes (empty for .npz)
     * @param model the checkpoint folder
     * @param card its card
     * @param normalizer the card's normaliser for these channels (the prior's input one, an operator's input or
     * output one)
     * @param channels channel names, in the normaliser's order
     * @param values the data, (N, C, P) row-major, physical units
     * @param points P
     * @throws IllegalArgumentException naming both files and what differs
     */
    static void requireSameKind(
            String dataOption,
            Path data,
            Map<String, Object> attributes,
            Path model,
            ModelCard card,
            ChannelNormalizer normalizer,
            List<String> channels,
            float[] values,
            int points) {
        requireSameKind(
                dataOption,
                data,
                attributes,
                model,
                card,
                normalizer,
                channels,
                statistics(
                        normalizer != null && normalizer.logarithmic() ? logs(values) : values,
                        channels.size(),
                        points));
    }

    /** ln of every value (a model normalised on logarithms is compared with the data's logarithms). */
    private static float[] logs(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) Math.log(values[i]);
        }
        return out;
    }

    /** Per-channel {mean[], standard deviation[]} of (N, C, P) values. */
    static double[][] statistics(float[] values, int c, int points) {
        long n = values.length / ((long) c * points);
        double[][] stats = new double[2][c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            double sumSq = 0;
            for (long k = 0; k < n; k++) {
                int base = (int) ((k * c + ch) * points);
                for (int i = 0; i < points; i++) {
                    double v = values[base + i];
                    sum += v;
                    sumSq += v * v;
                }
            }
            double count = (double) n * points;
            stats[0][ch] = sum / count;
            stats[1][ch] = Math.sqrt(Math.max(0, sumSq / count - stats[0][ch] * stats[0][ch]));
        }
        return stats;
    }

    /**
     * As {@link #requireSameKind(String, Path, Map, Path, ModelCard, ChannelNormalizer, List, float[], int)}
     * with the data's statistics given: {@code stats[0]} the per-channel means, {@code stats[1]} the
     * standard deviations.
     */
    static void requireSameKind(
            String dataOption,
            Path data,
            Map<String, Object> attributes,
            Path model,
            ModelCard card,
            ChannelNormalizer normalizer,
            List<String> channels,
            double[][] stats) {
        String head = dataOption + " " + data + " does not match the model in " + model + ": ";
        String trained = card.properties().get(DATASET_PRESET);
        String preset = preset(attributes);
        if (trained != null && preset != null && !trained.equals(preset)) {
            throw new IllegalArgumentException(head + "it holds a '" + preset + "' data set, the model was trained on '"
                    + trained + "' data (model-card.json, " + DATASET_PRESET + ")");
        }
        String lx = card.properties().get("domain_lx");
        Object length = attributes.get("domain_length");
        if (lx != null && length instanceof Number l) {
            double cardLength = Double.parseDouble(lx);
            if (Math.abs(cardLength - l.doubleValue()) > 1e-9 * Math.max(1, cardLength)) {
                throw new IllegalArgumentException(head
                        + String.format(
                                Locale.ROOT,
                                "its domain is %.6g long, the " + "model's %.6g (model-card.json, domain_lx)",
                                l.doubleValue(),
                                cardLength));
            }
        }
        if (normalizer == null) {
            return;
        }
        for (int ch = 0; ch < channels.size() && ch < normalizer.channels(); ch++) {
            double mean = stats[0][ch];
            double std = stats[1][ch];
            double scale = normalizer.scale()[ch];
            double offset = Math.abs(mean - normalizer.shift()[ch]) / scale;
            boolean spread = std > SPREAD_FACTOR * scale || std > 0 && std < scale / SPREAD_FACTOR;
            if (spread || offset > SPREAD_FACTOR) {
                throw new IllegalArgumentException(head
                        + String.format(
                                Locale.ROOT,
                                "channel %s has mean %.3g and standard "
                                        + "deviation %.3g there, but the model was trained on data normalised by (%s "
                                        + "- %.3g) / %.3g "
                                        + "(model-card.json); data of another kind?",
                                channels.get(ch),
                                mean,
                                std,
                                channels.get(ch),
                                normalizer.shift()[ch],
                                scale));
            }
        }
    }
}
