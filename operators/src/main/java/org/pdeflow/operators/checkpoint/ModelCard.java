package org.pdeflow.operators.checkpoint;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.ModelConfig;

/**
 * Everything needed to rebuild, apply and trust a trained network, stored as
 * {@code model-card.json} next to its DJL weights (see {@link Checkpoints}).
 *
 * @param cardVersion version of this card's schema ({@link #CURRENT_VERSION})
 * @param model architecture and hyper-parameters; {@link ModelConfig#newBlock()} rebuilds the block
 * @param inputChannels names of the input channels, e.g. ["a"]; one per model input channel
 * @param outputChannels names of the output channels, e.g. ["u"]
 * @param inputNormalizer normalisation applied to physical inputs before the network, or null (none)
 * @param outputNormalizer normalisation of the targets the network was trained on (its outputs are
 *     denormalised with it), or null (none)
 * @param trainingData what the network was trained on (file, sample counts, resolution, split)
 * @param commandLine the exact command that produced it
 * @param metrics named figures (e.g. "test_rel_l2", "train_loss", "steps", "epochs")
 * @param properties free-form extra settings, e.g. a diffusion prior's "sigma_data" or "noise"
 * @param pdeflowVersion version of pdeflow that wrote it
 * @param engine DJL engine and device description ({@link Engines#describe()})
 * @param created creation time, ISO-8601 UTC
 */
public record ModelCard(
        int cardVersion,
        ModelConfig model,
        List<String> inputChannels,
        List<String> outputChannels,
        ChannelNormalizer inputNormalizer,
        ChannelNormalizer outputNormalizer,
        String trainingData,
        String commandLine,
        Map<String, Double> metrics,
        Map<String, String> properties,
        String pdeflowVersion,
        String engine,
        String created) {

    /** The schema version written by this code. */
    public static final int CURRENT_VERSION = 1;

    /** The "H x W" that ends a training-data description written by pdeflow. */
    private static final Pattern TRAINING_SIZE = Pattern.compile("(\\d{1,9}) x (\\d{1,9})$");

    /** Validates channel counts against the config and copies the collections. */
    public ModelCard {
        if (model == null) {
            throw new IllegalArgumentException("a model card needs the model's config");
        }
        inputChannels = List.copyOf(inputChannels);
        outputChannels = List.copyOf(outputChannels);
        if (inputChannels.size() != model.inChannels() || outputChannels.size() != model.outChannels()) {
            throw new IllegalArgumentException("model card names " + inputChannels.size() + " input and "
                    + outputChannels.size() + " output channels, the model has " + model.inChannels() + " and "
                    + model.outChannels());
        }
        if (inputNormalizer != null && inputNormalizer.channels() != model.inChannels()) {
            throw new IllegalArgumentException(
                    "input normalizer has " + inputNormalizer.channels() + " channels, model " + model.inChannels());
        }
        if (outputNormalizer != null && outputNormalizer.channels() != model.outChannels()) {
            throw new IllegalArgumentException(
                    "output normalizer has " + outputNormalizer.channels() + " channels, model " + model.outChannels());
        }
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * A card for a new network: no normalisation, data, command or metrics yet; the current
     * pdeflow version, engine description and time.
     *
     * @param model the network's config
     * @param inputChannels input channel names
     * @param outputChannels output channel names
     * @return the card
     */
    public static ModelCard of(ModelConfig model, List<String> inputChannels, List<String> outputChannels) {
        return new ModelCard(
                CURRENT_VERSION,
                model,
                inputChannels,
                outputChannels,
                null,
                null,
                "",
                "",
                Map.of(),
                Map.of(),
                PdeflowVersion.get(),
                Engines.describe(),
                Instant.now().toString());
    }

    /**
     * The side H of the fields the network was trained on: the {@code resolution} property
     * ({@code pdeflow train-prior} writes it), else the trailing {@code "H x W"} of
     * {@link #trainingData()}; empty when neither says.
     */
    public OptionalInt trainingResolution() {
        String p = properties.get("resolution");
        if (p != null && p.strip().matches("\\d{1,9}")) {
            return OptionalInt.of(Integer.parseInt(p.strip()));
        }
        Matcher m = TRAINING_SIZE.matcher(trainingData == null ? "" : trainingData);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** A copy with these normalisers. */
    public ModelCard withNormalizers(ChannelNormalizer input, ChannelNormalizer output) {
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                input,
                output,
                trainingData,
                commandLine,
                metrics,
                properties,
                pdeflowVersion,
                engine,
                created);
    }

    /**
     * A copy describing another network over the same channels (e.g. this one grown by a layer).
     *
     * @param config the network
     * @return the copy
     */
    public ModelCard withModel(ModelConfig config) {
        return new ModelCard(
                cardVersion,
                config,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                trainingData,
                commandLine,
                metrics,
                properties,
                pdeflowVersion,
                engine,
                created);
    }

    /** A copy with this training-data description. */
    public ModelCard withTrainingData(String description) {
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                description,
                commandLine,
                metrics,
                properties,
                pdeflowVersion,
                engine,
                created);
    }

    /** A copy with this command line. */
    public ModelCard withCommandLine(String command) {
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                trainingData,
                command,
                metrics,
                properties,
                pdeflowVersion,
                engine,
                created);
    }

    /** A copy whose metrics are these (replacing the old ones). */
    public ModelCard withMetrics(Map<String, Double> newMetrics) {
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                trainingData,
                commandLine,
                newMetrics,
                properties,
                pdeflowVersion,
                engine,
                created);
    }

    /** A copy with one more (or a replaced) property. */
    public ModelCard withProperty(String key, String value) {
        Map<String, String> p = new LinkedHashMap<>(properties);
        p.put(key, value);
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                trainingData,
                commandLine,
                metrics,
                p,
                pdeflowVersion,
                engine,
                created);
    }

    /** A copy stamped with the current time, pdeflow version and engine. */
    public ModelCard restamped() {
        return new ModelCard(
                cardVersion,
                model,
                inputChannels,
                outputChannels,
                inputNormalizer,
                outputNormalizer,
                trainingData,
                commandLine,
                metrics,
                properties,
                PdeflowVersion.get(),
                Engines.describe(),
                Instant.now().toString());
    }
}
