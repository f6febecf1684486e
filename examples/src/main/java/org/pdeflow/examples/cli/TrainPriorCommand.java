package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pdeflow.examples.priors.PriorFiles;
import org.pdeflow.examples.priors.PriorNormalization;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Fno;
import org.pdeflow.operators.models.ModelConfig;
import org.pdeflow.operators.models.UnetConfig;
import org.pdeflow.operators.models.Uno;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.noise.NoiseType;
import org.pdeflow.solvers.prior.PriorData;
import org.pdeflow.solvers.prior.PriorKind;
import org.pdeflow.solvers.prior.PriorSettings;
import org.pdeflow.solvers.prior.PriorTrainer;
import org.pdeflow.solvers.prior.PriorTrainingSpec;
import org.pdeflow.solvers.prior.RoughnessCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pdeflow train-prior}: learn a diffusion (EDM) or flow-matching prior over joint fields. */
@Command(
        name = "train-prior",
        mixinStandardHelpOptions = true,
        description = {
            "Train a diffusion or flow-matching prior over the joint fields of a data set.",
            "The data set is an HDF5 file from 'pdeflow generate' or an .npz; each named field is one channel "
                    + "(--fields a,u: channel 0 = a, channel 1 = u, as in DiffusionPDE). The fields are normalised "
                    + "per channel "
                    + "(a two-valued field such as Darcy's a in {3, 12} to [-1, 1], others by mean and standard "
                    + "deviation), "
                    + "held in memory, and minibatches drawn at random.",
            "The network is a noise-conditioned U-NO or FNO; the checkpoint folder (--out) holds the EMA weights to "
                    + "sample with, model-card.json (normalisation, sigma_data, noise, command line), the raw weights, "
                    + "optimizer and trainer state; --resume continues exactly after a kill; --init fine-tunes a "
                    + "committed model (its weights, no optimizer state)."
        })
