package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.priors.PriorFiles;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.checkpoint.ModelCardJson;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.UnetConfig;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorSampling;
import org.pdeflow.solvers.prior.PriorSettings;
import org.pdeflow.solvers.prior.PriorTrainer;
import org.pdeflow.solvers.prior.RoughnessCondition;

/**
 * {@code train-prior}, {@code sample} and {@code evaluate-prior} end to end on a tiny Darcy data set
 * (24 samples at 16 x 16 from {@code pdeflow generate darcy}): training lowers the loss, a killed
 * run resumes to the same step count, sampling writes (n, 2, s, s) finite values, and the evaluator
 * gives exact agreement when the "samples" are the reference data themselves.
 */
class PriorCommandsTest {

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void generate() {
        data = dir.resolve("darcy16.h5");
        CliRun gen = CliRun.of(
                "generate",
                "darcy",
                "--samples",
                "24",
                "--resolution",
                "16",
                "--seed",
                "3",
                "--threads",
                "1",
                "--out",
                data.toString());
        assertEquals(0, gen.exitCode(), gen.err());
    }

    private static CliRun train(Path out, int steps, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a,u",
                "--arch",
                "uno",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--modes",
                "4",
                "--projection",
                "8",
                "--embedding",
                "8",
                "--steps",
                Integer.toString(steps),
                "--batch",
                "8",
                "--lr",
                "3e-3",
                "--checkpoint-every",
                "10",
                "--ema-half-life",
                "100",
                "--threads",
                "1",
                "--seed",
                "2",
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainResumeSampleEvaluate() throws Exception {
        Path out = dir.resolve("models/darcy16");
        CliRun first = train(out, 20);
        assertEquals(0, first.exitCode(), first.err());
        ModelCard card = Checkpoints.readCard(out);
        assertEquals(List.of("a", "u"), card.inputChannels());
        // a in {3, 12} is two-valued: mapped to [-1, 1] by (a - 7.5) / 4.5
        assertEquals(7.5, card.inputNormalizer().shift()[0], 1e-12);
        assertEquals(4.5, card.inputNormalizer().scale()[0], 1e-12);
        assertTrue(card.commandLine().startsWith("pdeflow train-prior --dataset"), card.commandLine());
        assertEquals("diffusion-edm", card.properties().get("prior_kind"));
        assertEquals("16", card.properties().get("resolution"));
        PriorSettings settings = PriorSettings.readFrom(card);
        assertTrue(settings.sigmaData() > 0.5 && settings.sigmaData() < 1.5, "sigma_data " + settings.sigmaData());

        // "kill" after step 20 (the last checkpoint) and continue to 50
        // a plain --resume takes batch, rate, seed and checkpoint interval from the saved run; --steps extends it
        CliRun resumed = CliRun.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a,u",
                "--out",
                out.toString(),
                "--resume",
                "--steps",
                "50",
                "--threads",
                "1");
        assertEquals(0, resumed.exitCode(), resumed.err());
        PriorTrainer.State state = PriorTrainer.readState(out);
        assertEquals(50, state.steps());
        assertEquals(5, state.history().size());
        assertEquals(8, state.spec().batchSize());
        assertEquals(3e-3, state.spec().learningRate());
        ModelCard continued = Checkpoints.readCard(out);
        assertEquals(card.commandLine(), continued.commandLine());
        String resumeRecord = continued.properties().get(PriorTrainer.RESUMED_PROPERTY);
        assertTrue(
                resumeRecord.startsWith("at step 20: pdeflow train-prior --dataset")
                        && resumeRecord.contains("--resume --steps 50"),
                resumeRecord);
        double early = state.history().get(0).meanLoss();
        double late = state.history().get(4).meanLoss();
        // Mean EDM loss over steps 1-10 vs 41-50; the first steps of an untrained net are far worse.
        assertTrue(late < 0.8 * early, "loss " + early + " -> " + late);

        // fine-tune what a repository keeps of the model (card and EMA weights, no optimizer state)
        Path committed = Files.createDirectories(dir.resolve("models/committed16"));
        for (String f : List.of(Checkpoints.CARD_FILE, Checkpoints.PARAMS_NAME + "-0000.params")) {
            Files.copy(out.resolve(f), committed.resolve(f));
        }
        Path tuned = dir.resolve("models/tuned16");
        List<String> fineTune = List.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a,u",
                "--init",
                committed.toString(),
                "--sigma-mean",
                "0.5",
                "--sigma-std",
                "1.5",
                "--steps",
                "10",
                "--batch",
                "8",
                "--threads",
                "1",
                "--out",
                tuned.toString());
        CliRun refused = CliRun.of(
                Stream.concat(fineTune.stream(), Stream.of("--width", "8")).toArray(String[]::new));
        assertEquals(Pdeflow.USAGE, refused.exitCode());
        assertTrue(refused.err().contains("--width is set by the model"), refused.err());
        assertFalse(Files.exists(tuned));
        CliRun tune = CliRun.of(fineTune.toArray(String[]::new));
        assertEquals(0, tune.exitCode(), tune.err());
        PriorTrainer.State tunedState = PriorTrainer.readState(tuned);
        assertEquals(10, tunedState.steps());
        assertEquals(0.5, tunedState.spec().sigmaMean());
        assertEquals(1.5, tunedState.spec().sigmaStd());
        ModelCard tunedCard = Checkpoints.readCard(tuned);
        assertEquals(card.model().architecture(), tunedCard.model().architecture());
        assertTrue(tunedCard.commandLine().contains("--init"), tunedCard.commandLine());

