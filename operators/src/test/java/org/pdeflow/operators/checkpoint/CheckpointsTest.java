package org.pdeflow.operators.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Fno;
import org.pdeflow.operators.models.ModelConfig;
import org.pdeflow.operators.models.UnetConfig;
import org.pdeflow.operators.models.Uno;

/** Save -> load reproduces the network exactly; the card round-trips; mismatches are refused. */
class CheckpointsTest {

    @TempDir
    Path tmp;

    private static Model newModel(ModelConfig config) {
        Model model = Model.newInstance(config.architecture(), Engines.device(), Engines.ENGINE);
        Block block = config.newBlock();
        model.setBlock(block);
        Shape x = new Shape(2, config.inChannels(), 16, 16);
        if (config.conditioned()) {
            block.initialize(model.getNDManager(), DataType.FLOAT32, x, new Shape(2));
        } else {
            block.initialize(model.getNDManager(), DataType.FLOAT32, x);
        }
        return model;
    }

    private static float[] run(Block block, NDManager m, NDList in) {
        return block.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsAndCard() throws Exception {
        for (ModelConfig config : List.of(
                Fno.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setModes(4, 4)
                        .optWidth(8)
                        .optLayers(2)
                        .optProjectionChannels(8)
                        .optDomainPadding(0.125)
                        .config(),
                Uno.builder()
                        .setInChannels(2)
                        .setOutChannels(1)
                        .setModes(4, 4)
                        .optBaseWidth(4)
                        .optChannelMultipliers(List.of(1, 2))
                        .optProjectionChannels(8)
                        .optConditioning(8)
                        .config())) {
            Path dir = tmp.resolve(config.architecture());
            List<String> inNames = config.inChannels() == 1 ? List.of("a") : List.of("a", "f");
            ModelCard card = ModelCard.of(config, inNames, List.of("u"))
                    .withNormalizers(
                            new ChannelNormalizer(
                                    ChannelNormalizer.Kind.GAUSSIAN,
                                    new double[config.inChannels()],
                                    filled(config.inChannels(), 2.5)),
                            null)
                    .withTrainingData("synthetic, 4 pairs at 16^2")
                    .withCommandLine("pdeflow train-operator darcy --epochs 1")
                    .withMetrics(Map.of("test_rel_l2", 0.25, "steps", 3.0))
                    .withProperty("sigma_data", "0.5");
            try (Model model = newModel(config);
                    NDManager m = NDManager.newBaseManager(Engines.device())) {
                Checkpoints.save(dir, model, card);
                try (Checkpoint loaded = Checkpoints.load(dir)) {
                    assertEquals(card, loaded.card());
                    for (int n : new int[] {16, 24}) {
                        NDArray x = m.randomNormal(new Shape(3, config.inChannels(), n, n));
                        NDList in = config.conditioned()
                                ? new NDList(x, m.create(new float[] {0.1f, -1f, 2f}))
                                : new NDList(x);
                        assertArrayEquals(run(model.getBlock(), m, in), run(loaded.block(), m, in), 0f, "size " + n);
                    }
                }
            }
        }
    }

    private static double[] filled(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    @Test
    void predictAppliesTheNormalizers() throws Exception {
        ModelConfig config = Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(3, 3)
                .optWidth(4)
                .optLayers(1)
                .optProjectionChannels(4)
                .config();
        ChannelNormalizer in =
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, new double[] {3}, new double[] {2});
        ChannelNormalizer out =
                new ChannelNormalizer(ChannelNormalizer.Kind.SYMMETRIC_RANGE, new double[] {-1}, new double[] {4});
        try (Model model = newModel(config);
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            Checkpoints.save(
                    tmp.resolve("p"),
                    model,
                    ModelCard.of(config, List.of("a"), List.of("u")).withNormalizers(in, out));
            try (Checkpoint loaded = Checkpoints.load(tmp.resolve("p"))) {
                NDArray x = m.randomNormal(new Shape(1, 1, 16, 16));
                float[] raw = run(model.getBlock(), m, new NDList(x.sub(3).div(2)));
                float[] got = loaded.predict(x).toFloatArray();
                for (int i = 0; i < raw.length; i++) {
                    assertEquals(raw[i] * 4 - 1, got[i], 1e-5);
                }
            }
        }
    }

    /**
     * The training grid a card states: its "resolution" property, else the "H x W" that ends the
     * training-data line pdeflow writes, else nothing.
     */
    @Test
    void theTrainingResolutionIsReadFromTheCard() {
        ModelConfig config = Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(3, 3)
                .optWidth(4)
                .optLayers(1)
                .optProjectionChannels(4)
                .config();
        ModelCard bare = ModelCard.of(config, List.of("a"), List.of("a"));
        assertTrue(bare.trainingResolution().isEmpty());
        ModelCard described = bare.withTrainingData("/data/d.h5: samples 0..9, fields [a], 48 x 48");
        assertEquals(48, described.trainingResolution().getAsInt());
        assertEquals(
                20,
                described.withProperty("resolution", "20").trainingResolution().getAsInt());
        assertTrue(bare.withTrainingData("synthetic, 4 pairs at 16^2")
                .trainingResolution()
                .isEmpty());
    }

    @Test
    void replacingACheckpointLeavesNoTemporaryFolders() throws Exception {
        ModelConfig config = Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(3, 3)
                .optWidth(4)
                .optLayers(1)
                .optProjectionChannels(4)
                .config();
        Path dir = tmp.resolve("ckpt");
        try (Model model = newModel(config)) {
            ModelCard card = ModelCard.of(config, List.of("a"), List.of("u"));
            Checkpoints.save(dir, model, card);
            Checkpoints.save(
                    dir,
                    model,
                    card.withMetrics(Map.of("steps", 2.0)),
                    d -> Files.writeString(d.resolve("extra.txt"), "x"));
        }
        assertEquals(2.0, Checkpoints.readCard(dir).metrics().get("steps"));
        assertTrue(Files.exists(dir.resolve("extra.txt")));
        try (Stream<Path> entries = Files.list(tmp)) {
            assertEquals(List.of(dir), entries.toList());
        }
    }

    @Test
    void refusesWeightsOfAnotherArchitectureAndMalformedCards() throws Exception {
        ModelConfig saved = Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(3, 3)
                .optWidth(4)
                .optLayers(1)
                .optProjectionChannels(4)
                .config();
        ModelConfig other = Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(2, 3)
                .optWidth(4)
                .optLayers(1)
                .optProjectionChannels(4)
                .config();
        Path dir = tmp.resolve("w");
        try (Model model = newModel(saved)) {
            Checkpoints.save(dir, model, ModelCard.of(saved, List.of("a"), List.of("u")));
        }
        Files.writeString(
                dir.resolve(Checkpoints.CARD_FILE),
                ModelCardJson.toJson(ModelCard.of(other, List.of("a"), List.of("u"))));
        assertThrows(MalformedModelException.class, () -> Checkpoints.load(dir));

        Files.writeString(
                dir.resolve(Checkpoints.CARD_FILE),
                "{\"cardVersion\": 1, \"model\": {\"architecture\": \"nope\", \"config\": {}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.readCard(dir));
        assertTrue(e.getMessage().contains("unknown architecture 'nope'"), e.getMessage());
        Files.writeString(
                dir.resolve(Checkpoints.CARD_FILE),
                "{\"cardVersion\": 1, \"model\": {\"architecture\": \"fno\", \"config\": {\"inChannels\": 1}}}");
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.readCard(dir));
        assertTrue(e.getMessage().contains("must be positive"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoints.readCard(tmp.resolve("missing")));
        // a data file where the folder belongs: one line naming it, not a FileSystemException
        Path file = Files.writeString(tmp.resolve("darcy.h5"), "data");
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.readCard(file));
        assertEquals(
                file + ": is a file, not a checkpoint folder (a folder holding model-card.json and the weights)",
                e.getMessage());
    }

    @Test
    void configJsonRoundTrips() throws IOException {
        ModelConfig u = Uno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(6, 5)
                .optChannelMultipliers(List.of(1, 2, 4))
                .optConditioning(16)
                .config();
        assertEquals(u, ModelCardJson.configFromJson(ModelCardJson.configToJson(u)));
        ChannelNormalizer n =
                ChannelNormalizer.fit(ChannelNormalizer.Kind.GAUSSIAN, new float[] {1, 3, 10, 10, 5, 7, 20, 20}, 2, 2);
        // channel 0 holds {1, 3, 5, 7}: mean 4, population std sqrt(5); channel 1 is {10, 10, 20, 20}: mean 15, std 5
        assertArrayEquals(new double[] {4, 15}, n.shift(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(5), 5}, n.scale(), 1e-12);
    }

    /** The identity normaliser maps fields to themselves, both ways, bit for bit. */
    @Test
    void identityNormalizerIsTheIdentity() {
        ChannelNormalizer id = ChannelNormalizer.identity(2);
        assertEquals(ChannelNormalizer.Kind.GAUSSIAN, id.kind());
        assertArrayEquals(new double[] {0, 0}, id.shift(), 0.0);
        assertArrayEquals(new double[] {1, 1}, id.scale(), 0.0);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray u = m.randomNormal(new Shape(3, 2, 4, 5));
            assertArrayEquals(u.toFloatArray(), id.normalize(u).toFloatArray(), 0f);
            assertArrayEquals(u.toFloatArray(), id.denormalize(u).toFloatArray(), 0f);
        }
    }

