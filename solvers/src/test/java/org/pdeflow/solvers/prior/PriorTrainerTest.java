package org.pdeflow.solvers.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoint;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Uno;
import org.pdeflow.operators.models.UnoConfig;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.PeriodicDenoiser;
import org.pdeflow.solvers.noise.NoiseType;
import org.pdeflow.solvers.training.EdmLoss;

/**
 * Training, exact resume, and save/load of priors on a tiny two-channel toy (16 x 16 grid, a
 * 2-level U-NO of width 4): channel 0 = alpha phi1 + beta phi2, channel 1 = alpha phi2 (alpha, beta
 * ~ N(0, 1)), a correlated Gaussian pair with unit-order variance.
 */
class PriorTrainerTest {

    private static final int S = 16;

    @TempDir
    Path dir;

    static PriorData toy(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 2 * S * S];
        for (int k = 0; k < n; k++) {
            double alpha = r.nextGaussian();
            double beta = r.nextGaussian();
            for (int i = 0; i < S; i++) {
                for (int j = 0; j < S; j++) {
                    double phi1 = Math.sin(2 * Math.PI * i / S);
                    double phi2 = Math.cos(2 * Math.PI * j / S);
                    v[(k * 2) * S * S + i * S + j] = (float) (alpha * phi1 + beta * phi2);
                    v[(k * 2 + 1) * S * S + i * S + j] = (float) (alpha * phi2);
                }
            }
        }
        return new PriorData(v, List.of("a", "u"), S, S);
    }

    static ModelCard card(PriorKind kind) {
        UnoConfig config = Uno.builder()
                .setInChannels(2)
                .setOutChannels(2)
                .setModes(4, 4)
                .optBaseWidth(4)
                .optChannelMultipliers(List.of(1, 2))
                .optProjectionChannels(8)
                .optConditioning(8)
                .config();
        ChannelNormalizer norm = new ChannelNormalizer(
                ChannelNormalizer.Kind.GAUSSIAN, new double[] {7.5, 0.005}, new double[] {4.5, 0.002});
        PriorSettings settings = new PriorSettings(kind, 0.7, NoiseType.WHITE, null, 1.0, 1.0, 200, 0.05);
        return settings.writeTo(
                ModelCard.of(config, List.of("a", "u"), List.of("a", "u")).withNormalizers(norm, norm));
    }

    private static PriorTrainingSpec spec(long steps, double lr) {
        return new PriorTrainingSpec(steps, 8, lr, false, 0.0, 3, 11, 0);
    }

    /** The fixed-draw EDM loss of a saved prior on held-out toy data (same sigma and noise every call). */
    private static double heldOutLoss(Path checkpoint) throws Exception {
        try (DiffusionPrior prior = DiffusionPrior.load(checkpoint);
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            PriorData test = toy(64, 99);
            int[] idx = new int[64];
            for (int i = 0; i < 64; i++) {
                idx[i] = i;
            }
            NDArray x0 = test.batch(m, idx);
            EdmLoss loss = EdmLoss.withSigmaData(0.7);
            Engines.engine().setRandomSeed(5);
            NDArray sigma = loss.sampleSigmas(x0);
            NDArray n = m.randomNormal(x0.getShape());
            return loss.loss(prior.denoiser(), x0, sigma, n).getFloat();
        }
    }

    @Test
    void trainingLowersTheHeldOutLoss() throws Exception {
        PriorData data = toy(64, 1);
        Path first = dir.resolve("one-step");
        new PriorTrainer(new PriorTrainingSpec(1, 8, 1e-12, false, 0, 1, 11, 0))
                .train(card(PriorKind.DIFFUSION_EDM), data, first);
        double before = heldOutLoss(first);
        Path out = dir.resolve("trained");
        double[] firstLosses = new double[1];
        PriorTrainer.State state = new PriorTrainer(spec(60, 3e-3))
                .optListener((step, total, l, sm) -> {
                    if (step == 1) {
                        firstLosses[0] = l;
                    }
                })
                .train(card(PriorKind.DIFFUSION_EDM), data, out);
        double after = heldOutLoss(out);
        System.out.printf(
                "tiny prior: held-out EDM loss %.4f (untrained) -> %.4f after 60 steps (EMA weights); "
                        + "training loss first step %.4f, last mean %.4f%n",
                before, after, firstLosses[0], state.lastLoss());
        assertEquals(60, state.steps());
        // A 60-step run of a width-4 U-NO cannot fit the toy, but must clearly improve on the untrained net;
        // 0.7 leaves room for the noise of the held-out draw (64 samples) and of the EMA.
        assertTrue(after < 0.7 * before, before + " -> " + after);
        ModelCard card = Checkpoints.readCard(out);
        assertEquals(60.0, card.metrics().get("steps"));
        assertEquals(480.0, card.metrics().get("training_images"));
        assertTrue(Files.exists(out.resolve(PriorTrainer.OPTIMIZER_FILE)));
        assertTrue(Files.exists(out.resolve(PriorTrainer.TRAINING_PARAMS + "-0000.params")));
    }

    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRun() throws Exception {
        PriorData data = toy(32, 2);
        for (PriorKind kind : PriorKind.values()) {
            Path straight = dir.resolve(kind + "-straight");
            new PriorTrainer(spec(6, 2e-3)).train(card(kind), data, straight);
            Path interrupted = dir.resolve(kind + "-interrupted");
            new PriorTrainer(spec(3, 2e-3)).train(card(kind), data, interrupted);
            assertEquals(3, PriorTrainer.readState(interrupted).steps());
            PriorTrainer.State resumed = new PriorTrainer(spec(6, 2e-3)).resume(interrupted, data);
            assertEquals(6, resumed.steps());
            assertEquals(2, resumed.history().size());
            // Same randomness per step (a function of seed and step), exact optimizer and EMA state:
            // on the CPU with one intra-op thread the weights agree bit for bit.
            assertSameWeights(straight, interrupted, Checkpoints.PARAMS_NAME);
            assertSameWeights(straight, interrupted, PriorTrainer.TRAINING_PARAMS);
            assertEquals(PriorTrainer.readState(straight).lastLoss(), resumed.lastLoss(), 0.0);
        }
    }

    @Test
    void aResumedCardRecordsEachContinuationAfterTheOriginalCommand() throws Exception {
        PriorData data = toy(16, 2);
        Path out = dir.resolve("recorded");
        new PriorTrainer(spec(1, 1e-3)).train(card(PriorKind.DIFFUSION_EDM).withCommandLine("first"), data, out);
        new PriorTrainer(spec(2, 1e-3)).resume(out, data, "second");
        new PriorTrainer(spec(3, 1e-3)).resume(out, data, "third");
        new PriorTrainer(spec(4, 1e-3)).resume(out, data);
        ModelCard card = Checkpoints.readCard(out);
        assertEquals("first", card.commandLine());
        assertEquals(
                "at step 1: second" + PriorTrainer.RESUME_SEPARATOR + "at step 2: third",
                card.properties().get(PriorTrainer.RESUMED_PROPERTY));
        assertEquals(4, PriorTrainer.readState(out).steps());
    }

    private static void assertSameWeights(Path a, Path b, String prefix) throws Exception {
        assertCloseWeights(a, prefix, b, prefix, 0f);
    }

    @Test
    void saveLoadGivesIdenticalDenoiserOutputsAndKeepsTheSettings() throws Exception {
        PriorData data = toy(16, 3);
        Path out = dir.resolve("saved");
        new PriorTrainer(spec(3, 1e-3)).train(card(PriorKind.DIFFUSION_EDM), data, out);
        Path copy = dir.resolve("copy");
        float[] first;
        float[] second;
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            Engines.engine().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(2, 2, S, S));
            NDArray sigma = NoiseLevels.of(m, new double[] {0.3, 4.0}, x.getDataType());
            try (DiffusionPrior prior = DiffusionPrior.load(out)) {
                first = prior.denoiser().denoise(x, sigma).toFloatArray();
                assertEquals(List.of("a", "u"), prior.channels());
                assertEquals(0.7, prior.settings().sigmaData());
                assertEquals(PriorKind.DIFFUSION_EDM, prior.kind());
                // normalise then denormalise is the identity; a = 12 maps to (12 - 7.5) / 4.5 = 1
                NDArray phys = m.create(new float[] {12f, 0.009f}, new Shape(1, 2, 1, 1));
                float[] z = prior.normalize(phys).toFloatArray();
                assertEquals(1.0f, z[0], 1e-6f);
                assertEquals(2.0f, z[1], 1e-5f);
                assertArrayEquals(
                        phys.toFloatArray(),
                        prior.denormalize(prior.normalize(phys)).toFloatArray(),
                        1e-6f);
                try (Checkpoint c = Checkpoints.load(out)) {
                    Checkpoints.save(copy, c.model(), c.card());
                }
            }
            try (DiffusionPrior again = DiffusionPrior.load(copy)) {
                second = again.denoiser().denoise(x, sigma).toFloatArray();
                assertEquals(PriorSettings.readFrom(Checkpoints.readCard(out)), again.settings());
            }
        }
        assertArrayEquals(first, second, 0f);
        for (float v : first) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void aCardsPeriodicMarginWrapsTheDenoiserAndABadOneIsNamed() throws Exception {
        Path out = dir.resolve("periodic");
        new PriorTrainer(spec(2, 1e-3)).train(card(PriorKind.DIFFUSION_EDM), toy(16, 4), out);
        Path wrapped = dir.resolve("periodic-wrapped");
        Path bad = dir.resolve("periodic-bad");
        try (Checkpoint c = Checkpoints.load(out)) {
            Checkpoints.save(wrapped, c.model(), c.card().withProperty(DiffusionPrior.PERIODIC_MARGIN_PROPERTY, "4"));
            Checkpoints.save(bad, c.model(), c.card().withProperty(DiffusionPrior.PERIODIC_MARGIN_PROPERTY, "-1"));
        }
        try (DiffusionPrior plain = DiffusionPrior.load(out);
                DiffusionPrior periodic = DiffusionPrior.load(wrapped)) {
            assertEquals(0, plain.periodicMargin());
            assertEquals(4, periodic.periodicMargin());
            assertTrue(periodic.denoiser() instanceof PeriodicDenoiser);
            assertEquals(4, ((PeriodicDenoiser) periodic.denoiser()).margin());
            assertFalse(plain.denoiser() instanceof PeriodicDenoiser);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffusionPrior.load(bad));
        assertTrue(e.getMessage().contains("periodic_margin '-1'"), e.getMessage());
    }

    @Test
    void samplingGivesTheRequestedShapeAtAnyResolution() throws Exception {
        PriorData data = toy(16, 4);
        Path edm = dir.resolve("edm");
        new PriorTrainer(spec(2, 1e-3)).train(card(PriorKind.DIFFUSION_EDM), data, edm);
        Path flow = dir.resolve("flow");
        new PriorTrainer(spec(2, 1e-3)).train(card(PriorKind.FLOW_MATCHING), data, flow);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            for (String name : List.of("heun", "euler", "dpm2m", "ddim", "churn")) {
                try (DiffusionPrior prior = DiffusionPrior.load(edm)) {
                    NDArray z = PriorSampling.of(name, 3).sample(prior, m, 3, 24, 24);
                    assertEquals(new Shape(3, 2, 24, 24), z.getShape(), name);
                    for (float v : z.toFloatArray()) {
                        assertTrue(Float.isFinite(v), name);
                    }
                }
            }
            try (DiffusionPrior prior = DiffusionPrior.load(flow)) {
                NDArray z = PriorSampling.of("heun", 3).sample(prior, m, 2, S, S);
                assertEquals(new Shape(2, 2, S, S), z.getShape());
                assertThrows(IllegalStateException.class, prior::denoiser);
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PriorSampling.of("dpm2m", 3).sample(prior, m, 1, S, S));
            }
        }
        assertEquals(5, PriorSampling.of("heun", 3).evaluations(PriorKind.DIFFUSION_EDM));
        assertEquals(3, PriorSampling.of("dpm2m", 3).evaluations(PriorKind.DIFFUSION_EDM));
        assertFalse(Files.exists(dir.resolve("nothing")));
    }

    @Test
    void refusesToOverwriteAndChecksChannels() throws Exception {
        PriorData data = toy(8, 5);
        Path out = dir.resolve("x");
        new PriorTrainer(spec(1, 1e-3)).train(card(PriorKind.DIFFUSION_EDM), data, out);
        assertThrows(
                IllegalArgumentException.class,
                () -> new PriorTrainer(spec(1, 1e-3)).train(card(PriorKind.DIFFUSION_EDM), data, out));
        PriorData other = new PriorData(data.values(), List.of("a", "v"), S, S);
        assertThrows(IllegalArgumentException.class, () -> new PriorTrainer(spec(2, 1e-3)).resume(out, other));
    }

    @Test
    void fineTuningStartsFromTheCommittedWeightsWithoutTheOptimizerState() throws Exception {
        PriorData data = toy(64, 3);
        Path base = dir.resolve("base");
        new PriorTrainer(spec(40, 3e-3)).train(card(PriorKind.DIFFUSION_EDM), data, base);
        // What a repository keeps of a model: the card and the EMA weights, no optimizer or trainer state.
        Path committed = Files.createDirectories(dir.resolve("committed"));
        for (String f : List.of(Checkpoints.CARD_FILE, Checkpoints.PARAMS_NAME + "-0000.params")) {
            Files.copy(base.resolve(f), committed.resolve(f));
        }
        ModelCard card = Checkpoints.readCard(committed);
        // A step at a negligible rate leaves the weights where the model was: both the raw and the EMA weights of
        // the new run start from the committed EMA weights (a random start would differ by order one).
        Path still = dir.resolve("still");
        PriorTrainer.State state = new PriorTrainer(new PriorTrainingSpec(1, 8, 1e-12, false, 0, 1, 12, 0, 0.5, 1.5))
                .fineTune(card, committed, data, still);
        assertEquals(1, state.steps());
        assertEquals(0.5, PriorTrainer.readState(still).spec().sigmaMean());
        assertCloseWeights(committed, Checkpoints.PARAMS_NAME, still, Checkpoints.PARAMS_NAME, 1e-6f);
        assertCloseWeights(committed, Checkpoints.PARAMS_NAME, still, PriorTrainer.TRAINING_PARAMS, 1e-6f);
        // Fine-tuning keeps what the model had learned (the held-out loss of the start, not of a fresh network)
        // and its run resumes like any other.
        Path tuned = dir.resolve("tuned");
        new PriorTrainer(new PriorTrainingSpec(10, 8, 1e-3, false, 0, 10, 12, 0, -0.5, 1.5))
                .fineTune(card, committed, data, tuned);
        PriorTrainer.State resumed = new PriorTrainer(
                        new PriorTrainingSpec(20, 8, 1e-3, false, 0, 10, 12, 0, -0.5, 1.5))
                .resume(tuned, data);
        assertEquals(20, resumed.steps());
        Path untrained = dir.resolve("untrained");
        new PriorTrainer(new PriorTrainingSpec(1, 8, 1e-12, false, 0, 1, 11, 0))
                .train(card(PriorKind.DIFFUSION_EDM), data, untrained);
        double start = heldOutLoss(committed);
        double after = heldOutLoss(tuned);
        double fresh = heldOutLoss(untrained);
        System.out.printf(
                "fine-tune: held-out loss %.4f (start) -> %.4f after 20 steps; untrained %.4f%n", start, after, fresh);
        assertTrue(start < 0.7 * fresh, start + " vs " + fresh);
        assertTrue(after < 1.2 * start, start + " -> " + after);
        assertThrows(
                IllegalArgumentException.class,
                () -> new PriorTrainer(spec(1, 1e-3)).fineTune(card, committed, data, tuned));
    }

    @Test
    void theNoiseLevelLawIsASettingAndOldStatesReadAsEdms() {
        PriorTrainingSpec edm = new PriorTrainingSpec(10, 8, 1e-3, false, 0, 5, 1, 0);
        assertEquals(new EdmLoss(0.5, -1.2, 1.2), edm.edmLoss(0.5));
        assertEquals(
                new EdmLoss(0.5, 0.3, 1.6),
                new PriorTrainingSpec(10, 8, 1e-3, false, 0, 5, 1, 0, 0.3, 1.6).edmLoss(0.5));
        // a trainer state written before the law was a setting has neither field
        PriorTrainingSpec old = new Gson()
                .fromJson(
                        "{\"steps\":10,\"batchSize\":8,\"learningRate\":0.001,\"cosine\":false,"
                                + "\"weightDecay\":0,\"checkpointEvery\":5,\"seed\":1,\"maxSeconds\":0}",
                        PriorTrainingSpec.class);
        assertEquals(edm, old);
        assertThrows(
                IllegalArgumentException.class, () -> new PriorTrainingSpec(10, 8, 1e-3, false, 0, 5, 1, 0, 0, -1));
    }

    private static void assertCloseWeights(Path a, String prefixA, Path b, String prefixB, float tolerance)
            throws Exception {
        ModelCard card = Checkpoints.readCard(a);
        try (Model ma = Model.newInstance("a", Engines.device(), Engines.ENGINE);
                Model mb = Model.newInstance("b", Engines.device(), Engines.ENGINE)) {
            ma.setBlock(card.model().newBlock());
            mb.setBlock(card.model().newBlock());
            ma.load(a, prefixA, Map.of("epoch", "0"));
            mb.load(b, prefixB, Map.of("epoch", "0"));
            var pb = mb.getBlock().getParameters();
            int compared = 0;
            for (Pair<String, Parameter> p : ma.getBlock().getParameters()) {
                assertArrayEquals(
                        p.getValue().getArray().toFloatArray(),
                        pb.get(p.getKey()).getArray().toFloatArray(),
                        tolerance,
                        prefixB + " parameter " + p.getKey());
                compared++;
            }
            assertTrue(compared > 10);
        }
    }
}