        Path samples = dir.resolve("s.npy");
        Path grid = dir.resolve("grid.png");
        CliRun sample = CliRun.of(
                "sample",
                "--model",
                out.toString(),
                "--n",
                "3",
                "--steps",
                "3",
                "--sampler",
                "dpm2m",
                "--out",
                samples.toString(),
                "--plot",
                grid.toString(),
                "--threads",
                "1");
        assertEquals(0, sample.exitCode(), sample.err());
        NdArray s = Npy.read(samples);
        assertEquals("(3, 2, 16, 16)", s.shapeString().replace("[", "(").replace("]", ")"));
        for (double v : s.data()) {
            assertTrue(Double.isFinite(v));
        }
        assertTrue(Files.size(grid) > 1000);

        CliRun upsampled = CliRun.of(
                "sample",
                "--model",
                out.toString(),
                "--n",
                "2",
                "--steps",
                "2",
                "--resolution",
                "24",
                "--out",
                samples.toString(),
                "--threads",
                "1");
        assertEquals(0, upsampled.exitCode(), upsampled.err());
        assertEquals(24, Npy.read(samples).dim(3));

        Path report = dir.resolve("report.json");
        CliRun eval = CliRun.of(
                "evaluate-prior",
                "--model",
                out.toString(),
                "--reference",
                data.toString(),
                "--n",
                "4",
                "--steps",
                "2",
                "--out",
                report.toString(),
                "--plot",
                dir.resolve("spectra.png").toString(),
                "--threads",
                "1");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals(4, r.get("n_samples").getAsInt());
        assertTrue(r.getAsJsonObject("channels").has("u"));
        assertTrue(r.getAsJsonObject("darcy").has("pde_rel_l2_samples_mean"));

        // A sampling recommended by the model card is the default; options given on the command line win.
        Path cardFile = out.resolve(Checkpoints.CARD_FILE);
        String original = Files.readString(cardFile);
        ModelCard recommending = card.withProperty(PriorSampling.SAMPLER_PROPERTY, "churn")
                .withProperty(PriorSampling.STEPS_PROPERTY, "3")
                .withProperty(PriorSampling.CHURN_PROPERTY, "5");
        Files.writeString(cardFile, ModelCardJson.toJson(recommending));
        JsonObject byCard = evaluate(out, report);
        assertEquals("churn", byCard.get("sampler").getAsString());
        assertEquals(3, byCard.get("sampler_steps").getAsInt());
        assertEquals(5.0, byCard.get("sampler_churn").getAsDouble());
        assertEquals(5, byCard.get("network_evaluations").getAsInt()); // 2N - 1
        JsonObject byUser = evaluate(out, report, "--sampler", "heun", "--steps", "2");
        assertEquals("heun", byUser.get("sampler").getAsString());
        assertEquals(3, byUser.get("network_evaluations").getAsInt());
        assertFalse(byUser.has("sampler_churn"));