final class TrainPriorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainPriorCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "data.h5",
            description = "Training data set (.h5 or .npz).")
    Path dataset;

    @Option(
            names = "--fields",
            required = true,
            split = ",",
            paramLabel = "F1[:C1],F2,..",
            description = "Fields to model jointly, one channel each (e.g. a,u for Darcy); FIELD:CHANNEL names the "
                    + "channel (a:omega0: the NS data set's field a is the initial vorticity omega0).")
    List<String> fields;

    @Option(names = "--samples", paramLabel = "N", description = "Use samples 0..N-1 (default: all).")
    Integer samples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoint folder.")
    Path out;

    @Option(
            names = "--resume",
            description = {
                "Continue the run saved in --out exactly: architecture, prior and training",
                "settings are read from it; options given again (e.g. a larger --steps) replace the saved ones."
            })
    boolean resume;

    @Option(
            names = "--init",
            paramLabel = "MODEL_DIR",
            description = {
                "Fine-tune a committed model: start from its (EMA) weights with a fresh optimizer; its network,",
                "normalisation and prior settings are kept (the options that set them are refused)."
            })
    Path init;

    /** Options a fine-tune takes from the model it starts from. */
    private static final List<String> MODEL_OPTIONS = List.of(
            "--kind",
            "--noise",
            "--grf-alpha",
            "--grf-tau",
            "--arch",
            "--blocks",
            "--groups",
            "--log",
            "--width",
            "--mults",
            "--modes",
            "--layers",
            "--projection",
            "--embedding",
            "--sigma-data",
            "--ema-half-life",
            "--ema-ramp-up");

    @Option(
            names = "--kind",
            defaultValue = "edm",
            paramLabel = "edm|flow",
            description = "EDM diffusion or flow matching (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(
            names = "--noise",
            defaultValue = "white",
            paramLabel = "white|grf",
            description = "Training/sampling noise (default: ${DEFAULT-VALUE}).")
    String noise;

    @Option(
            names = "--grf-alpha",
            defaultValue = "2.0",
            paramLabel = "ALPHA",
            description = "GRF noise: smoothness alpha (default: ${DEFAULT-VALUE}).")
    double grfAlpha;

    @Option(
            names = "--grf-tau",
            defaultValue = "3.0",
            paramLabel = "TAU",
            description = "GRF noise: inverse length scale tau (default: ${DEFAULT-VALUE}).")
    double grfTau;

    @Option(
            names = "--arch",
            defaultValue = "uno",
            paramLabel = "uno|fno|unet",
            description = "Architecture: U-NO, FNO (Fourier layers) or a convolutional U-Net (local 3x3 residual "
                    + "blocks; removes white noise at every wavenumber) (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--blocks",
            defaultValue = "2",
            paramLabel = "K",
            description = "U-Net residual blocks per level (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(
            names = "--groups",
            defaultValue = "8",
            paramLabel = "G",
            description = "U-Net group-normalisation groups (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(
            names = "--log",
            description = "Model ln of the fields, mapped to [-1, 1] (Darcy's a in {3, 12} to -1 and +1): every "
                    + "sample is positive, so a permeability drawn from the prior can go straight into the solver "
                    + "(default: per-channel affine).")
    boolean log;

    @Option(
            names = "--width",
            defaultValue = "32",
            paramLabel = "W",
            description = "U-NO / U-Net base channels, FNO width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(
            names = "--mults",
            defaultValue = "1,2,2",
            split = ",",
            paramLabel = "M1,M2,..",
            description = "U-NO / U-Net channel multipliers per level (default: ${DEFAULT-VALUE}).")
    List<Integer> mults;

    @Option(
            names = "--modes",
            defaultValue = "16",
            paramLabel = "M",
            description = "Fourier modes per axis at the finest level (U-NO halves them per level; default: "
                    + "${DEFAULT-VALUE}).")
    int modes;

    @Option(
            names = "--layers",
            defaultValue = "4",
            paramLabel = "L",
            description = "FNO Fourier layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(
            names = "--projection",
            defaultValue = "64",
            paramLabel = "P",
            description = "Hidden channels of the projection MLP (default: ${DEFAULT-VALUE}).")
    int projection;

    @Option(
            names = "--attention-heads",
            defaultValue = "0",
            paramLabel = "H",
            description = "U-Net: heads of a self-attention block at the coarsest level, 0 for none (default: "
                    + "${DEFAULT-VALUE}). With --init, grows the model's U-Net by that block: it starts as the "
                    + "identity, the other layers from the model's weights.")
    int attentionHeads;

    @Option(
            names = "--roughness-condition",
            description = "U-Net EDM prior: condition the network on each field's roughness (ln of the mean squared "
                    + "difference of neighbouring nodes, standardised), drawn at sampling time from the training "
                    + "fields' own distribution, so that fields vary in roughness as the data do. With --init, "
                    + "grows the model's U-Net by the condition's embedding (it starts at zero).")
    boolean roughnessCondition;

    @Option(
            names = "--condition-dropout",
            defaultValue = "0.1",
            paramLabel = "P",
            description = "With --roughness-condition: probability that a training field's condition is dropped, "
                    + "so the network also learns the unconditional prior that guided posterior samplers use "
                    + "(default: ${DEFAULT-VALUE}).")
    double conditionDropout;

    @Option(
            names = "--embedding",
            defaultValue = "64",
            paramLabel = "E",
            description = "Noise-embedding size, even (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(
            names = "--sigma-data",
            paramLabel = "SD",
            description = "EDM sigma_data (default: the normalised data's standard deviation).")
    Double sigmaData;

    @Option(
            names = "--sigma-mean",
            defaultValue = "-1.2",
            paramLabel = "P_MEAN",
            description =
                    "EDM: mean of ln sigma, the training noise levels' log-normal law (default: ${DEFAULT-VALUE}, "
                            + "EDM's).")
    double sigmaMean;

    @Option(
            names = "--sigma-std",
            defaultValue = "1.2",
            paramLabel = "P_STD",
            description = "EDM: its standard deviation; raise both to train the high noise levels, where a field's "
                    + "large scales are decided, more (default: ${DEFAULT-VALUE}).")
    double sigmaStd;

    @Option(
            names = "--steps",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Total optimizer steps (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(
            names = "--batch",
            defaultValue = "16",
            paramLabel = "B",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--lr",
            defaultValue = "1e-3",
            paramLabel = "RATE",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--cosine", description = "Cosine-anneal the rate to lr/100 over --steps (default: constant).")
    boolean cosine;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            paramLabel = "WD",
            description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--ema-half-life",
            defaultValue = "20000",
            paramLabel = "IMAGES",
            description = "EMA half-life in training images (EDM: 500000 for CIFAR-10; default: ${DEFAULT-VALUE}).")
    double emaHalfLife;

    @Option(
            names = "--ema-ramp-up",
            defaultValue = "0.05",
            paramLabel = "R",
            description = "EMA ramp-up: half-life min(H, images seen * R); 0 = off (default: ${DEFAULT-VALUE}).")
    double emaRampUp;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "500",
            paramLabel = "K",
            description = "Save every K steps (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(
            names = "--max-minutes",
            defaultValue = "0",
            paramLabel = "MIN",
            description = "Stop with a checkpoint after this much training time in this session; 0 = none (default: "
                    + "${DEFAULT-VALUE}).")
    double maxMinutes;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "K",
            description = "Seed of weights, minibatches and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description = "PyTorch intra-op threads (ai.djl.pytorch.num_threads; default: PyTorch's).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        CliThreads.apply(threads);
        boolean hasCheckpoint = Files.exists(out.resolve(Checkpoints.CARD_FILE));
        if (resume && !hasCheckpoint) {
            throw new IllegalArgumentException("--resume: " + out + " holds no checkpoint");
        }
        var parsed = spec.commandLine().getParseResult();
        if (init != null) {
            if (resume) {
                throw new IllegalArgumentException(
                        "--init starts a new run from a model; --resume continues " + out + " (give one of them)");
            }
            for (String option : MODEL_OPTIONS) {
                if (parsed.hasMatchedOption(option)) {
                    throw new IllegalArgumentException(
                            option + " is set by the model " + init + " that --init fine-tunes; leave it out");
                }
            }
            if (!Files.exists(init.resolve(Checkpoints.CARD_FILE))) {
                throw new IllegalArgumentException("--init " + init + ": no " + Checkpoints.CARD_FILE + " there");
            }
        }
        if (!resume && Files.exists(out)) {
            throw new IllegalArgumentException(
                    "--out " + out + " already exists; use --resume to continue it or choose another folder");
        }
        checkRoughnessOptions(parsed.hasMatchedOption("--condition-dropout"));
        PriorFiles.FieldChoice choice = PriorFiles.FieldChoice.parse(fields);
        PriorFiles.Fields raw =
                PriorFiles.read(dataset, choice.datasetFields(), 0, samples).withChannels(choice.channels());
        LOG.info(
                "data: {} samples of {} on {} x {} from {}; engine {}",
                raw.count(),
                raw.channels(),
                raw.height(),
                raw.width(),
                dataset,
                Engines.describe());
        // A resumed or fine-tuned run continues the card of the run or model it starts from.
        Path from = resume ? out : init;
        ModelCard saved = from == null ? null : Checkpoints.readCard(from);
        if (saved != null) {
            // The run must continue on data of its own kind (same channels, preset, domain, scales).
            if (!saved.inputChannels().equals(raw.channels())) {
                throw new IllegalArgumentException("--dataset " + dataset + " gives the channels " + raw.channels()
                        + ", but the run in " + from + " models " + saved.inputChannels());
            }
            DataMatch.requireSameKind(
                    "--dataset",
                    dataset,
                    raw.attributes(),
                    from,
                    saved,
                    saved.inputNormalizer(),
                    raw.channels(),
                    raw.values(),
                    raw.height() * raw.width());
        }
        PriorTrainingSpec trainSpec = new PriorTrainingSpec(
                steps, batch, lr, cosine, weightDecay, checkpointEvery, seed, maxMinutes * 60, sigmaMean, sigmaStd);
        PriorTrainer.State savedState = resume ? PriorTrainer.readState(out) : null;
        if (resume) {
            trainSpec = fromSaved(savedState.spec());
        }
        PriorTrainer trainer = new PriorTrainer(trainSpec);
        PriorTrainer.State result;
        long totalSteps = trainSpec.steps();
        int batchSize = trainSpec.batchSize();
        long doneSteps = resume ? savedState.steps() : 0;
        try (ProgressBars bar =
                ProgressBars.start("train-prior" + (resume ? " (resumed)" : ""), totalSteps, "steps", doneSteps)) {
            trainer.optListener((done, total, loss, smooth) -> {
                bar.progress(done, total);
                bar.message(String.format(Locale.ROOT, " loss %.4f", smooth));
            });
            if (resume) {
                LOG.info("resuming {} at step {} up to step {}", out, doneSteps, totalSteps);
                result = trainer.resume(out, normalised(raw, saved.inputNormalizer()), commandLine());
            } else if (init != null) {
                PriorData data = normalised(raw, saved.inputNormalizer());
                ModelCard card = conditioned(grown(saved), data)
                        .withTrainingData(trainingData(raw))
                        .withCommandLine(commandLine());
                LOG.info(
                        "fine-tuning {} ({}), P_mean {}, P_std {}",
                        init,
                        card.model().architecture(),
                        sigmaMean,
                        sigmaStd);
                result = trainer.fineTune(card, init, data, out);
            } else {
                ChannelNormalizer norm = log
                        ? PriorNormalization.fitLog(raw.values(), raw.channels().size(), raw.height() * raw.width())
                        : PriorNormalization.fit(raw.values(), raw.channels().size(), raw.height() * raw.width());
                PriorData data = normalised(raw, norm);
                double sd = sigmaData != null ? sigmaData : PriorNormalization.std(data.values());
                NoiseType noiseType = PriorSettings.parseNoise(noise);
                GrfSpec grf = noiseType == NoiseType.WHITE ? null : new GrfSpec(grfAlpha, grfTau, 1.0, false);
                PriorSettings settings = new PriorSettings(
                        PriorKind.parse(kind),
                        sd,
                        noiseType,
                        grf,
                        raw.domainLength(),
                        raw.domainLength(),
                        emaHalfLife,
                        emaRampUp);
                ModelConfig config = config(raw);
                ModelCard card = settings.writeTo(ModelCard.of(config, raw.channels(), raw.channels())
                                .withNormalizers(norm, norm)
                                .withTrainingData(trainingData(raw))
                                .withCommandLine(commandLine()))
                        .withProperty("resolution", Integer.toString(raw.height()))
                        .withProperty(PriorFiles.DATASET_FIELDS, String.join(",", choice.datasetFields()))
                        .withProperty("channel_normalization", PriorNormalization.describe(norm, raw.channels()));
                if (roughnessCondition) {
                    card = RoughnessCondition.fit(data, conditionDropout).writeTo(card);
                }
                String preset = DataMatch.preset(raw.attributes());
                if (preset != null) {
                    card = card.withProperty(DataMatch.DATASET_PRESET, preset);
                }
                LOG.info(
                        "training a {} prior, {}, sigma_data {}, {} noise; normalisation {}",
                        settings.kind().label(),
                        config,
                        String.format(Locale.ROOT, "%.4f", sd),
                        noise,
                        PriorNormalization.describe(norm, raw.channels()));
                result = trainer.train(card, data, out);
            }
        }
        LOG.info(
                "done: {} steps ({} images), last mean loss {}, {} s of training; checkpoint {}",
                result.steps(),
                result.steps() * batchSize,
                String.format(Locale.ROOT, "%.4f", result.lastLoss()),
                String.format(Locale.ROOT, "%.1f", result.wallSeconds()),
                out);
        return 0;
    }

    /** The training fields in the model's units. */
    private static PriorData normalised(PriorFiles.Fields raw, ChannelNormalizer norm) {
        float[] z = raw.values().clone();
        norm.normalizeInPlace(z, raw.height() * raw.width());
        return new PriorData(z, raw.channels(), raw.height(), raw.width());
    }

    private String trainingData(PriorFiles.Fields raw) {
        return dataset.toAbsolutePath() + ": samples 0.." + (raw.count() - 1) + ", fields " + raw.channels() + ", "
                + raw.height() + " x " + raw.width();
    }

    private String commandLine() {
        return "pdeflow " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    /**
     * The settings of a resumed run: the saved ones, except options given on this command line
     * (e.g. a larger --steps), so that a plain --resume continues exactly.
     */
    private PriorTrainingSpec fromSaved(PriorTrainingSpec saved) {
        var parsed = spec.commandLine().getParseResult();
        return new PriorTrainingSpec(
                parsed.hasMatchedOption("--steps") ? steps : saved.steps(),
                parsed.hasMatchedOption("--batch") ? batch : saved.batchSize(),
                parsed.hasMatchedOption("--lr") ? lr : saved.learningRate(),
                parsed.hasMatchedOption("--cosine") ? cosine : saved.cosine(),
                parsed.hasMatchedOption("--weight-decay") ? weightDecay : saved.weightDecay(),
                parsed.hasMatchedOption("--checkpoint-every") ? checkpointEvery : saved.checkpointEvery(),
                parsed.hasMatchedOption("--seed") ? seed : saved.seed(),
                maxMinutes * 60,
                parsed.hasMatchedOption("--sigma-mean") ? sigmaMean : saved.sigmaMean(),
                parsed.hasMatchedOption("--sigma-std") ? sigmaStd : saved.sigmaStd());
    }

    /** The card of the model --init starts from, with the attention block --attention-heads asks for. */
    private ModelCard grown(ModelCard saved) {
        if (attentionHeads == 0) {
            return saved;
        }
        if (!(saved.model() instanceof UnetConfig unet) || unet.attentionHeads() != 0) {
            throw new IllegalArgumentException(
                    "--attention-heads with --init grows a U-Net without attention; the model " + init + " is "
                            + saved.model());
        }
        return saved.withModel(unet.withAttentionHeads(attentionHeads));
    }

    /**
     * --roughness-condition and --condition-dropout where they apply: a new U-Net EDM run or a model --init grows;
     * the dropout strictly between 0 and 1 (the unconditional mode, which posterior samplers, --unconditional and
     * guidance use, is learnt from the dropped draws). Checked before the data are read.
     */
    private void checkRoughnessOptions(boolean dropoutGiven) throws IOException {
        if (!roughnessCondition) {
            if (dropoutGiven) {
                throw new IllegalArgumentException("--condition-dropout needs --roughness-condition");
            }
            return;
        }
        if (resume) {
            throw new IllegalArgumentException("--roughness-condition does not apply to --resume: the run keeps the "
                    + "network it was started with");
        }
        if (!(conditionDropout > 0 && conditionDropout < 1)) {
            throw new IllegalArgumentException(
                    "--condition-dropout must be between 0 and 1 (exclusive), got " + conditionDropout);
        }
        if (init != null) {
            ModelCard from = Checkpoints.readCard(init);
            if (RoughnessCondition.readFrom(from).isPresent()) {
                throw new IllegalArgumentException("--init " + init + " already has a roughness condition; leave "
                        + "--roughness-condition out to fine-tune it");
            }
            return;
        }
        if (!"unet".equals(arch) || PriorKind.parse(kind) != PriorKind.DIFFUSION_EDM) {
            throw new IllegalArgumentException("--roughness-condition needs --arch unet and --kind edm");
        }
    }

    /** {@code card} with the roughness condition --roughness-condition asks for, fitted to {@code data}. */
    private ModelCard conditioned(ModelCard card, PriorData data) {
        if (!roughnessCondition) {
            return card;
        }
        if (!(card.model() instanceof UnetConfig unet) || unet.conditions() != 0) {
            throw new IllegalArgumentException(
                    "--roughness-condition with --init grows a U-Net without global conditions; the model " + init
                            + " is " + card.model());
        }
        RoughnessCondition condition = RoughnessCondition.fit(data, conditionDropout);
        LOG.info("conditioning on {}", condition);
        return condition.writeTo(card.withModel(unet.withConditions(RoughnessCondition.CONDITIONS)));
    }

    private ModelConfig config(PriorFiles.Fields data) {
        int s = Math.min(data.height(), data.width());
        int c = data.channels().size();
        if ("unet".equals(arch)) {
            return new UnetConfig(
                    c,
                    c,
                    width,
                    mults,
                    blocks,
                    groups,
                    embedding,
                    attentionHeads,
                    roughnessCondition ? RoughnessCondition.CONDITIONS : 0);
        }
        if (2 * modes > s) {
            throw new IllegalArgumentException("--modes " + modes + " does not fit " + data.height() + " x "
                    + data.width() + " data: 2 * modes must be <= " + s);
        }
        return switch (arch) {
            case "fno" ->
                Fno.builder()
                        .setInChannels(c)
                        .setOutChannels(c)
                        .setModes(modes, modes)
                        .optWidth(width)
                        .optLayers(layers)
                        .optProjectionChannels(projection)
                        .optDomainPadding(0.0)
                        .optConditioning(embedding)
                        .config();
            case "uno" ->
                Uno.builder()
                        .setInChannels(c)
                        .setOutChannels(c)
                        .setModes(modes, modes)
                        .optBaseWidth(width)
                        .optChannelMultipliers(mults)
                        .optProjectionChannels(projection)
                        .optConditioning(embedding)
                        .config();
            default -> throw new IllegalArgumentException("--arch must be uno, fno or unet, got " + arch);
        };
    }
}
