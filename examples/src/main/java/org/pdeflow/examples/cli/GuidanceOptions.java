package org.pdeflow.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.prior.DiffusionPrior;
import picocli.CommandLine.Option;

/**
 * Autoguidance options of {@code sample} and {@code evaluate-prior} (Karras et al. 2024, "Guiding a diffusion
 * model with a bad version of itself"): a weaker prior of the same fields, the weight and the levels guided.
 * Checked before anything is loaded.
 */
final class GuidanceOptions {

    /** The weight when --guide is given without --guidance (the paper's best weights lie in 2-3). */
    static final double DEFAULT_WEIGHT = 2.0;

    @Option(
            names = "--guide",
            paramLabel = "DIR",
            description = "Autoguidance: a weaker EDM prior of the same fields (smaller and/or trained less), whose "
                    + "denoiser D0 the main one D1 is extrapolated from: D = D0 + w (D1 - D0).")
    Path guide;

    @Option(
            names = "--guidance",
            paramLabel = "W",
            description = "Autoguidance weight w >= 1 (with --guide; default " + DEFAULT_WEIGHT + "; 1: no guidance).")
    Double weight;

    @Option(
            names = "--guidance-interval",
            split = ",",
            paramLabel = "LO,HI",
            description = "Guide only the noise levels sigma in [LO, HI] (normalised units; default: all).")
    List<Double> interval;

    /** Whether a guide was given. */
    boolean active() {
        return guide != null;
    }

    /**
     * Checks the options; nothing is loaded.
     *
     * @throws IllegalArgumentException one line naming the option
     */
    void check() {
        if (guide == null) {
            if (weight != null || interval != null) {
                throw new IllegalArgumentException("--guidance and --guidance-interval need --guide DIR");
            }
            return;
        }
        if (!Files.isRegularFile(guide.resolve(Checkpoints.CARD_FILE))) {
            throw new IllegalArgumentException(
                    "--guide: " + guide + " is not a prior's folder (no " + Checkpoints.CARD_FILE + ")");
        }
        if (weight != null && (!(weight >= 1) || weight.isInfinite())) {
            throw new IllegalArgumentException("--guidance must be a finite number >= 1, got " + weight);
        }
        if (interval != null
                && (interval.size() != 2 || !(interval.get(0) >= 0) || !(interval.get(1) >= interval.get(0)))) {
            throw new IllegalArgumentException("--guidance-interval must be LO,HI with 0 <= LO <= HI, got " + interval);
        }
    }

    /** The guided denoiser of {@code prior} with {@code guidePrior} (loaded from {@link #guide}). */
    AutoGuidedDenoiser denoiser(DiffusionPrior prior, DiffusionPrior guidePrior) {
        try {
            return prior.guidedDenoiser(guidePrior, weight(), low(), high());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--guide " + guide + ": " + e.getMessage(), e);
        }
    }

    double weight() {
        return weight != null ? weight : DEFAULT_WEIGHT;
    }

    double low() {
        return interval != null ? interval.get(0) : 0;
    }

    double high() {
        return interval != null ? interval.get(1) : Double.POSITIVE_INFINITY;
    }

    /** A line for logs and reports. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "autoguided by %s, w %s%s",
                guide,
                weight(),
                interval != null ? ", sigma in [" + low() + ", " + high() + "]" : "");
    }
}