        // A malformed recommendation is one line naming the card and the property; nothing is written.
        Files.writeString(cardFile, ModelCardJson.toJson(recommending.withProperty(PriorSampling.STEPS_PROPERTY, "x")));
        Path unwritten = dir.resolve("unwritten.json");
        CliRun bad = CliRun.of(
                "evaluate-prior",
                "--model",
                out.toString(),
                "--reference",
                data.toString(),
                "--n",
                "2",
                "--out",
                unwritten.toString(),
                "--threads",
                "1");
        assertEquals(Pdeflow.USAGE, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains(cardFile + ": model card property sampler_steps"), bad.err());
        assertFalse(Files.exists(unwritten));
        Files.writeString(cardFile, original);
    }

    /** evaluate-prior of 4 samples against the training data with extra options; its report. */
    private static JsonObject evaluate(Path model, Path report, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "evaluate-prior",
                "--model",
                model.toString(),
                "--reference",
                data.toString(),
                "--n",
                "4",
                "--out",
                report.toString(),
                "--threads",
                "1"));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject();
    }

    /**
     * {@code --fields a:perm} trains on the data set's field a under the channel name perm: the card
     * says perm and records the field, evaluate-prior reads a from the reference for it, and a resume
     * must name the channel the same way.
     */
    @Test
    void fieldsCanNameTheirChannels() throws Exception {
        Path out = dir.resolve("named");
        List<String> args = new ArrayList<>(List.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a:perm",
                "--arch",
                "uno",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--modes",
                "4",
                "--projection",
                "8",
                "--embedding",
                "8",
                "--steps",
                "4",
                "--batch",
                "8",
                "--checkpoint-every",
                "2",
                "--threads",
                "1",
                "--out",
                out.toString()));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        ModelCard card = Checkpoints.readCard(out);
        assertEquals(List.of("perm"), card.inputChannels());
        assertEquals(List.of("a"), PriorFiles.datasetFields(card));
        Path report = dir.resolve("named.json");
        CliRun eval = CliRun.of(
                "evaluate-prior",
                "--model",
                out.toString(),
                "--reference",
                data.toString(),
                "--n",
                "2",
                "--steps",
                "2",
                "--out",
                report.toString(),
                "--threads",
                "1");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(JsonParser.parseString(Files.readString(report))
                .getAsJsonObject()
                .getAsJsonObject("channels")
                .has("perm"));
        args.set(args.indexOf("a:perm"), "a");
        args.add("--resume");
        CliRun resumed = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, resumed.exitCode());
        assertTrue(resumed.err().contains("perm"), resumed.err());
    }

    @Test
    void aUnetGrowsAnAttentionBlockAndKeepsTraining() throws Exception {
        Path small = tinyUnet("unet16", 2, 0);
        assertEquals(0, ((UnetConfig) Checkpoints.readCard(small).model()).attentionHeads());

        Path grown = dir.resolve("unet16-attention");
        List<String> grow = growArgs(small, grown, 2, "--attention-heads", "2");
        CliRun run = CliRun.of(grow.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        ModelCard card = Checkpoints.readCard(grown);
        assertEquals(((UnetConfig) Checkpoints.readCard(small).model()).withAttentionHeads(2), card.model());
        assertEquals(2, PriorTrainer.readState(grown).steps());
        Path samples = dir.resolve("grown.npy");
        CliRun sample = CliRun.of(
                "sample",
                "--model",
                grown.toString(),
                "--n",
                "2",
                "--steps",
                "2",
                "--out",
                samples.toString(),
                "--threads",
                "1");
        assertEquals(0, sample.exitCode(), sample.err());

        // growing twice, or growing a U-NO, is refused in one line and writes nothing
        Path twice = dir.resolve("unet16-twice");
        List<String> again = new ArrayList<>(grow);
        again.set(again.indexOf(grown.toString()), twice.toString());
        again.set(again.indexOf(small.toString()), grown.toString());
        CliRun refused = CliRun.of(again.toArray(String[]::new));
        assertEquals(Pdeflow.USAGE, refused.exitCode());
        assertTrue(
                refused.err().contains("--attention-heads with --init grows a U-Net without attention"), refused.err());
        assertFalse(Files.exists(twice));
    }

    @Test
    void aRoughnessConditionedPriorDrawsEachFieldsRoughnessAndHasAnUnconditionalMode() throws Exception {
        Path base = tinyUnet("rough-base", 2, 0);
        Path grown = dir.resolve("rough-grown");
        List<String> grow = growArgs(base, grown, 3, "--roughness-condition", "--condition-dropout", "0.2");
        CliRun run = CliRun.of(grow.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        ModelCard card = Checkpoints.readCard(grown);
        assertEquals(((UnetConfig) Checkpoints.readCard(base).model()).withConditions(2), card.model());
        RoughnessCondition condition = RoughnessCondition.readFrom(card).orElseThrow();
        assertEquals(0.2, condition.dropout());
        assertEquals(3, PriorTrainer.readState(grown).steps());

        // drawn roughness (the default) and the unconditional mode are different samplers of the same network
        Path drawn = dir.resolve("rough-drawn.npy");
        Path dropped = dir.resolve("rough-dropped.npy");
        assertEquals(0, sample(grown, drawn).exitCode());
        CliRun unconditional = sample(grown, dropped, "--unconditional");
        assertEquals(0, unconditional.exitCode(), unconditional.err());
        assertFalse(Arrays.equals(Npy.read(drawn).data(), Npy.read(dropped).data()));
        // on the same noisy fields the trained condition changes the denoiser; conditions (0, 0) are the dropped mode
        try (DiffusionPrior prior = DiffusionPrior.load(grown);
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x = m.randomNormal(new Shape(2, 1, 16, 16));
            NDArray sigma = m.create(new float[] {1f, 1f});
            float[] dropMode = prior.denoiser().denoise(x, sigma).toFloatArray();
            NDArray rough = m.create(new float[] {1.5f, 1f, -1.5f, 1f}, new Shape(2, 2));
            float[] conditioned = prior.denoiser(rough).denoise(x, sigma).toFloatArray();
            double gap = 0;
            for (int i = 0; i < dropMode.length; i++) {
                gap = Math.max(gap, Math.abs(dropMode[i] - conditioned[i]));
            }
            assertTrue(gap > 1e-5, "gap " + gap);
            NDArray zeros = m.zeros(new Shape(2, 2));
            assertArrayEquals(dropMode, prior.denoiser(zeros).denoise(x, sigma).toFloatArray(), 1e-6f);
        }
        JsonObject r = evaluate(grown, dir.resolve("rough.json"), "--steps", "2");
        assertEquals("drawn", r.get("roughness_condition").getAsString());
        int evaluations = r.get("network_evaluations").getAsInt();

        // classifier-free guidance of the drawn roughness: other samples, twice the network evaluations
        Path guided = dir.resolve("rough-guided.npy");
        CliRun cfg = sample(grown, guided, "--condition-guidance", "2");
        assertEquals(0, cfg.exitCode(), cfg.err());
        assertFalse(Arrays.equals(Npy.read(drawn).data(), Npy.read(guided).data()));
        JsonObject g = evaluate(grown, dir.resolve("rough-guided.json"), "--steps", "2", "--condition-guidance", "2");
        assertEquals("drawn, guidance 2.0", g.get("roughness_condition").getAsString());
        assertEquals(2 * evaluations, g.get("network_evaluations").getAsInt());
        for (String[] bad :
                new String[][] {{"--condition-guidance", "0.5"}, {"--condition-guidance", "2", "--unconditional"}}) {
            Path none = dir.resolve("rough-bad.npy");
            CliRun refused = sample(grown, none, bad);
            assertEquals(Pdeflow.USAGE, refused.exitCode());
            assertTrue(refused.err().contains("--condition-guidance"), refused.err());
            assertFalse(Files.exists(none));
        }

        // --unconditional for a prior without a condition, or growing a condition twice, is refused in one line
        Path none = dir.resolve("rough-none.npy");
        CliRun refused = sample(base, none, "--unconditional");
        assertEquals(Pdeflow.USAGE, refused.exitCode());
        assertTrue(
                refused.err().contains("--unconditional: this prior was not trained with a roughness condition"),
                refused.err());
        assertFalse(Files.exists(none));
        Path twice = dir.resolve("rough-twice");
        List<String> again = new ArrayList<>(grow);
        again.set(again.indexOf(grown.toString()), twice.toString());
        again.set(again.indexOf(base.toString()), grown.toString());
        CliRun second = CliRun.of(again.toArray(String[]::new));
        assertEquals(Pdeflow.USAGE, second.exitCode());
        assertTrue(second.err().contains("already has a roughness condition"), second.err());
        assertFalse(Files.exists(twice));
        // options that would be ignored are refused before anything is read or written
        Path fresh = dir.resolve("rough-fresh");
        for (List<String> bad : List.of(
                List.of("--arch", "unet", "--condition-dropout", "0.2"),
                List.of("--arch", "uno", "--roughness-condition"),
                List.of("--arch", "unet", "--roughness-condition", "--condition-dropout", "0"))) {
            List<String> args = new ArrayList<>(List.of(
                    "train-prior",
                    "--dataset",
                    data.toString(),
                    "--fields",
                    "a",
                    "--steps",
                    "1",
                    "--out",
                    fresh.toString()));
            args.addAll(bad);
            CliRun refusal = CliRun.of(args.toArray(String[]::new));
            assertEquals(Pdeflow.USAGE, refusal.exitCode(), String.join(" ", bad));
            assertTrue(
                    refusal.err().contains("--roughness-condition")
                            || refusal.err().contains("--condition-dropout"),
                    refusal.err());
            assertFalse(Files.exists(fresh));
        }
        Path withGuide = dir.resolve("rough-with-guide.npy");
        CliRun clash = sample(grown, withGuide, "--guide", base.toString(), "--condition-guidance", "2");
        assertEquals(Pdeflow.USAGE, clash.exitCode());
        assertTrue(clash.err().contains("does not apply with --guide"), clash.err());
        assertFalse(Files.exists(withGuide));
    }

    /** train-prior's arguments growing the prior {@code from} by {@code growth}, {@code steps} steps into out. */
    private static List<String> growArgs(Path from, Path out, int steps, String... growth) {
        List<String> args = new ArrayList<>(
                List.of("train-prior", "--dataset", data.toString(), "--fields", "a", "--init", from.toString()));
        args.addAll(List.of(growth));
        args.addAll(
                List.of("--steps", Integer.toString(steps), "--batch", "4", "--threads", "1", "--out", out.toString()));
        return args;
    }

    /** A one-channel (a) U-Net prior trained {@code steps} steps with {@code seed}. */
    private static Path tinyUnet(String name, int steps, int seed) {
        Path out = dir.resolve(name);
        CliRun run = CliRun.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a",
                "--arch",
                "unet",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--groups",
                "2",
                "--embedding",
                "8",
                "--steps",
                Integer.toString(steps),
                "--batch",
                "4",
                "--seed",
                Integer.toString(seed),
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    private static CliRun sample(Path model, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "sample",
                "--model",
                model.toString(),
                "--n",
                "3",
                "--steps",
                "3",
                "--sampler",
                "heun",
                "--seed",
                "5",
                "--threads",
                "1",
                "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void autoguidedSamplingExtrapolatesFromTheGuideAndRefusesAGuideOfOtherFields() throws Exception {
        Path main = tinyUnet("guided-main", 6, 4);
        Path guide = tinyUnet("guided-guide", 2, 5);
        Path plain = dir.resolve("plain.npy");
        assertEquals(0, sample(main, plain).exitCode());
        // w = 1 is the main model: the same samples to the bit, whatever the guide
        Path one = dir.resolve("w1.npy");
        CliRun w1 = sample(main, one, "--guide", guide.toString(), "--guidance", "1");
        assertEquals(0, w1.exitCode(), w1.err());
        assertEquals(
                Arrays.toString(Npy.read(plain).data()),
                Arrays.toString(Npy.read(one).data()));
        // a guide identical to the main model cancels out: D0 + w (D1 - D0) = D1 exactly
        Path self = dir.resolve("self.npy");
        assertEquals(
                0,
                sample(main, self, "--guide", main.toString(), "--guidance", "3")
                        .exitCode());
        assertEquals(
                Arrays.toString(Npy.read(plain).data()),
                Arrays.toString(Npy.read(self).data()));
        // another guide moves the samples; evaluate-prior counts its evaluations
        Path other = dir.resolve("w3.npy");
        assertEquals(
                0,
                sample(main, other, "--guide", guide.toString(), "--guidance", "3")
                        .exitCode());
        assertFalse(Arrays.equals(Npy.read(plain).data(), Npy.read(other).data()));
        Path report = dir.resolve("guided.json");
        CliRun eval = CliRun.of(
                "evaluate-prior",
                "--model",
                main.toString(),
                "--reference",
                data.toString(),
                "--n",
                "2",
                "--steps",
                "3",
                "--sampler",
                "heun",
                "--guide",
                guide.toString(),
                "--guidance-interval",
                "0.1,10",
                "--threads",
                "1",
                "--out",
                report.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        // Heun with 3 steps on the levels 80, 2.52, 0.002, 0: the main model is evaluated 5 times (80; 2.52 as the
        // first step's corrector and the second step's predictor; 0.002 as its corrector and in the last Euler
        // step); of those only the two at 2.52 lie in [0.1, 10], so the guide adds 2
        double middle = PriorSampling.of("heun", 3).sigmas()[1];
        assertTrue(middle > 0.1 && middle < 10, "level " + middle);
        assertEquals(7, r.get("network_evaluations").getAsInt(), r.toString());
        assertEquals(
                2.0,
                r.getAsJsonArray("guides")
                        .get(0)
                        .getAsJsonObject()
                        .get("weight")
                        .getAsDouble());

        // guides apply in turn: a second one at weight 1 changes nothing; each one's evaluations are counted
        Path two = dir.resolve("two.npy");
        CliRun twice = sample(
                main,
                two,
                "--guide",
                guide.toString(),
                "--guide",
                main.toString(),
                "--guidance",
                "3",
                "--guidance",
                "1");
        assertEquals(0, twice.exitCode(), twice.err());
        assertEquals(
                Arrays.toString(Npy.read(other).data()),
                Arrays.toString(Npy.read(two).data()));
        CliRun eval2 = CliRun.of(
                "evaluate-prior",
                "--model",
                main.toString(),
                "--reference",
                data.toString(),
                "--n",
                "2",
                "--steps",
                "3",
                "--sampler",
                "heun",
                "--guide",
                guide.toString(),
                "--guide",
                guide.toString(),
                "--guidance-interval",
                "0.1,10",
                "--guidance-interval",
                "0,inf",
                "--threads",
                "1",
                "--out",
                report.toString());
        assertEquals(0, eval2.exitCode(), eval2.err());
        JsonObject r2 = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        // the first guide at the two evaluations at 2.52, the second at all five
        assertEquals(5 + 2 + 5, r2.get("network_evaluations").getAsInt(), r2.toString());

        // a guide of other fields, or guidance without a guide, is refused in one line and writes nothing
        Path joint = dir.resolve("joint-guide");
        assertEquals(0, train(joint, 2).exitCode());
        Path refused = dir.resolve("refused.npy");
        CliRun wrong = sample(main, refused, "--guide", joint.toString());
        assertEquals(Pdeflow.USAGE, wrong.exitCode());
        assertTrue(wrong.err().contains("cannot guide this one: its channels [a, u] are not [a]"), wrong.err());
        assertEquals(
                1, wrong.err().strip().lines().filter(l -> l.contains("error")).count(), wrong.err());
        assertFalse(Files.exists(refused));
        CliRun noGuide = sample(main, refused, "--guidance", "2");
        assertEquals(Pdeflow.USAGE, noGuide.exitCode());
        assertTrue(noGuide.err().contains("need --guide"), noGuide.err());
        CliRun below = sample(main, refused, "--guide", guide.toString(), "--guidance", "0.5");
        assertEquals(Pdeflow.USAGE, below.exitCode());
        assertTrue(below.err().contains("--guidance must be a finite number >= 1"), below.err());
        Path flow = dir.resolve("guided-flow");
        assertEquals(0, train(flow, 2, "--kind", "flow").exitCode());
        CliRun flowMain = sample(flow, refused, "--guide", guide.toString());
        assertEquals(Pdeflow.USAGE, flowMain.exitCode(), flowMain.err());
        assertTrue(
                flowMain.err().contains("autoguidance extrapolates denoisers; this is a flow-matching prior"),
                flowMain.err());
        assertFalse(Files.exists(refused));
        CliRun counts = sample(
                main,
                refused,
                "--guide",
                guide.toString(),
                "--guide",
                guide.toString(),
                "--guide",
                guide.toString(),
                "--guidance",
                "2",
                "--guidance",
                "3");
        assertEquals(Pdeflow.USAGE, counts.exitCode());
        assertTrue(counts.err().contains("--guidance is given 2 times for 3 --guide"), counts.err());
        assertFalse(Files.exists(refused));
    }

    @Test
    void fieldChoicesAreParsedAndMalformedOnesRefused() {
        PriorFiles.FieldChoice c = PriorFiles.FieldChoice.parse(List.of("a:omega0", "u"));
        assertEquals(List.of("a", "u"), c.datasetFields());
        assertEquals(List.of("omega0", "u"), c.channels());
        assertTrue(c.renames());
        assertFalse(PriorFiles.FieldChoice.parse(List.of("a", "u")).renames());
        for (List<String> bad : List.of(List.of("a:"), List.of(":x"), List.of("a:b:c"), List.of("a:x", "u:x"))) {
            assertThrows(IllegalArgumentException.class, () -> PriorFiles.FieldChoice.parse(bad), bad.toString());
        }
    }

    @Test
    void evaluatingTheDataAgainstItselfIsExact() throws Exception {
        // Write the reference fields as an .npy "sample" file and evaluate it against the same file.
        PriorFiles.Fields ref = PriorFiles.read(data, List.of("a", "u"), 0, null);
        double[] d = new double[ref.values().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = ref.values()[i];
        }
        Path npy = dir.resolve("data-as-samples.npy");
        Npy.write(npy, new NdArray(new int[] {ref.count(), 2, 16, 16}, d));
        Path report = dir.resolve("self.json");
        CliRun eval = CliRun.of(
                "evaluate-prior",
                "--samples",
                npy.toString(),
                "--fields",
                "a,u",
                "--reference",
                data.toString(),
                "--out",
                report.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        JsonObject r = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        for (String ch : List.of("a", "u")) {
            JsonObject c = r.getAsJsonObject("channels").getAsJsonObject(ch);
            assertEquals(0.0, c.get("mean_map_rel_l2").getAsDouble(), 0.0);
            assertEquals(0.0, c.get("variance_map_rel_l2").getAsDouble(), 0.0);
            assertEquals(0.0, c.get("spectrum_mean_abs_log10_error").getAsDouble(), 0.0);
        }
        JsonObject darcy = r.getAsJsonObject("darcy");
        assertEquals(
                darcy.get("fraction_high_reference").getAsDouble(),
                darcy.get("fraction_high_samples").getAsDouble(),
                0.0);
        // the data's u solves the data's equation: only float32 storage rounding (~1e-7 relative) remains
        assertTrue(darcy.get("pde_rel_l2_reference_mean").getAsDouble() < 1e-5, darcy.toString());
        double frac = darcy.get("fraction_high_reference").getAsDouble();
        assertTrue(frac > 0.2 && frac < 0.8, "fraction of a = 12: " + frac);

        // Two disjoint halves of the data: statistics must agree to sampling accuracy, not exactly.
        PriorFiles.Fields half = PriorFiles.read(data, List.of("a", "u"), 12, 12);
        double[] h = new double[half.values().length];
        for (int i = 0; i < h.length; i++) {
            h[i] = half.values()[i];
        }
        Npy.write(npy, new NdArray(new int[] {12, 2, 16, 16}, h));
        CliRun evalHalf = CliRun.of(
                "evaluate-prior",
                "--samples",
                npy.toString(),
                "--fields",
                "a,u",
                "--reference",
                data.toString(),
                "--reference-n",
                "12",
                "--out",
                report.toString());
        assertEquals(0, evalHalf.exitCode(), evalHalf.err());
        JsonObject rh = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        double u = rh.getAsJsonObject("channels")
                .getAsJsonObject("u")
                .get("mean_map_rel_l2")
                .getAsDouble();
        // 12 vs 12 Darcy solutions: the mean maps differ by sampling noise (~ std / sqrt(6) ~ 0.1-0.3 relative)
        assertTrue(u > 0 && u < 0.6, "u mean-map rel L2 between halves " + u);
    }

    @Test
    void usageErrors() {
        CliRun noFields = CliRun.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a,nope",
                "--out",
                dir.resolve("bad").toString());
        assertEquals(Pdeflow.USAGE, noFields.exitCode());
        assertTrue(noFields.err().contains("nope"), noFields.err());
        CliRun both = CliRun.of(
                "evaluate-prior",
                "--reference",
                data.toString(),
                "--out",
                dir.resolve("r.json").toString());
        assertEquals(Pdeflow.USAGE, both.exitCode());
        assertTrue(both.err().contains("exactly one of --model and --samples"), both.err());
    }
}
