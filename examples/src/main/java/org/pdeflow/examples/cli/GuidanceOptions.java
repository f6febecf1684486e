package org.pdeflow.examples.cli;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Autoguidance options of {@code sample} and {@code evaluate-prior} (Karras et al. 2024, "Guiding a diffusion
 * model with a bad version of itself"): weaker priors of the same fields, their weights and the levels each one
 * guides. Several guides apply in the order given, each to the denoiser the previous ones made:
 * D &lt;- D_g + w_g (D - D_g). Checked before anything is loaded.
 */
final class GuidanceOptions {

    private static final Logger LOG = LoggerFactory.getLogger(GuidanceOptions.class);

    /** The weight when --guide is given without --guidance (the paper's best weights lie in 2-3). */
    static final double DEFAULT_WEIGHT = 2.0;

    @Option(
            names = "--guide",
            paramLabel = "DIR",
            description = "Autoguidance: a weaker EDM prior of the same fields (smaller and/or trained less), whose "
                    + "denoiser D0 the main one D is extrapolated from: D0 + w (D - D0). Repeat for several guides, "
                    + "applied in turn.")
    List<Path> guides;

    @Option(
            names = "--guidance",
            paramLabel = "W",
            description = "Autoguidance weight w >= 1, one for every --guide or one for all (default " + DEFAULT_WEIGHT
                    + "; 1: no guidance).")
    List<Double> weights;

    @Option(
            names = "--guidance-interval",
            paramLabel = "LO,HI",
            description = "Guide only the noise levels sigma in [LO, HI] (normalised units; HI may be inf), one for "
                    + "every --guide or one for all (default: all levels).")
    List<String> intervals;

    @Option(
            names = "--unconditional",
            description = "A prior trained with --roughness-condition: sample its unconditional mode (the condition "
                    + "dropped, as guided posterior samplers use it) instead of first drawing each field's "
                    + "roughness from the training fields' law (the default). Autoguided sampling is always "
                    + "unconditional.")
    boolean unconditional;

    @Option(
            names = "--condition-guidance",
            paramLabel = "W",
            description = "A prior trained with --roughness-condition: classifier-free guidance of the drawn "
                    + "roughness, D_u + W (D_c - D_u), W >= 1 (default: the model card's recommendation, else 1: "
                    + "the conditional network alone); W > 1 makes each field follow its drawn roughness more "
                    + "closely, at twice the network evaluations.")
    Double conditionGuidance;

    /** The card property recommending a condition guidance weight. */
    static final String CONDITION_GUIDANCE_PROPERTY = "condition_guidance";

    /**
     * The classifier-free guidance weight of {@code prior}'s roughness condition: 0 for its unconditional mode, the
     * option's or the card's weight, else 1; 1 for a prior without a condition (where it plays no part).
     *
     * @throws IllegalArgumentException when --unconditional or --condition-guidance is given for a prior without a
     *     condition, both are given, or the weight is below 1
     */
    double conditionWeight(DiffusionPrior prior) {
        checkCondition();
        if (prior.roughnessCondition().isEmpty()) {
            if (unconditional || conditionGuidance != null) {
                throw new IllegalArgumentException((unconditional ? "--unconditional" : "--condition-guidance")
                        + ": this prior was not trained with a roughness condition");
            }
            return 1;
        }
        if (unconditional || active()) {
            return 0;
        }
        if (conditionGuidance != null) {
            return conditionGuidance;
        }
        String recommended = prior.card().properties().get(CONDITION_GUIDANCE_PROPERTY);
        if (recommended == null) {
            return 1;
        }
        try {
            double w = Double.parseDouble(recommended.strip());
            if (DiffusionPrior.isGuidanceWeight(w)) {
                return w;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the model card's " + CONDITION_GUIDANCE_PROPERTY + " '" + recommended
                + "' is not a finite number >= 1");
    }

    /** The roughness options on their own: no clash, a weight >= 1 (checked before anything is loaded). */
    private void checkCondition() {
        if (unconditional && conditionGuidance != null) {
            throw new IllegalArgumentException("--unconditional and --condition-guidance exclude each other");
        }
        if (active() && (unconditional || conditionGuidance != null)) {
            throw new IllegalArgumentException((unconditional ? "--unconditional" : "--condition-guidance")
                    + " does not apply with --guide (autoguided sampling uses the unconditional mode)");
        }
        if (conditionGuidance != null && !DiffusionPrior.isGuidanceWeight(conditionGuidance)) {
            throw new IllegalArgumentException(
                    "--condition-guidance must be a finite number >= 1, got " + conditionGuidance);
        }
    }

    /** Whether --unconditional or --condition-guidance was given. */
    boolean conditionOptions() {
        return unconditional || conditionGuidance != null;
    }

    /**
     * How {@code prior}'s roughness condition is used, for reports: "drawn" (each field's roughness from the
     * data's law, then the field), "drawn, guidance W", "dropped" (the unconditional mode), or null for a prior
     * without one.
     */
    static String describeRoughness(DiffusionPrior prior, double weight) {
        if (prior.roughnessCondition().isEmpty()) {
            return null;
        }
        if (weight == 0) {
            return "dropped";
        }
        return weight == 1 ? "drawn" : "drawn, guidance " + weight;
    }

    /** One guide's settings. */
    record Stage(Path guide, double weight, double low, double high) {}

    /** Whether a guide was given. */
    boolean active() {
        return guides != null && !guides.isEmpty();
    }

    /**
     * The guides in the order they apply, checked; nothing is loaded.
     *
     * @throws IllegalArgumentException one line naming the option
     */
    List<Stage> stages() {
        if (!active()) {
            if (weights != null || intervals != null) {
                throw new IllegalArgumentException("--guidance and --guidance-interval need --guide DIR");
            }
            return List.of();
        }
        int n = guides.size();
        List<Stage> out = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            Path dir = guides.get(g);
            if (!Files.isRegularFile(dir.resolve(Checkpoints.CARD_FILE))) {
                throw new IllegalArgumentException(
                        "--guide: " + dir + " is not a prior's folder (no " + Checkpoints.CARD_FILE + ")");
            }
            double w = pick(weights, g, n, "--guidance", DEFAULT_WEIGHT);
            if (!(w >= 1) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("--guidance must be a finite number >= 1, got " + w);
            }
            double[] interval = interval(pick(intervals, g, n, "--guidance-interval", null));
            out.add(new Stage(dir, w, interval[0], interval[1]));
        }
        return out;
    }

    /** Checks the options without loading anything. */
    void check() {
        stages();
        checkCondition();
    }

    /** The g-th of n values of a repeated option: one per guide, or one for all. */
    private static <T> T pick(List<T> values, int g, int n, String option, T fallback) {
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        if (values.size() != n) {
            throw new IllegalArgumentException(option + " is given " + values.size() + " times for " + n
                    + " --guide; give it once or once per guide");
        }
        return values.get(g);
    }

    private static double[] interval(String text) {
        if (text == null) {
            return new double[] {0, Double.POSITIVE_INFINITY};
        }
        String[] parts = text.split(",");
        try {
            if (parts.length == 2) {
                double lo = Double.parseDouble(parts[0].strip());
                String hiText = parts[1].strip().toLowerCase(Locale.ROOT);
                double hi = hiText.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(hiText);
                if (lo >= 0 && hi >= lo) {
                    return new double[] {lo, hi};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--guidance-interval must be LO,HI with 0 <= LO <= HI, got '" + text + "'");
    }

    /**
     * The loaded guides and the denoiser they make of {@code prior}'s; close it after sampling.
     *
     * @param denoiser the outermost autoguided denoiser (its {@link AutoGuidedDenoiser#guideCalls()} counts every
     *     guide's evaluations)
     * @param priors the guides' priors
     */
    record Loaded(AutoGuidedDenoiser denoiser, List<DiffusionPrior> priors) implements AutoCloseable {
        @Override
        public void close() {
            closeAll(priors);
        }
    }

    /**
     * Loads the guides, builds the guided denoiser of {@code prior} and logs what it is.
     *
     * @return null when no guide was given
     * @throws IllegalArgumentException one line naming the guide that cannot guide this prior
     */
    Loaded load(DiffusionPrior prior) throws IOException, MalformedModelException {
        List<Stage> stages = stages();
        if (stages.isEmpty()) {
            return null;
        }
        List<DiffusionPrior> loaded = new ArrayList<>();
        try {
            AutoGuidedDenoiser d = null;
            for (Stage s : stages) {
                try {
                    DiffusionPrior guide = DiffusionPrior.load(s.guide());
                    loaded.add(guide);
                    d = d == null
                            ? prior.guidedDenoiser(guide, s.weight(), s.low(), s.high())
                            : prior.guidedDenoiser(d, guide, s.weight(), s.low(), s.high());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--guide " + s.guide() + ": " + e.getMessage(), e);
                }
            }
            LOG.info(describe(stages));
            return new Loaded(d, loaded);
        } catch (IOException | MalformedModelException | RuntimeException | Error e) {
            closeAll(loaded);
            throw e;
        }
    }

    /** Closes every prior, even when one of them fails to close (the first failure is rethrown). */
    private static void closeAll(List<DiffusionPrior> priors) {
        RuntimeException first = null;
        for (DiffusionPrior p : priors) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** A line for logs. */
    private static String describe(List<Stage> stages) {
        StringBuilder b = new StringBuilder("autoguided");
        for (Stage s : stages) {
            b.append(String.format(Locale.ROOT, " by %s (w %s", s.guide(), s.weight()));
            if (s.low() > 0 || s.high() < Double.POSITIVE_INFINITY) {
                b.append(String.format(Locale.ROOT, ", sigma in [%s, %s]", s.low(), s.high()));
            }
            b.append(')');
        }
        return b.toString();
    }

    /** The guides for a JSON report: folder, weight and interval (no sigma_high when unbounded). */
    List<Map<String, Object>> report() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Stage s : stages()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("guide", s.guide().toString());
            m.put("weight", s.weight());
            m.put("sigma_low", s.low());
            if (!Double.isInfinite(s.high())) {
                m.put("sigma_high", s.high());
            }
            out.add(m);
        }
        return out;
    }
}
