package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.sampling.ProbabilityFlowStep;
import org.pdeflow.solvers.sampling.StepScope;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Diffusion posterior sampling, DPS (Chung, Kim, Mccann, Klasky &amp; Ye, "Diffusion posterior sampling
 * for general noisy inverse problems", ICLR 2023), in the EDM sigma form that InverseBench's
 * {@code algo/dps.py} runs (Zheng et al. 2025), with its probability-flow (ODE) update:
 * <pre>
 *   x_N = sigma_0 n,  n ~ prior noise;   for i = 0 .. N-1:
 *     x̂0 = D(x_i; sigma_i),   rho = (G(phys(x̂0)) - y) / sigma_y   (per sample)
 *     x' = x_i + (sigma_{i+1} - sigma_i) (x_i - x̂0) / sigma_i         (Euler; Heun's correction optional: {@link
 * ProbabilityFlowStep})
 *     x_{i+1} = x' - zeta grad_{x_i} |rho|_2
 * </pre>
 * on the Karras schedule (rho = 7, the prior's sigma range). The gradient of the <em>unsquared</em>
 * norm goes through the denoiser (a vector-Jacobian product by autograd, {@link GuidanceGradient})
 * and through the forward model (autograd for DJL models, the model's own vjp otherwise), as in the
 * official code (DPS2022 {@code condition_methods.py}: {@code torch.linalg.norm} then
 * {@code autograd.grad}). The paper's step (zeta'/|r|) grad |r|^2 equals 2 zeta' grad |r|, so
 * zeta = 2 zeta' (the paper's zeta' is this zeta / 2).
 *
 * <p>Differences from InverseBench: the residual is whitened by the data's sigma (identical when all
 * sigma are 1, InverseBench's convention for noise-free data); the norm is per sample, not over the
 * whole batch, so samples do not couple; no final extra denoising (the last step lands on sigma = 0).
 * DPS is an approximation of the posterior (Tweedie's mean inside the likelihood and a hand-tuned
 * step): on linear-Gaussian problems its spread is too small (see the verification test).
 *
 * <p>Cost per sample: N (Euler) or 2N - 1 (Heun) network calls, N backward passes, N forward and vjp
 * calls of G. Statistics: {@code denoiserCalls}, {@code zeta}, {@code steps}.
 */
public final class Dps implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of DPS.
     *
     * @param steps N &gt;= 1
     * @param zeta guidance step zeta &gt;= 0 (0: plain prior sampling)
     * @param heun Heun's second-order correction on the ODE step (one more network call per step)
     */
    public record Settings(int steps, double zeta, boolean heun) {

        /** 100 Heun steps, zeta 0.5. */
        public static final Settings DEFAULTS = new Settings(100, 0.5, true);

        public Settings {
            if (steps < 1) {
                throw new IllegalArgumentException("DPS needs at least one step, got " + steps);
            }
            if (!(zeta >= 0) || Double.isInfinite(zeta)) {
                throw new IllegalArgumentException("DPS step zeta must be finite and >= 0, got " + zeta);
            }
        }

        /** These settings with another number of steps. */
        public Settings withSteps(int value) {
            return new Settings(value, zeta, heun);
        }

        /** These settings with another guidance step. */
        public Settings withZeta(double value) {
            return new Settings(steps, value, heun);
        }
    }

    private final int steps;
    private final double zeta;
    private final boolean heun;

    /** DPS with the given settings. */
    public Dps(Settings settings) {
        this.steps = settings.steps();
        this.zeta = settings.zeta();
        this.heun = settings.heun();
    }

    @Override
    public String name() {
        return "dps";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        Observations observations = problem.observations();
        try (GuidedRun run = new GuidedRun(
                problem, prior, observations, samples, steps, callback, DataTerm.Scaling.WHITENED, Double.NaN)) {
            if (zeta > 0) {
                run.data.requireGradient("DPS");
            }
            double[] sigmas = new KarrasSchedule(prior.sigmaMin(), prior.sigmaMax(), 7.0).sigmas(steps);
            NDArray x = run.space.noise(run.manager, samples, rng).muli(sigmas[0]);
            for (int i = 0; i < steps; i++) {
                double s = sigmas[i];
                double next = sigmas[i + 1];
                int step = i + 1;
                x = StepScope.advance(x, (xi, scope) -> {
                    GuidanceGradient g = GuidanceGradient.of(xi, leaf -> run.space.denoise(leaf, s), x0 -> {
                        DataTerm.Evaluation e = run.data.evaluate(prior.toPhysical(x0));
                        double[] w = new double[e.halfSquared().length];
                        for (int b = 0; b < w.length; b++) {
                            double norm = Math.sqrt(2 * e.halfSquared()[b]);
                            w[b] = norm > 0 ? 1.0 / norm : 0.0;
                        }
                        // d|rho| = d(1/2 |rho|^2) / |rho|: weight the carrier by the constant 1/|rho|.
                        return new GuidanceGradient.Result(
                                e.carrier().mul(GuidanceGradient.weights(scope, w)), new double[][] {e.misfit()});
                    });
                    run.step(step, steps, g.values()[0], g.denoised());
                    NDArray out = ProbabilityFlowStep.step(run.space::denoise, xi, g.denoised(), s, next, heun);
                    return zeta > 0 ? out.subi(g.gradient().mul(zeta)) : out;
                });
            }
            run.statistic("zeta", zeta);
            run.statistic("steps", steps);
            return run.finish(name(), x);
        }
    }
}
