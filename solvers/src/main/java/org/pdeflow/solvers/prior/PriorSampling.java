package org.pdeflow.solvers.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import java.util.function.Supplier;
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
        if (prior.kind() == PriorKind.FLOW_MATCHING) {
            return prior.sampleFlow(manager, count, height, width, flowSampler(), FlowTimes.uniform(steps));
        }
        return prior.sample(manager, count, height, width, edmSampler(() -> prior.noise(height, width)), sigmas());
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