    /**
     * The logarithmic normaliser maps Darcy's phases {3, 12} to exactly -1 and +1 (ln 3 and ln 12 are
     * ln 6 -/+ ln 2), every normalised value back to a positive field, and survives the card's JSON.
     */
    @Test
    void logarithmicNormalizerMapsThePhasesToPlusMinusOne() {
        ChannelNormalizer n =
                ChannelNormalizer.fit(ChannelNormalizer.Kind.LOG_SYMMETRIC_RANGE, new float[] {3, 12, 12, 3}, 1, 2);
        assertArrayEquals(new double[] {Math.log(6)}, n.shift(), 1e-12);
        assertArrayEquals(new double[] {Math.log(2)}, n.scale(), 1e-12);
        assertTrue(n.logarithmic());
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray a = m.create(new float[] {3, 12, 12, 3}, new Shape(1, 1, 2, 2));
            assertArrayEquals(new float[] {-1, 1, 1, -1}, n.normalize(a).toFloatArray(), 1e-6f);
            NDArray z = m.create(new float[] {-40, -1, 0, 1}, new Shape(1, 1, 2, 2));
            float[] back = n.denormalize(z).toFloatArray();
            assertTrue(back[0] > 0, "every normalised value maps to a positive field");
            assertArrayEquals(new float[] {3, 6, 12}, new float[] {back[1], back[2], back[3]}, 1e-5f);
        }
        float[] inPlace = {3, 12};
        n.normalizeInPlace(inPlace, 2);
        assertArrayEquals(new float[] {-1, 1}, inPlace, 1e-6f);
        assertEquals(12, n.denormalize(0, 1), 1e-12);
        UnetConfig unet = new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 8);
        ModelCard card = ModelCard.of(unet, List.of("a"), List.of("a")).withNormalizers(n, n);
        ModelCard read = ModelCardJson.fromJson(ModelCardJson.toJson(card));
        assertEquals(n, read.inputNormalizer());
        assertEquals(unet, read.model());
        assertThrows(
                IllegalArgumentException.class,
                () -> ChannelNormalizer.fit(ChannelNormalizer.Kind.LOG_SYMMETRIC_RANGE, new float[] {3, 0}, 1, 2));
    }
}
