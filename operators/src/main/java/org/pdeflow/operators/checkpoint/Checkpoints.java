package org.pdeflow.operators.checkpoint;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.pdeflow.datasets.io.FolderSwap;
import org.pdeflow.operators.engine.Engines;

/**
 * Saving and loading trained networks as checkpoint folders:
 * <pre>
 *   dir/model-card.json      the {@link ModelCard} (architecture + config, normalisation, provenance)
 *   dir/model-0000.params    the weights, DJL's parameter format ({@code Model.save(dir, "model")})
 *   dir/...                  optional extra files (e.g. the trainer's optimizer state)
 * </pre>
 * Loading rebuilds the block from the card ({@link org.pdeflow.operators.models.ModelConfig#newBlock()})
 * and then reads the weights into it, so the folder is self-describing. Saving writes a complete
 * folder under a temporary name next to the target and renames it into place, so an interrupted
 * save never leaves a half-written checkpoint where a good one was.
 */
public final class Checkpoints {

    /** File name of the card inside a checkpoint folder. */
    public static final String CARD_FILE = "model-card.json";
    /** Prefix of the DJL parameter file ({@code model-0000.params}). */
    public static final String PARAMS_NAME = "model";

    /** Writes additional files into a checkpoint folder before it is moved into place. */
    @FunctionalInterface
    public interface ExtraFiles {
        /**
         * @param dir the (temporary) checkpoint folder
         * @throws IOException when writing fails
         */
        void write(Path dir) throws IOException;
    }

    private Checkpoints() {}

    /**
     * Saves a model and its card.
     *
     * @param dir the checkpoint folder to create or replace
     * @param model a DJL model whose block is initialised
     * @param card the card (its config must describe the block)
     * @throws IOException when writing fails; a previous checkpoint at {@code dir} is then kept
     */
    public static void save(Path dir, Model model, ModelCard card) throws IOException {
        save(dir, model, card, d -> {});
    }

    /**
     * Saves a model, its card and extra files.
     *
     * @param dir the checkpoint folder to create or replace
     * @param model a DJL model whose block is initialised
     * @param card the card
     * @param extra writes further files into the folder
     * @throws IOException when writing fails; a previous checkpoint at {@code dir} is then kept
     */
    public static void save(Path dir, Model model, ModelCard card, ExtraFiles extra) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path tmp = FolderSwap.stage(target, "saving");
        try {
            model.setProperty("Epoch", "0");
            model.save(tmp, PARAMS_NAME);
            Files.writeString(tmp.resolve(CARD_FILE), ModelCardJson.toJson(card), StandardCharsets.UTF_8);
            extra.write(tmp);
            FolderSwap.install(tmp, target);
        } finally {
            FolderSwap.deleteTree(tmp);
        }
    }

    /**
     * Reads the card of a checkpoint folder without loading weights.
     *
     * @param dir the checkpoint folder
     * @return its card
     * @throws IOException when the card cannot be read
     * @throws IllegalArgumentException when the card is malformed, or naming {@code dir} when it is
     *     missing or not a folder (a data file given where a checkpoint folder belongs)
     */
    public static ModelCard readCard(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": "
                    + (Files.exists(dir)
                            ? "is a file, not a checkpoint folder (a folder holding " + CARD_FILE + " and the weights)"
                            : "no such checkpoint folder"));
        }
        Path file = dir.resolve(CARD_FILE);
        try {
            return ModelCardJson.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " is not a pdeflow checkpoint (no " + CARD_FILE + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a checkpoint onto {@link Engines#device()}. */
    public static Checkpoint load(Path dir) throws IOException, MalformedModelException {
        return load(dir, Engines.device());
    }

    /**
     * Loads a checkpoint: rebuilds the block from the card, then reads the weights.
     *
     * @param dir the checkpoint folder
     * @param device where the weights go
     * @return the model and its card; close it when done
     * @throws IOException when a file cannot be read
     * @throws MalformedModelException when the weights do not match the card's architecture
     */
    public static Checkpoint load(Path dir, Device device) throws IOException, MalformedModelException {
        ModelCard card = readCard(dir);
        Block block = card.model().newBlock();
        Model model = Model.newInstance(card.model().architecture(), device, Engines.ENGINE);
        try {
            model.setBlock(block);
            model.load(dir, PARAMS_NAME, Map.of("epoch", "0"));
            return new Checkpoint(model, card);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
