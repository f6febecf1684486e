package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.data.FieldPairs;
import org.pdeflow.operators.data.PairFiles;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Fno;
import org.pdeflow.operators.models.ModelConfig;
import org.pdeflow.operators.models.Uno;
import org.pdeflow.operators.training.OperatorTrainer;
import org.pdeflow.operators.training.TrainSpec;
import org.pdeflow.operators.training.TrainerState;
import org.pdeflow.operators.training.TrainingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pdeflow train-operator}: learn a forward surrogate a -> u from a data set. */
@Command(
        name = "train-operator",
        mixinStandardHelpOptions = true,
        description = {
            "Train a neural operator (FNO or U-NO) as a fast forward surrogate a -> u.",
            "The data set is written by 'pdeflow generate' (HDF5, fields /a and /u of shape [N, s, s]) or an .npz "
                    + "with arrays a and u. Samples 0..N-1 train, the next M are the held-out test set.",
            "The checkpoint folder (--out) holds the weights, model-card.json (with the test error), the optimizer "
                    + "and trainer state; --resume continues it exactly (optimizer moments and step count included)."
        })
final class TrainOperatorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainOperatorCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "PROBLEM",
            description = "darcy, poisson or helmholtz (non-periodic: padded), or ns (periodic); all learn /a -> /u.")
    String problem;

    @Option(names = "--dataset", required = true, paramLabel = "data.h5", description = "Data set file (.h5 or .npz).")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint folder.")
    Path out;

    @Option(
            names = "--resume",
            description = "Continue the run saved in --out (architecture options are read from it).")
    boolean resume;

    @Option(
            names = "--epochs",
            defaultValue = "100",
            paramLabel = "E",
            description = "Total epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch",
            defaultValue = "20",
            paramLabel = "B",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--train",
            paramLabel = "N",
            description = "Training pairs: samples 0..N-1 (default: all but the test set).")
    Integer train;

    @Option(
            names = "--test",
            paramLabel = "M",
            description = "Test pairs: samples N..N+M-1 (default: 10%% of the file, at least 1).")
    Integer test;

    @Option(
            names = "--arch",
            defaultValue = "fno",
            paramLabel = "fno|uno",
            description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--width",
            defaultValue = "32",
            paramLabel = "W",
            description = "FNO hidden channels / U-NO base channels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--modes",
            defaultValue = "12",
            paramLabel = "M",
            description = "Fourier modes per axis kept (2*modes <= s must hold; default: ${DEFAULT-VALUE}).")
    int modes;

    @Option(
            names = "--layers",
            defaultValue = "4",
            paramLabel = "L",
            description = "FNO Fourier layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(
            names = "--mults",
            defaultValue = "1,2,2",
            split = ",",
            paramLabel = "M1,M2,..",
            description = "U-NO channel multipliers per level (default: ${DEFAULT-VALUE}).")
    List<Integer> mults;

    @Option(
            names = "--padding",
            paramLabel = "F",
            description = "FNO domain padding fraction (default: 0.125 for darcy/poisson/helmholtz, 0 for ns).")
    Double padding;

    @Option(names = "--no-grid", description = "Do not append (x, y) coordinate channels.")
    boolean noGrid;

    @Option(
            names = "--lr",
            defaultValue = "1e-3",
            paramLabel = "RATE",
            description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--weight-decay",
            defaultValue = "1e-4",
            paramLabel = "WD",
            description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--schedule",
            defaultValue = "cosine",
            paramLabel = "cosine|step|constant",
            description = "Learning-rate schedule (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "K",
            description = "Save every K epochs (default: epochs/10, at least 1).")
    Integer checkpointEvery;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "K",
            description = "Seed of weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.log.io.jhdf") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        }
        boolean periodic = switch (problem) {
            case "darcy", "poisson", "helmholtz" -> false;
            case "ns" -> true;
            default ->
                throw new IllegalArgumentException(
                        "unknown problem '" + problem + "'; use darcy, poisson, helmholtz or ns");
        };
        DataMatch.requireProblem(problem, dataset);
        boolean hasCheckpoint = Files.exists(out.resolve(Checkpoints.CARD_FILE));
        if (resume && !hasCheckpoint) {
            throw new IllegalArgumentException("--resume: " + out + " holds no checkpoint");
        }
        if (!resume && Files.exists(out)) {
            throw new IllegalArgumentException(
                    "--out " + out + " already exists; use --resume to continue it or choose another folder");
        }
        TrainSpec trainSpec = new TrainSpec(
                epochs,
                batch,
                lr,
                weightDecay,
                schedule(),
                checkpointEvery == null ? Math.max(1, epochs / 10) : checkpointEvery,
                seed,
                ChannelNormalizer.Kind.GAUSSIAN);

        int total = PairFiles.sampleCount(dataset, "a");
        int nTest = test == null ? Math.max(1, total / 10) : test;
        int nTrain = train == null ? total - nTest : train;
        if (nTrain < 1 || nTest < 0 || nTrain + nTest > total) {
            throw new IllegalArgumentException("--train " + nTrain + " and --test " + nTest + " need "
                    + (nTrain + nTest) + " samples; " + dataset + " holds " + total);
        }
        FieldPairs trainPairs = PairFiles.read(dataset, "a", "u", 0, nTrain);
        FieldPairs testPairs = nTest == 0 ? null : PairFiles.read(dataset, "a", "u", nTrain, nTest);
        LOG.info(
                "data: {} train, {} test from {} ({} x {}); engine {}",
                nTrain,
                nTest,
                dataset,
                trainPairs.height(),
                trainPairs.width(),
                Engines.describe());

        if (resume) {
            requireSameKind(trainPairs);
        }
        OperatorTrainer trainer = new OperatorTrainer(trainSpec);
        long totalSteps = (long) epochs * ((nTrain + batch - 1) / batch);
        TrainingResult result;
        long doneSteps = resume ? OperatorTrainer.readState(out).steps() : 0;
        try (ProgressBars bar =
                ProgressBars.start("train " + (resume ? "(resumed) " : "") + problem, totalSteps, "steps", doneSteps)) {
            trainer.optProgress(bar);
            if (resume) {
                TrainerState state = OperatorTrainer.readState(out);
                LOG.info(
                        "resuming {} at epoch {} (step {}), up to epoch {}",
                        out,
                        state.epochsDone(),
                        state.steps(),
                        epochs);
                result = trainer.resume(out, trainPairs, testPairs);
            } else {
                ModelConfig config = config(trainPairs, periodic);
                ModelCard card = ModelCard.of(config, trainPairs.inputChannels(), trainPairs.targetChannels())
                        .withTrainingData(
                                dataset.toAbsolutePath() + ": train samples 0.." + (nTrain - 1) + ", test samples "
                                        + nTrain + ".." + (nTrain + nTest - 1) + ", " + trainPairs.height() + " x "
                                        + trainPairs.width()
                                        + ", a -> u (" + problem + ")")
                        .withCommandLine("pdeflow "
                                + String.join(
                                        " ", spec.commandLine().getParseResult().originalArgs()))
                        .withProperty("problem", problem);
                String preset = DataMatch.preset(dataset);
                if (preset != null) {
                    card = card.withProperty(DataMatch.DATASET_PRESET, preset);
                }
                LOG.info("training {} on {}", config, trainPairs.describe());
                result = trainer.train(card, trainPairs, testPairs, out);
            }
        }
        LOG.info(
                "done: {} epochs, {} steps, test relative L2 {}, train relative L2 {}, {} s of training; checkpoint {}",
                result.last().epoch(),
                result.last().steps(),
                fmt(result.last().testRelL2()),
                fmt(result.last().trainRelL2()),
                fmt(result.wallSeconds()),
                out);
        return 0;
    }

    /** A resumed run continues on data of its own kind: same problem, channels, preset and scales. */
    private void requireSameKind(FieldPairs data) throws IOException {
        ModelCard card = Checkpoints.readCard(out);
        String trained = card.properties().get("problem");
        if (trained != null && !trained.equals(problem)) {
            throw new IllegalArgumentException(
                    "--resume: the run in " + out + " trains a " + trained + " operator, not " + problem);
        }
        if (!card.inputChannels().equals(data.inputChannels())
                || !card.outputChannels().equals(data.targetChannels())) {
            throw new IllegalArgumentException("--dataset " + dataset + " gives " + data.inputChannels() + " -> "
                    + data.targetChannels() + ", but the run in " + out + " maps " + card.inputChannels() + " -> "
                    + card.outputChannels());
        }
        Map<String, Object> attributes = attributes(dataset);
        ChannelNormalizer in = data.fitInputNormalizer(ChannelNormalizer.Kind.GAUSSIAN);
        ChannelNormalizer target = data.fitTargetNormalizer(ChannelNormalizer.Kind.GAUSSIAN);
        DataMatch.requireSameKind(
                "--dataset",
                dataset,
                attributes,
                out,
                card,
                card.inputNormalizer(),
                data.inputChannels(),
                new double[][] {in.shift(), in.scale()});
        DataMatch.requireSameKind(
                "--dataset",
                dataset,
                attributes,
                out,
                card,
                card.outputNormalizer(),
                data.targetChannels(),
                new double[][] {target.shift(), target.scale()});
    }

    private static Map<String, Object> attributes(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return Map.of();
        }
        try (DatasetReader reader = DatasetReader.open(file)) {
            return reader.attributes();
        }
    }

    private TrainSpec.Schedule schedule() {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "cosine" -> TrainSpec.Schedule.COSINE;
            case "step" -> TrainSpec.Schedule.STEP;
            case "constant" -> TrainSpec.Schedule.CONSTANT;
            default ->
                throw new IllegalArgumentException("--schedule must be cosine, step or constant, got " + schedule);
        };
    }

    private ModelConfig config(FieldPairs data, boolean periodic) {
        int s = Math.min(data.height(), data.width());
        if (2 * modes > s) {
            throw new IllegalArgumentException("--modes " + modes + " does not fit " + data.height() + " x "
                    + data.width() + " data: 2 * modes must be <= " + s);
        }
        int cin = data.inputChannels().size();
        int cout = data.targetChannels().size();
        return switch (arch) {
            case "fno" ->
                Fno.builder()
                        .setInChannels(cin)
                        .setOutChannels(cout)
                        .setModes(modes, modes)
                        .optWidth(width)
                        .optLayers(layers)
                        .optGridCoordinates(!noGrid)
                        .optDomainPadding(padding != null ? padding : periodic ? 0.0 : 0.125)
                        .config();
            case "uno" ->
                Uno.builder()
                        .setInChannels(cin)
                        .setOutChannels(cout)
                        .setModes(modes, modes)
                        .optBaseWidth(width)
                        .optChannelMultipliers(mults)
                        .optGridCoordinates(!noGrid)
                        .config();
            default -> throw new IllegalArgumentException("--arch must be fno or uno, got " + arch);
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
