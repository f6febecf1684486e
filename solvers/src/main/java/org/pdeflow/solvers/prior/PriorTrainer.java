package org.pdeflow.solvers.prior;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.operators.checkpoint.Checkpoint;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.checkpoint.WeightTransfer;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.UnetConfig;
import org.pdeflow.operators.training.AdamOptimizer;
import org.pdeflow.solvers.denoise.EdmDenoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.training.EdmLoss;
import org.pdeflow.solvers.training.Ema;
import org.pdeflow.solvers.training.FlowMatchingLoss;
import org.pdeflow.solvers.training.TimeDistribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a diffusion (EDM) or flow-matching prior on normalised fields, with exact resume.
 * <pre>
 *   for step t = 0, 1, ..., steps - 1, in its own NDManager scope:
 *     seed the engine's generator with hash(seed, t); draw B sample indices from SplittableRandom(hash(seed, t))
 *     EDM:  ln sigma ~ N(P_mean, P_std^2) (EDM: -1.2, 1.2), n ~ noise,
 *           loss = lambda(sigma) |D(x0 + sigma n; sigma) - x0|^2  (EdmLoss)
 *     flow: t ~ U(0, 1),               n ~ noise, loss = |v(x_t, t) - (x0 - n)|^2            (FlowMatchingLoss)
 *     backward; AdamW step; EMA update with EDM's half-life (in images) and ramp-up
 *     every checkpointEvery steps, at the end and at the time limit: save a checkpoint
 * </pre>
 * A checkpoint folder is a {@link Checkpoints} folder whose {@code model-0000.params} are the EMA
 * weights (the ones to sample with; {@link DiffusionPrior#load} reads them) and whose card carries
 * the {@link PriorSettings} and the normalisation; next to them lie the raw training weights
 * ({@value #TRAINING_PARAMS}-0000.params), the AdamW state ({@value #OPTIMIZER_FILE}) and the
 * trainer state ({@value #STATE_FILE}: settings, steps, images, wall time, loss history).
 *
 * <p><b>Resume.</b> All randomness of step t is a function of (seed, t) only, and weights, EMA and
 * optimizer moments are restored exactly, so resuming from the checkpoint at step k and training
 * to n gives the same weights as an uninterrupted run to n (bit for bit on a CPU with a fixed
 * thread count; parallel GPU kernels may differ in the last bits). Work after the last checkpoint
 * is lost. Only one trainer per JVM at a time (DJL allows one open GradientCollector).
 */
public final class PriorTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(PriorTrainer.class);

    /** Trainer state file inside a checkpoint. */
    public static final String STATE_FILE = "prior-trainer-state.json";
    /** AdamW state file inside a checkpoint. */
    public static final String OPTIMIZER_FILE = "optimizer.ndlist";
    /** Name prefix of the raw (non-averaged) training weights inside a checkpoint. */
    public static final String TRAINING_PARAMS = "training";
    /**
     * Card property recording each resume of a run, "at step k: command", in order and separated by
     * {@value #RESUME_SEPARATOR}: with the card's command line it is the whole recipe of the weights.
     */
    public static final String RESUMED_PROPERTY = "resumed";
    /** Separator of the entries of {@value #RESUMED_PROPERTY}. */
    public static final String RESUME_SEPARATOR = " | ";

    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .setPrettyPrinting()
            .create();

    /** Receives a report after every optimizer step. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param step steps done so far (1-based count)
         * @param total the run's total steps
         * @param loss this step's loss
         * @param smoothedLoss exponential average of the loss over about the last 100 steps
         */
        void onStep(long step, long total, double loss, double smoothedLoss);
    }

    /**
     * One line of the loss history.
     *
     * @param step steps done
     * @param images training images seen
     * @param meanLoss mean loss over the steps since the previous record
     * @param wallSeconds training time so far, over all sessions
     */
    public record LossRecord(long step, long images, double meanLoss, double wallSeconds) {}

    /**
     * What a checkpoint knows about the run.
     *
     * @param spec the settings
     * @param steps steps done
     * @param trainSamples N of the training set
     * @param wallSeconds training time over all sessions
     * @param history loss records, one per checkpoint
     */
    public record State(
            PriorTrainingSpec spec, long steps, int trainSamples, double wallSeconds, List<LossRecord> history) {
        /** Copies the history. */
        public State {
            history = List.copyOf(history);
        }

        /** The last mean loss, NaN before the first record. */
        public double lastLoss() {
            return history.isEmpty()
                    ? Double.NaN
                    : history.get(history.size() - 1).meanLoss();
        }
    }

    private final PriorTrainingSpec spec;
    private Listener listener = (s, t, l, m) -> {};

    /**
     * @param spec the run's settings
     */
    public PriorTrainer(PriorTrainingSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("training settings are required");
        }
        this.spec = spec;
    }

    /** Sets the per-step listener. */
    public PriorTrainer optListener(Listener l) {
        this.listener = l == null ? (s, t, x, m) -> {} : l;
        return this;
    }

    /**
     * Trains a new prior.
     *
     * @param card the network's card: a conditioned config with C input and C output channels, the
     *     channel names, the normalisers (physical -&gt; normalised, as applied to {@code data}), the
     *     {@link PriorSettings} (see {@link PriorSettings#writeTo}), data description and command line
     * @param data the normalised training fields
     * @param out the checkpoint folder to create; must not hold a checkpoint
     * @return the state after the run
     * @throws IOException when a checkpoint cannot be written
     */
    public State train(ModelCard card, PriorData data, Path out) throws IOException {
        requireNoCheckpoint(out);
        PriorSettings settings = PriorSettings.readFrom(card);
        check(card, data);
        Shape[] shapes = shapes(card, data);
        Model model = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE);
        Model emaModel = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE);
        try {
            Engines.engine().setRandomSeed((int) mix(spec.seed(), -1));
            Block block = card.model().newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, shapes);
            Block emaBlock = card.model().newBlock();
            emaModel.setBlock(emaBlock);
            emaBlock.initialize(emaModel.getNDManager(), DataType.FLOAT32, shapes);
            return runFromStep0(model, emaModel, card, settings, data, out);
        } finally {
            emaModel.close();
            model.close();
        }
    }

    /**
     * Fine-tunes a committed prior: a new run whose weights and EMA start from the averaged weights of {@code
     * from} (the {@code model-0000.params} of a model folder, as shipped: the optimizer state stays out of git),
     * with a fresh AdamW state and step counter. The network, its normalisation and the {@link PriorSettings} are
     * {@code card}'s, which must describe the same network as {@code from}'s (the caller usually passes {@code
     * from}'s own card with a new command line) or a larger one that contains it: then the shared layers start
     * from {@code from}'s weights and the new ones as initialised ({@link WeightTransfer}; e.g. a U-Net given an
     * attention block, which starts as the identity). Steps are then as in {@link #train}; {@link #resume}
     * continues such a run like any other.
     *
     * @param card the new run's card
     * @param from a model folder whose weights fit {@code card}'s network
     * @param data the normalised training fields
     * @param out the checkpoint folder to create; must not hold a checkpoint
     * @return the state after the run
     * @throws IOException when the model cannot be read or a checkpoint written
     * @throws MalformedModelException when the weights do not match the card
     */
    public State fineTune(ModelCard card, Path from, PriorData data, Path out)
            throws IOException, MalformedModelException {
        requireNoCheckpoint(out);
        PriorSettings settings = PriorSettings.readFrom(card);
        check(card, data);
        ModelCard fromCard = Checkpoints.readCard(from);
        try (Model model = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE);
                Model emaModel = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE)) {
            if (fromCard.model().equals(card.model())) {
                model.setBlock(card.model().newBlock());
                model.load(from, Checkpoints.PARAMS_NAME, Map.of("epoch", "0"));
                // parameters read from disk do not record gradients until unfrozen
                model.getBlock().freezeParameters(false);
                emaModel.setBlock(card.model().newBlock());
                emaModel.load(from, Checkpoints.PARAMS_NAME, Map.of("epoch", "0"));
            } else {
                Engines.engine().setRandomSeed((int) mix(spec.seed(), -1));
                grow(model, card, fromCard, from, data);
                // the average starts from model's weights (Ema); emaModel only needs the network's shape
                emaModel.setBlock(card.model().newBlock());
                emaModel.getBlock().initialize(emaModel.getNDManager(), DataType.FLOAT32, shapes(card, data));
            }
            return runFromStep0(model, emaModel, card, settings, data, out);
        }
    }

    /**
     * Gives {@code model} {@code card}'s network, initialised, with the weights of the smaller network saved
     * in {@code from} copied into the layers the two share ({@link WeightTransfer}).
     */
    private static void grow(Model model, ModelCard card, ModelCard fromCard, Path from, PriorData data)
            throws IOException, MalformedModelException {
        Block block = card.model().newBlock();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, shapes(card, data));
        try (Model trained = Model.newInstance(fromCard.model().architecture(), Engines.device(), Engines.ENGINE)) {
            trained.setBlock(fromCard.model().newBlock());
            trained.load(from, Checkpoints.PARAMS_NAME, Map.of("epoch", "0"));
            List<String> fresh = WeightTransfer.copy(trained.getBlock(), block);
            LOG.info("grew {} into {}: {} new parameters ({})", fromCard.model(), card.model(), fresh.size(), fresh);
        }
    }

    /**
     * Continues the run saved in {@code out} up to this trainer's step count (its other settings
     * replace the saved ones; keep them equal for an exact continuation).
     *
     * @param out a checkpoint folder written by {@link #train} or an earlier resume
     * @param data the same normalised training fields
     * @return the state after the run
     * @throws IOException when the checkpoint cannot be read or written
     * @throws MalformedModelException when the weights do not match the card
     */
    public State resume(Path out, PriorData data) throws IOException, MalformedModelException {
        return resume(out, data, null);
    }

    /**
     * As {@link #resume(Path, PriorData)}, and records {@code command} on the card of every checkpoint
     * the continuation writes ({@value #RESUMED_PROPERTY}: "at step k: command" after the entries of
     * earlier resumes), so a card says how its weights were made even when a run took several sittings.
     *
     * @param command the command line of this continuation; {@code null} records nothing
     */
    public State resume(Path out, PriorData data, String command) throws IOException, MalformedModelException {
        State state = readState(out);
        if (state.trainSamples() != data.size()) {
            throw new IllegalArgumentException(
                    "the run in " + out + " was trained on " + state.trainSamples() + " samples, not " + data.size());
        }
        try (Checkpoint averaged = Checkpoints.load(out)) {
            ModelCard card = command == null ? averaged.card() : recordResume(averaged.card(), state.steps(), command);
            PriorSettings settings = PriorSettings.readFrom(card);
            check(card, data);
            try (Model model = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE)) {
                model.setBlock(card.model().newBlock());
                model.load(out, TRAINING_PARAMS, Map.of("epoch", "0"));
                // parameters read from disk do not record gradients until unfrozen
                model.getBlock().freezeParameters(false);
                try (Ema ema = new Ema(averaged.block().getParameters(), model.getNDManager())) {
                    return run(
                            model,
                            averaged.model(),
                            ema,
                            card,
                            settings,
                            state,
                            out.resolve(OPTIMIZER_FILE),
                            data,
                            out);
                }
            }
        }
    }

    private static ModelCard recordResume(ModelCard card, long step, String command) {
        String entry = "at step " + step + ": " + command;
        String earlier = card.properties().get(RESUMED_PROPERTY);
        return card.withProperty(
                RESUMED_PROPERTY, earlier == null || earlier.isBlank() ? entry : earlier + RESUME_SEPARATOR + entry);
    }

    private static void requireNoCheckpoint(Path out) {
        if (Files.exists(out.resolve(Checkpoints.CARD_FILE))) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; resume it or choose another folder");
        }
    }

    /** A new run (step 0, fresh optimizer) whose EMA starts at the model's weights. */
    private State runFromStep0(
            Model model, Model emaModel, ModelCard card, PriorSettings settings, PriorData data, Path out)
            throws IOException {
        try (Ema ema = new Ema(model.getBlock().getParameters(), model.getNDManager())) {
            return run(
                    model,
                    emaModel,
                    ema,
                    card,
                    settings,
                    new State(spec, 0, data.size(), 0, List.of()),
                    null,
                    data,
                    out);
        }
    }

    /** Reads the trainer state of a checkpoint folder. */
    public static State readState(Path dir) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    dir + " holds no prior trainer state (" + STATE_FILE + ") to resume from");
        }
        return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), State.class);
    }

    private State run(
            Model model,
            Model emaModel,
            Ema ema,
            ModelCard card,
            PriorSettings settings,
            State state,
            Path optimizerState,
            PriorData data,
            Path out)
            throws IOException {
        Block block = model.getBlock();
        GaussianNoise noise = settings.noise(data.channels().size(), data.height(), data.width());
        EdmLoss edm = spec.edmLoss(settings.sigmaData());
        FlowMatchingLoss flow = new FlowMatchingLoss(TimeDistribution.uniform());
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        EdmDenoiser denoiser = new EdmDenoiser(in -> block.forward(ps, in, true), settings.sigmaData());
        RoughnessCondition roughness = RoughnessCondition.readFrom(card).orElse(null);
        VelocityField velocity = (x, t) -> block.forward(ps, new NDList(x, NoiseLevels.perSample(t, x)), true)
                .head();
        List<LossRecord> history = new ArrayList<>(state.history());
        double wall = state.wallSeconds();
        long sessionStart = System.nanoTime();
        long lastSave = System.nanoTime();
        double lossSum = 0;
        int lossCount = 0;
        double smoothedRaw = 0;
        long smoothedCount = 0;
        State current = state;
        try (AdamOptimizer adam = new AdamOptimizer(spec.schedule(), spec.weightDecay(), model.getNDManager())) {
            if (optimizerState != null) {
                try (InputStream in = Files.newInputStream(optimizerState)) {
                    adam.load(in, block.getParameters());
                }
            }
            for (long step = state.steps(); step < spec.steps(); step++) {
                float loss;
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    Engines.engine().setRandomSeed((int) mix(spec.seed(), step));
                    NDArray x0 = data.batch(scope, indices(data.size(), spec.batchSize(), spec.seed(), step));
                    try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                        NDArray l = settings.kind() == PriorKind.DIFFUSION_EDM
                                ? edm.loss(
                                        roughness == null
                                                ? denoiser
                                                : denoiser.withConditions(roughness.training(x0, spec.seed(), step)),
                                        x0,
                                        noise)
                                : flow.loss(velocity, x0, noise);
                        gc.backward(l);
                        loss = l.getFloat();
                    }
                    adam.update(block.getParameters());
                    double images = (double) (step + 1) * spec.batchSize();
                    ema.update(
                            block.getParameters(),
                            Ema.edmDecay(settings.emaHalfLifeImages(), spec.batchSize(), images, settings.emaRampUp()));
                }
                if (!Float.isFinite(loss)) {
                    throw new IllegalStateException("training diverged: loss " + loss + " at step " + (step + 1)
                            + "; try a smaller learning rate");
                }
                lossSum += loss;
                lossCount++;
                // bias-corrected exponential average (as Adam's moments), so early values are not pulled to 0
                smoothedRaw = 0.99 * smoothedRaw + 0.01 * loss;
                smoothedCount++;
                listener.onStep(step + 1, spec.steps(), loss, smoothedRaw / (1 - Math.pow(0.99, smoothedCount)));
                double session = (System.nanoTime() - sessionStart) * 1e-9;
                boolean timeUp = spec.maxSeconds() > 0 && session >= spec.maxSeconds();
                boolean last = step + 1 == spec.steps() || timeUp;
                if ((step + 1) % spec.checkpointEvery() == 0 || last) {
                    long now = System.nanoTime();
                    wall += (now - lastSave) * 1e-9;
                    lastSave = now;
                    history.add(new LossRecord(step + 1, (step + 1) * spec.batchSize(), lossSum / lossCount, wall));
                    lossSum = 0;
                    lossCount = 0;
                    State saved = new State(spec, step + 1, data.size(), wall, history);
                    ema.copyTo(emaModel.getBlock().getParameters());
                    ModelCard stamped = card.withMetrics(metrics(card, saved)).restamped();
                    Checkpoints.save(out, emaModel, stamped, dir -> {
                        model.setProperty("Epoch", "0");
                        model.save(dir, TRAINING_PARAMS);
                        try (OutputStream os =
                                new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE)))) {
                            adam.save(os);
                        }
                        Files.writeString(dir.resolve(STATE_FILE), GSON.toJson(saved), StandardCharsets.UTF_8);
                    });
                    current = saved;
                }
                if (timeUp) {
                    break;
                }
            }
        }
        return current;
    }

    private static Map<String, Double> metrics(ModelCard card, State s) {
        Map<String, Double> m = new LinkedHashMap<>(card.metrics());
        m.put("steps", (double) s.steps());
        m.put("batch_size", (double) s.spec().batchSize());
        m.put("training_images", (double) s.steps() * s.spec().batchSize());
        m.put("train_samples", (double) s.trainSamples());
        m.put("train_loss", s.lastLoss());
        m.put("wall_seconds", s.wallSeconds());
        m.put("learning_rate", s.spec().learningRate());
        return m;
    }

    private static Shape[] shapes(ModelCard card, PriorData data) {
        int b = 1;
        int conditions = card.model() instanceof UnetConfig unet ? unet.conditions() : 0;
        return new Shape[] {
            new Shape(b, data.channels().size(), data.height(), data.width()),
            conditions == 0 ? new Shape(b) : new Shape(b, 1 + conditions)
        };
    }

    private static void check(ModelCard card, PriorData data) {
        if (!card.model().conditioned()) {
            throw new IllegalArgumentException(
                    "a prior's network must be conditioned on the noise level (embedding > 0)");
        }
        boolean roughness = RoughnessCondition.readFrom(card).isPresent();
        if (card.model() instanceof UnetConfig u && u.conditions() > 0 && !roughness) {
            throw new IllegalArgumentException("the U-Net takes " + u.conditions()
                    + " global conditions but the model card names none (train it with --roughness-condition)");
        }
        if (roughness) {
            if (PriorSettings.readFrom(card).kind() != PriorKind.DIFFUSION_EDM) {
                throw new IllegalArgumentException("a roughness condition needs an EDM prior, not flow matching");
            }
            if (!(card.model() instanceof UnetConfig unet) || unet.conditions() != RoughnessCondition.CONDITIONS) {
                throw new IllegalArgumentException("a roughness condition needs a U-Net with "
                        + RoughnessCondition.CONDITIONS + " global conditions, not " + card.model());
            }
        }
        if (!card.inputChannels().equals(data.channels())
                || !card.outputChannels().equals(data.channels())) {
            throw new IllegalArgumentException("data channels " + data.channels() + " do not match the network's "
                    + card.inputChannels() + " -> " + card.outputChannels());
        }
    }

    /** B indices drawn uniformly with replacement, a function of (seed, step) only. */
    static int[] indices(int n, int batch, long seed, long step) {
        SplittableRandom rng = new SplittableRandom(mix(seed, step));
        int[] idx = new int[batch];
        for (int k = 0; k < batch; k++) {
            idx[k] = rng.nextInt(n);
        }
        return idx;
    }

    /** A well-mixed 64-bit hash of (seed, step) (SplitMix64 finaliser). */
    static long mix(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
