package org.pdeflow.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.npy.DType;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.examples.priors.CardSampling;
import org.pdeflow.examples.priors.PriorSamples;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorSampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow sample}: unconditional samples from a trained prior, in physical units. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = {
            "Draw unconditional samples from a prior trained by 'pdeflow train-prior'.",
            "The samples are written in physical units as a float32 .npy of shape (n, C, s, s) (channels in the "
                    + "prior's order, e.g. a, u). The network is resolution-agnostic: --resolution samples on another "
                    + "grid than the training one."
        })
final class SampleCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SampleCommand.class);
    /** Most gallery rows (200-pixel panels). */
    static final int MAX_PLOT_ROWS = 64;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Prior checkpoint folder.")
    Path model;

    @Option(
            names = "--n",
            defaultValue = "16",
            paramLabel = "N",
            description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
            names = "--steps",
            paramLabel = "K",
            description = "Sampler steps (default: the model card's recommendation, else 20).")
    Integer steps;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            description = "heun, euler, dpm2m, ddim or churn (EDM stochastic); flow priors: euler or heun (default: "
                    + "the model card's recommendation, else heun).")
    String sampler;

    @Option(
            names = "--churn",
            paramLabel = "S",
            description = "S_churn of the churn sampler (default: the model card's recommendation, else 40).")
    Double churn;

    @Option(
            names = "--sigma-max",
            defaultValue = "80",
            paramLabel = "S",
            description = "Largest noise level (default: ${DEFAULT-VALUE}).")
    double sigmaMax;

    @Option(
            names = "--resolution",
            paramLabel = "S",
            description = "Grid points per axis (default: the training resolution).")
    Integer resolution;

    @Option(
            names = "--batch",
            defaultValue = "16",
            paramLabel = "B",
            description = "Samples per network batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "samples.npy", description = "Output .npy file.")
    Path out;

    @Option(
            names = "--plot",
            paramLabel = "grid.png",
            description =
                    "Also write a gallery (rows = samples, columns = channels; one colour scale per channel): .png "
                            + "or .svg.")
    Path plot;

    @Option(
            names = "--plot-rows",
            defaultValue = "4",
            paramLabel = "R",
            description = "Samples shown in the gallery, 1 to " + MAX_PLOT_ROWS + " (default: ${DEFAULT-VALUE}).")
    int plotRows;

    @Option(names = "--threads", paramLabel = "T", description = "PyTorch intra-op threads (default: PyTorch's).")
    Integer threads;

    @Mixin
    GuidanceOptions guidance;

    @Override
    public Integer call() throws Exception {
        // Every option is checked before the prior is loaded, so a mistake writes nothing.
        FieldFiles.checkWritable(out, "--out");
        FieldFiles.requireExtension(out, "--out", ".npy");
        if (plot != null) {
            FieldFiles.checkWritable(plot, "--plot");
            FigureFiles.requireFormat(plot, "--plot");
        }
        if (plotRows < 1 || plotRows > MAX_PLOT_ROWS) {
            throw new IllegalArgumentException(
                    "--plot-rows must be between 1 and " + MAX_PLOT_ROWS + ", got " + plotRows);
        }
        if (n < 1 || batch < 1 || resolution != null && resolution < 2) {
            throw new IllegalArgumentException(
                    "need --n >= 1, --batch >= 1 and --resolution >= 2, got " + n + ", " + batch + ", " + resolution);
        }
        guidance.check();
        ModelCard card = Checkpoints.readCard(model);
        CliThreads.apply(threads);
        PriorSampling sampling =
                CardSampling.resolve(model, card, sampler, steps, churn, new PriorSampling("heun", 20, 40, sigmaMax));
        try (DiffusionPrior prior = DiffusionPrior.load(model);
                GuidanceOptions.Loaded guides = guidance.load(prior)) {
            AutoGuidedDenoiser guided = guides != null ? guides.denoiser() : null;
            int size = resolution != null ? resolution : trainingResolution(prior);
            double conditionWeight = guidance.conditionWeight(prior);
            String roughness = GuidanceOptions.describeRoughness(prior, conditionWeight);
            if (roughness != null) {
                LOG.info(
                        "roughness condition: {}",
                        roughness.startsWith("drawn")
                                ? "each field's roughness drawn from the training fields' law, then the field ("
                                        + roughness + ")"
                                : "dropped (the unconditional prior)");
            }
            PriorSamples.Drawn drawn =
                    PriorSamples.draw(prior, guided, conditionWeight, sampling, n, size, batch, seed);
            int c = prior.channels().size();
            double[] d = new double[drawn.values().length];
            for (int i = 0; i < d.length; i++) {
                d[i] = drawn.values()[i];
            }
            Npy.write(out, new NdArray(new int[] {n, c, size, size}, d), DType.FLOAT32);
            double length = Double.parseDouble(prior.card().properties().getOrDefault("domain_lx", "1"));
            if (plot != null) {
                PriorSamples.gallery(plot, drawn.values(), prior.channels(), size, length, plotRows, "sample");
            }
            int batches = (n + batch - 1) / batch;
            LOG.info(
                    "{} samples of {} at {} x {} in {} s ({} network evaluations per batch, {} ms per evaluation at "
                            + "batch {}); wrote {}",
                    n,
                    prior.channels(),
                    size,
                    size,
                    String.format(Locale.ROOT, "%.2f", drawn.seconds()),
                    drawn.evaluations(),
                    String.format(
                            Locale.ROOT, "%.1f", 1e3 * drawn.seconds() / (batches * (double) drawn.evaluations())),
                    Math.min(batch, n),
                    out);
        }
        return 0;
    }

    /** The H of the training data ({@link ModelCard#trainingResolution()}). */
    static int trainingResolution(DiffusionPrior prior) {
        return prior.card()
                .trainingResolution()
                .orElseThrow(() -> new IllegalArgumentException(
                        "the prior's card does not record its resolution; pass --resolution"));
    }
}
