package org.pdeflow.operators.training;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoint;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.data.FieldPairs;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised training of a forward surrogate x -> y (e.g. Darcy a -> u) with a readable loop in
 * the spirit of DJL's EasyTrain:
 * <pre>
 *   for each epoch:   shuffle the training pairs (seeded by seed and epoch)
 *     for each batch: in its own NDManager scope,
 *                     forward on normalised inputs, denormalise the output,
 *                     loss = relative L2 against the physical target, backward,
 *                     AdamW step with the scheduled rate, gradients zeroed
 *     evaluate the mean relative L2 on the held-out pairs
 *     every checkpointEvery epochs (and after the last): save a checkpoint
 * </pre>
 * Inputs are normalised per channel with statistics of the training pairs and the network
 * predicts normalised targets (Gaussian per channel); both normalisers go into the model card, so
 * {@link Checkpoint#predict} maps physical inputs to physical outputs. The loss is measured on
 * physical outputs, as in Li et al.'s training script.
 *
 * <p><b>Checkpoints and resume.</b> A checkpoint folder holds the weights and card
 * ({@link Checkpoints}), {@value #OPTIMIZER_FILE} (AdamW step count and both moments, exactly)
 * and {@value #STATE_FILE} (settings, epochs and steps done, wall time, per-epoch history).
 * {@link #resume} restores all of these and continues with the next epoch; since the shuffling
 * depends only on (seed, epoch) and the optimizer state is exact, a resumed run follows the same
 * trajectory as an uninterrupted one (up to floating-point non-associativity of parallel
 * kernels). Work after the last checkpoint is lost. Only one trainer may run per JVM at a time
 * (DJL allows one open GradientCollector).
 */
public final class OperatorTrainer {

    /** Trainer state file inside a checkpoint. */
    public static final String STATE_FILE = "trainer-state.json";
    /** Optimizer state file inside a checkpoint. */
    public static final String OPTIMIZER_FILE = "optimizer.ndlist";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorTrainer.class);
    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .setPrettyPrinting()
            .create();

    private final TrainSpec spec;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * @param spec the run's settings
     */
    public OperatorTrainer(TrainSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("training settings are required");
        }
        this.spec = spec;
    }

    /** Receives (optimizer steps done, total steps of the run) after every step. */
    public OperatorTrainer optProgress(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        return this;
    }

    /**
     * Trains a new network described by {@code card} (its config; normalisers are fitted here).
     *
     * @param card the card of the network to train: config, channel names, data description, command
     * @param train training pairs; channels must match the card
     * @param test held-out pairs for the test error, or null
     * @param out checkpoint folder to create; must not hold a checkpoint already (use {@link #resume})
     * @return the outcome
     * @throws IOException when a checkpoint cannot be written
     */
    public TrainingResult train(ModelCard card, FieldPairs train, FieldPairs test, Path out) throws IOException {
        if (Files.exists(out.resolve(Checkpoints.CARD_FILE))) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; resume it or choose another folder");
        }
        checkChannels(card, train, test);
        if (card.model().conditioned()) {
            throw new IllegalArgumentException(
                    "OperatorTrainer trains forward surrogates; the network is conditioned on a noise level");
        }
        ModelCard fitted = card.withNormalizers(
                train.fitInputNormalizer(spec.normalization()),
                train.fitTargetNormalizer(ChannelNormalizer.Kind.GAUSSIAN));
        Model model = Model.newInstance(card.model().architecture(), Engines.device(), Engines.ENGINE);
        try {
            Block block = card.model().newBlock();
            model.setBlock(block);
            // the initial weights come from the engine's generator: seed it for reproducible runs
            Engines.engine().setRandomSeed((int) spec.seed());
            block.initialize(
                    model.getNDManager(),
                    DataType.FLOAT32,
                    new Shape(spec.batchSize(), train.inputChannels().size(), train.height(), train.width()));
            TrainerState start = new TrainerState(spec, 0, 0, train.size(), 0, List.of());
            return run(model, fitted, start, null, train, test, out);
        } finally {
            model.close();
        }
    }

    /**
     * Continues the run saved in {@code out} up to this trainer's epoch count, with this trainer's
     * settings (a changed epoch count changes the cosine schedule from here on).
     *
     * @param out checkpoint folder written by {@link #train} or an earlier resume
     * @param train the same training pairs as before
     * @param test held-out pairs, or null
     * @return the outcome (history over all sessions)
     * @throws IOException when the checkpoint cannot be read or written
     * @throws MalformedModelException when the weights do not match the card
     */
    public TrainingResult resume(Path out, FieldPairs train, FieldPairs test)
            throws IOException, MalformedModelException {
        Path stateFile = out.resolve(STATE_FILE);
        if (!Files.exists(stateFile)) {
            throw new IllegalArgumentException(out + " holds no trainer state (" + STATE_FILE + ") to resume from");
        }
        TrainerState state = GSON.fromJson(Files.readString(stateFile, StandardCharsets.UTF_8), TrainerState.class);
        if (state.trainSamples() != train.size()) {
            throw new IllegalArgumentException(
                    "the run in " + out + " was trained on " + state.trainSamples() + " pairs, not " + train.size());
        }
        try (Checkpoint checkpoint = Checkpoints.load(out)) {
            checkChannels(checkpoint.card(), train, test);
            // parameters read from disk do not record gradients until unfrozen
            checkpoint.block().freezeParameters(false);
            return run(checkpoint.model(), checkpoint.card(), state, out.resolve(OPTIMIZER_FILE), train, test, out);
        }
    }

    private TrainingResult run(
            Model model,
            ModelCard card,
            TrainerState state,
            Path optimizerState,
            FieldPairs train,
            FieldPairs test,
            Path out)
            throws IOException {
        Engines.inferenceOnThisThread();
        Block block = model.getBlock();
        ChannelNormalizer outNorm = card.outputNormalizer();
        FieldPairs trainN = train.withNormalizedInputs(card.inputNormalizer());
        FieldPairs testN = test == null ? null : test.withNormalizedInputs(card.inputNormalizer());
        int batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        long totalSteps = (long) spec.epochs() * batches;
        ParameterStore ps = new ParameterStore(model.getNDManager(), false);
        List<EpochRecord> history = new ArrayList<>(state.history());
        double wall = state.wallSeconds();
        ModelCard current = card;
        try (AdamOptimizer adam =
                new AdamOptimizer(spec.rateSchedule(batches), spec.weightDecay(), model.getNDManager())) {
            if (optimizerState != null) {
                try (InputStream in = Files.newInputStream(optimizerState)) {
                    adam.load(in, block.getParameters());
                }
            }
            for (int epoch = state.epochsDone(); epoch < spec.epochs(); epoch++) {
                long t0 = System.nanoTime();
                int[] order = permutation(train.size(), spec.seed(), epoch);
                double lossSum = 0;
                double rate = adam.currentRate();
                for (int b = 0; b < batches; b++) {
                    int from = b * spec.batchSize();
                    int[] idx = Arrays.copyOfRange(order, from, Math.min(from + spec.batchSize(), order.length));
                    rate = adam.currentRate();
                    float loss = trainStep(model, ps, trainN, idx, outNorm, adam);
                    if (!Float.isFinite(loss)) {
                        throw new IllegalStateException("training diverged: loss " + loss + " at step " + adam.steps()
                                + "; try a smaller learning rate");
                    }
                    lossSum += loss;
                    progress.progress(adam.steps(), totalSteps);
                }
                double testErr = testN == null ? Double.NaN : evaluate(block, testN, outNorm, spec.batchSize());
                double seconds = (System.nanoTime() - t0) * 1e-9;
                wall += seconds;
                EpochRecord rec = new EpochRecord(epoch + 1, adam.steps(), lossSum / batches, testErr, rate, seconds);
                history.add(rec);
                LOG.info(
                        "epoch {}/{}: train rel L2 {}, test rel L2 {}, lr {}, {} s",
                        rec.epoch(),
                        spec.epochs(),
                        String.format("%.5f", rec.trainRelL2()),
                        String.format("%.5f", rec.testRelL2()),
                        String.format("%.2e", rate),
                        String.format("%.1f", seconds));
                if ((epoch + 1) % spec.checkpointEvery() == 0 || epoch + 1 == spec.epochs()) {
                    TrainerState saved = new TrainerState(spec, epoch + 1, adam.steps(), train.size(), wall, history);
                    current = card.withMetrics(metrics(rec, saved, train, test)).restamped();
                    Checkpoints.save(out, model, current, dir -> writeState(dir, saved, adam));
                }
            }
        }
        return new TrainingResult(out, current, history, state.epochsDone(), wall);
    }

    /** One optimizer step on one batch, in its own NDManager scope; returns the batch loss. */
    static float trainStep(
            Model model, ParameterStore ps, FieldPairs data, int[] idx, ChannelNormalizer outNorm, AdamOptimizer adam) {
        Block block = model.getBlock();
        float value;
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDList batch = data.batch(step, idx);
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray prediction =
                        block.forward(ps, new NDList(batch.get(0)), true).head();
                NDArray physical = outNorm == null ? prediction : outNorm.denormalize(prediction);
                NDArray loss = RelativeL2.mean(physical, batch.get(1));
                gc.backward(loss);
                value = loss.getFloat();
            }
            adam.update(block.getParameters());
        }
        return value;
    }

    /**
     * Mean relative L2 error of a surrogate on pairs whose inputs are already normalised.
     *
     * @param block the network (inference mode is used)
     * @param normalizedPairs pairs with normalised inputs and physical targets
     * @param outNorm the output normaliser, or null
     * @param batchSize evaluation batch size
     * @return the mean over pairs of ||pred - y|| / ||y||
     */
    public static double evaluate(Block block, FieldPairs normalizedPairs, ChannelNormalizer outNorm, int batchSize) {
        double sum = 0;
        int n = normalizedPairs.size();
        try (NDManager scope = NDManager.newBaseManager(Engines.device())) {
            for (int from = 0; from < n; from += batchSize) {
                try (NDManager step = scope.newSubManager()) {
                    int[] idx = new int[Math.min(batchSize, n - from)];
                    for (int k = 0; k < idx.length; k++) {
                        idx[k] = from + k;
                    }
                    NDList batch = normalizedPairs.batch(step, idx);
                    NDArray prediction = block.forward(new ParameterStore(step, false), new NDList(batch.get(0)), false)
                            .head();
                    NDArray physical = outNorm == null ? prediction : outNorm.denormalize(prediction);
                    sum += RelativeL2.perSample(physical, batch.get(1)).sum().getFloat();
                }
            }
        }
        return sum / n;
    }

    private static Map<String, Double> metrics(EpochRecord rec, TrainerState state, FieldPairs train, FieldPairs test) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_rel_l2", rec.trainRelL2());
        m.put("test_rel_l2", rec.testRelL2());
        m.put("epochs", (double) state.epochsDone());
        m.put("steps", (double) state.steps());
        m.put("train_samples", (double) train.size());
        m.put("test_samples", test == null ? 0.0 : test.size());
        m.put("wall_seconds", state.wallSeconds());
        return m;
    }

    private static void writeState(Path dir, TrainerState state, AdamOptimizer adam) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER_FILE)))) {
            adam.save(os);
        }
        Files.writeString(dir.resolve(STATE_FILE), GSON.toJson(state), StandardCharsets.UTF_8);
    }

    /** Reads the trainer state of a checkpoint folder. */
    public static TrainerState readState(Path dir) throws IOException {
        return GSON.fromJson(Files.readString(dir.resolve(STATE_FILE), StandardCharsets.UTF_8), TrainerState.class);
    }

    private static int[] permutation(int n, long seed, int epoch) {
        SplittableRandom rng = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1));
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void checkChannels(ModelCard card, FieldPairs train, FieldPairs test) {
        for (FieldPairs d : test == null ? List.of(train) : List.of(train, test)) {
            if (!d.inputChannels().equals(card.inputChannels())
                    || !d.targetChannels().equals(card.outputChannels())) {
                throw new IllegalArgumentException("data " + d.inputChannels() + " -> " + d.targetChannels()
                        + " does not match the network's " + card.inputChannels() + " -> " + card.outputChannels());
            }
        }
    }
}
