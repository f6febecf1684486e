package org.pdeflow.solvers.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.sampling.DdimSampler;
import org.pdeflow.solvers.sampling.DpmSolverPlusPlus2MSampler;
import org.pdeflow.solvers.sampling.EdmStochasticSampler;
import org.pdeflow.solvers.sampling.EulerSampler;
import org.pdeflow.solvers.sampling.FlowEulerSampler;
import org.pdeflow.solvers.sampling.FlowHeunSampler;
import org.pdeflow.solvers.sampling.FlowSampler;
import org.pdeflow.solvers.sampling.HeunSampler;
import org.pdeflow.solvers.sampling.Sampler;
import org.pdeflow.solvers.schedule.FlowTimes;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * How to draw unconditional samples from a {@link DiffusionPrior}: a sampler by name and a step
 * count. EDM priors use the Karras schedule sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho)
 * - sigma_max^(1/rho)))^rho, i = 0..N-1, then 0 (EDM: sigma_min = 0.002, sigma_max = 80, rho = 7),
 * flow priors the uniform times i / N.
 *
 * <p>Samplers: {@code heun} (EDM Algorithm 1, 2N-1 evaluations), {@code euler} (N), {@code dpm2m}
 * (DPM-Solver++(2M), N), {@code ddim} (deterministic DDIM, N), {@code churn} (EDM Algorithm 2 with
 * S_churn = {@code churn}, 2N-1); for flow priors {@code euler} and {@code heun} on the flow ODE.
 *
 * <p>A model card may recommend a sampling for its prior in three properties, {@value #SAMPLER_PROPERTY},
 * {@value #STEPS_PROPERTY} and {@value #CHURN_PROPERTY} (set by hand after an evaluation, e.g. the
 * Darcy coefficient prior, whose two-phase texture needs EDM's stochastic sampler); {@link #choose} combines them
 * with what a user gave explicitly.
 *
 * @param sampler the sampler's name
 * @param steps N &gt;= 1
 * @param churn S_churn of the {@code churn} sampler (EDM uses 40-80 for ImageNet/CIFAR; ignored by the others)
 * @param sigmaMax the largest noise level sigma_0 (EDM: 80)
 */
public record PriorSampling(String sampler, int steps, double churn, double sigmaMax) {

    /** Validates the name and numbers. */
    public PriorSampling {
        sampler = sampler == null ? "" : sampler.strip().toLowerCase(Locale.ROOT);
        switch (sampler) {
            case "heun", "euler", "dpm2m", "ddim", "churn" -> {}
            default ->
                throw new IllegalArgumentException(
                        "unknown sampler '" + sampler + "'; use heun, euler, dpm2m, ddim or churn");
        }
        if (steps < 1 || !(churn >= 0) || !(sigmaMax > 0.002) || Double.isInfinite(sigmaMax)) {
            throw new IllegalArgumentException(
                    "need steps >= 1, churn >= 0 and sigma_max > 0.002, got " + steps + ", " + churn + ", " + sigmaMax);
        }
    }

    /** Model-card property naming the recommended sampler. */
    public static final String SAMPLER_PROPERTY = "sampler";

    /** Model-card property with the recommended step count N. */
    public static final String STEPS_PROPERTY = "sampler_steps";

    /** Model-card property with the recommended S_churn of the churn sampler. */
    public static final String CHURN_PROPERTY = "sampler_churn";

    /**
     * A run's sampling: each of sampler, steps and S_churn as the user gave it (non-null), else as the model
     * card recommends it, else as in {@code fallback}.
     *
     * @param properties the model card's properties
     * @param sampler the user's sampler, or null
     * @param steps the user's step count, or null
     * @param churn the user's S_churn, or null
     * @param fallback the command's defaults (its sigma_max is kept)
     * @return the sampling
     * @throws IllegalArgumentException naming the property when a recommendation is malformed
     */
    public static PriorSampling choose(
            Map<String, String> properties, String sampler, Integer steps, Double churn, PriorSampling fallback) {
        String s = sampler != null ? sampler : properties.getOrDefault(SAMPLER_PROPERTY, fallback.sampler());
        int n = steps != null ? steps : (int) property(properties, STEPS_PROPERTY, fallback.steps(), true);
        double c = churn != null ? churn : property(properties, CHURN_PROPERTY, fallback.churn(), false);
        if (sampler == null && properties.containsKey(SAMPLER_PROPERTY)) {
            try {
                return new PriorSampling(s, n, c, fallback.sigmaMax());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "model card property " + SAMPLER_PROPERTY + " '" + s + "': " + e.getMessage(), e);
            }
        }
        return new PriorSampling(s, n, c, fallback.sigmaMax());
    }

    /** A numeric property, or the fallback when absent. */
    private static double property(Map<String, String> properties, String key, double fallback, boolean count) {
        String text = properties.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            double v = count ? Integer.parseInt(text.strip()) : Double.parseDouble(text.strip());
            if (count ? v >= 1 : v >= 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("model card property " + key + " must be "
                + (count ? "a whole number >= 1" : "a finite number >= 0") + ", got '" + text + "'");
    }

    /** {@code sampler} with N steps, S_churn 40 and sigma_max = 80. */
    public static PriorSampling of(String sampler, int steps) {
        return new PriorSampling(sampler, steps, 40.0, 80.0);
    }

    /** The noise levels of an EDM prior's run: N + 1 values ending in 0. */
    public double[] sigmas() {
        return new KarrasSchedule(0.002, sigmaMax, 7.0).sigmas(steps);
    }

    /**
     * Network evaluations per sample batch for a prior of this kind, as the sampler counts them
     * ({@link Sampler#evaluations}, {@link FlowSampler#evaluations}) on this run's levels.
     */
    public int evaluations(PriorKind kind) {
        if (kind == PriorKind.FLOW_MATCHING) {
            return flowSampler().evaluations(FlowTimes.uniform(steps));
        }
        // The count does not depend on the noise; the churn sampler only needs one to be built.
        return edmSampler(() -> GaussianNoise.white(1, 1, 1)).evaluations(sigmas());
    }

    /**
     * Network evaluations per sample batch of {@link #sample(DiffusionPrior, double, NDManager, int, int, int)}:
     * {@link #evaluations(PriorKind)}, twice that where the drawn condition is guided (a weight above 1 runs the
     * conditional and the unconditional network at every call, {@link DiffusionPrior#denoiser(NDArray, double)}).
     */
    public int evaluations(DiffusionPrior prior, double conditionGuidance) {
        int n = evaluations(prior.kind());
        return prior.roughnessCondition().isPresent() && conditionGuidance > 1 ? 2 * n : n;
    }

    /**
     * Draws normalised samples.
     *
     * @param prior the prior
     * @param manager owner of the result
     * @param count B
     * @param height H
     * @param width W
     * @return (B, C, H, W) samples in the prior's normalised units (denormalise with the prior)
     */
    public NDArray sample(DiffusionPrior prior, NDManager manager, int count, int height, int width) {
        return sample(prior, 1, manager, count, height, width);
    }

    /**
     * Draws normalised samples; a prior with a {@link DiffusionPrior#roughnessCondition()} is sampled
     * hierarchically (each field's roughness from the training fields' law, then the field given it) with
     * classifier-free guidance {@code conditionGuidance} ({@link DiffusionPrior#denoiser(NDArray, double)}: 0 the
     * unconditional mode, 1 the conditional network, &gt; 1 closer to the condition).
     *
     * @param conditionGuidance the guidance weight; ignored for a prior without a condition
     */
    public NDArray sample(
            DiffusionPrior prior, double conditionGuidance, NDManager manager, int count, int height, int width) {
        if (prior.kind() == PriorKind.FLOW_MATCHING) {
            return prior.sampleFlow(manager, count, height, width, flowSampler(), FlowTimes.uniform(steps));
        }
        if (prior.roughnessCondition().isPresent() && conditionGuidance != 0) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray conditions = prior.roughnessCondition().get().draw(scope, count);
                NDArray out = sample(prior, prior.denoiser(conditions, conditionGuidance), scope, count, height, width);
                out.attach(manager);
                return out;
            }
        }
        return sample(prior, prior.denoiser(), manager, count, height, width);
    }

    /**
     * Draws normalised samples of an EDM prior with a denoiser of its fields other than its own, e.g. its
     * {@link DiffusionPrior#guidedDenoiser autoguided} one.
     *
     * @param prior the prior (its noise and normalisation)
     * @param denoiser the denoiser the sampler runs on
     * @param manager owner of the result
     * @param count B
     * @param height H
     * @param width W
     * @return (B, C, H, W) normalised samples
     */
    public NDArray sample(
            DiffusionPrior prior, Denoiser denoiser, NDManager manager, int count, int height, int width) {
        if (prior.kind() == PriorKind.FLOW_MATCHING) {
            throw new IllegalArgumentException("a flow-matching prior samples with its velocity field, not a denoiser");
        }
        return prior.sample(
                manager, count, height, width, edmSampler(() -> prior.noise(height, width)), sigmas(), denoiser);
    }

    /** The sampler of an EDM prior; {@code noise} gives the churn sampler's (asked only by that sampler). */
    private Sampler edmSampler(Supplier<GaussianNoise> noise) {
        return switch (sampler) {
            case "heun" -> new HeunSampler();
            case "euler" -> new EulerSampler();
            case "dpm2m" -> new DpmSolverPlusPlus2MSampler();
            case "ddim" -> DdimSampler.deterministic();
            case "churn" -> EdmStochasticSampler.of(churn, noise.get());
            default -> throw new IllegalStateException(sampler);
        };
    }

    private FlowSampler flowSampler() {
        return switch (sampler) {
            case "euler" -> new FlowEulerSampler();
            case "heun" -> new FlowHeunSampler();
            default ->
                throw new IllegalArgumentException("a flow-matching prior samples with euler or heun, not " + sampler);
        };
    }
}
