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
 * {@code algo/dps.py} runs (Zheng et al. 2025), with its probability-flow (ODE) update and the
 * paper's step size (Algorithm 1, zeta_i = zeta' / |y - A(x̂0)|):
 * <pre>
 *   x_N = sigma_0 n,  n ~ prior noise;   for i = 0 .. N-1:
 *     x̂0 = D(x_i; sigma_i),   r = W (G(phys(x̂0)) - y)                          (per sample)
 *     x' = x_i + (sigma_{i+1} - sigma_i) (x_i - x̂0) / sigma_i     (Euler; Heun's correction optional)
 *     x_{i+1} = x' - (zeta' / |r|) grad_{x_i} |r|^2  =  x' - 2 zeta' grad_{x_i} |r|
 * </pre>
 * on the Karras schedule (rho = 7, the prior's sigma range; Heun: {@link ProbabilityFlowStep}). The
 * residual r is in the readings' own units: W = diag(sigma_bar / sigma_k) only re-weights readings
 * of unequal noise, with sigma_bar = (mean_k sigma_k^-2)^(-1/2) (W = I when all sigma are equal, the
 * paper's case). The normalisation by |r| makes the step independent of the size of the residual,
 * 2 zeta' |J^T r / |r||, so it neither grows with the misfit nor with 1/sigma: the step of
 * the whitened residual rho = (G - y) / sigma used before, zeta grad |rho| = (zeta / sigma_bar)
 * grad |r|, grew like 1/sigma (the former default zeta = 0.5 left 55 per reading on a 24 x 24 Darcy case
 * with sigma = 1e-4, where the new step with zeta' = 700 fits to 3.5: GuidedDarcyTest; a former zeta is the new
 * zeta' = zeta / (2 sigma_bar)). zeta' is in model units per data unit and the gradient is per grid
 * node, so its value depends on the problem's units, its formulation and its grid (about 1 / h^2 on
 * Darcy: 700 at 24^2, 6000 at 64^2): set it per problem ({@code --zeta}).
 *
 * <p>The gradient goes through the denoiser (a vector-Jacobian product by autograd,
 * {@link GuidanceGradient}) and through the forward model (autograd for DJL models, the model's own
 * vjp otherwise); the unsquared norm with a constant factor is how the official code writes the same
 * step (DPS2022 {@code condition_methods.py}: {@code torch.linalg.norm} then {@code autograd.grad},
 * its {@code scale} = 2 zeta').
 *
 * <p>Differences from InverseBench: the norm is per sample, not over the whole batch, so samples do
 * not couple; readings of unequal noise are re-weighted by W; no final extra denoising (the last step
 * lands on sigma = 0). DPS is an approximation of the posterior (Tweedie's mean inside the likelihood
 * and a hand-tuned step): on linear-Gaussian problems its spread is too wide (see the verification
 * test).
 *
 * <p>Cost per sample: N (Euler) or 2N - 1 (Heun) network calls, N backward passes, N forward and vjp
 * calls of G. Statistics: {@code denoiserCalls}, {@code zeta} (zeta'), {@code sigmaBar}, {@code steps}.
 */
public final class Dps implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of DPS.
     *
     * @param steps N &gt;= 1
     * @param zeta the paper's step zeta' &gt;= 0 on the residual in the readings' units (0: plain prior
     *     sampling)
     * @param heun Heun's second-order correction on the ODE step (one more network call per step)
     */
    public record Settings(int steps, double zeta, boolean heun) {

        /**
         * 100 Heun steps, zeta' = 6000: tuned for darcy-inverse at 64 x 64 nodes (log a through the
         * solver, the Gaussian prior, readings of u with 0.5 % noise) on the first ten fields of a test set
         * (seed 11) as the value of {300, 1000, 3000, 6000, 12000, 25000} with the lowest mean relative L2
         * error of a. Another problem, formulation or grid needs its own value.
         */
        public static final Settings DEFAULTS = new Settings(100, 6000, true);

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
            double sigmaBar = sigmaBar(observations);
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
                            w[b] = norm > 0 ? sigmaBar / norm : 0.0;
                        }
                        // The carrier's gradient is that of 1/2 |rho|^2, rho = (G - y) / sigma = r / sigma_bar;
                        // d|r| = sigma_bar d|rho| = sigma_bar d(1/2 |rho|^2) / |rho|: weight it by sigma_bar / |rho|.
                        return new GuidanceGradient.Result(
                                e.carrier().mul(GuidanceGradient.weights(scope, w)), new double[][] {e.misfit()});
                    });
                    run.step(step, steps, g.values()[0], g.denoised());
                    NDArray out = ProbabilityFlowStep.step(run.space::denoise, xi, g.denoised(), s, next, heun);
                    return zeta > 0 ? out.subi(g.gradient().mul(2 * zeta)) : out;
                });
            }
            run.statistic("zeta", zeta);
            run.statistic("sigmaBar", sigmaBar);
            run.statistic("steps", steps);
            return run.finish(name(), x);
        }
    }

    /**
     * The noise level sigma_bar = (mean_k sigma_k^-2)^(-1/2) that the reading weights W = sigma_bar / sigma_k
     * are relative to (sigma itself when all readings share it).
     */
    static double sigmaBar(Observations observations) {
        double precision = 0;
        for (double s : observations.sigma()) {
            precision += 1.0 / (s * s);
        }
        return 1.0 / Math.sqrt(precision / observations.size());
    }
}
