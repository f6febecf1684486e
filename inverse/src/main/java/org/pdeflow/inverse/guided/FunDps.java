package org.pdeflow.inverse.guided;

import java.util.random.RandomGenerator;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/**
 * FunDPS (Yao, Mammadov, Berner, Kerrigan, Ye, Azizzadenesheli &amp; Anandkumar, "Guided diffusion
 * sampling on function spaces with applications to PDEs", 2025; reference code neuraloperator/FunDPS
 * {@code generation/dps.py}): DPS-style guidance of a function-space diffusion prior, i.e. one whose
 * noise is a Gaussian random field ({@link DiffusionFieldPrior#noise()}; white noise works too), by
 * sparse observations. Heun steps on the Karras schedule (sigma_max .. sigma_min, rho 7), starting
 * from sigma_max times the prior's noise; after each step the gradient through the denoiser of
 * {@code w_obs c(sigma) sum_k ((G_k(x̂0) - y_k) / s)^2 / m} (plus, optionally,
 * {@code w_pde c_pde(sigma) rms R(x̂0)}) is subtracted, with FunDPS' annealing c(sigma) = min(1, sigma)
 * and c_pde = 0 above sigma 1, sigma below ({@link GuidedHeun.Loss#FUNDPS_MSE}). Observations may be of any channel
 * (FunDPS' per-field terms: on a for the
 * forward task, on u for the inverse task) through the problem's forward model.
 *
 * <p>As the reference code, x̂0 is the Heun corrector's second evaluation D(x_euler; sigma_{i+1}), the
 * gradient flows through both denoiser calls, and the last step (to sigma = 0) is not guided. Differences
 * from it: readings are bilinear at any place (FunDPS: grid nodes), and
 * residuals are standardised by the readings' spread rather than the data normaliser. Weights:
 * FunDPS' configs (Darcy forward [10000, 0, 0], inverse [0, 50000, 0], 500 readings at 128^2) are
 * the scale of the same loss; the defaults of the command line were tuned on the shipped problems.
 * The sampler is as resolution-agnostic as its prior: it runs on the prior's grid (a neural-operator prior built for
 * another grid runs there unchanged).
 */
public final class FunDps implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of FunDPS.
     *
     * @param steps Heun steps N &gt;= 1 (FunDPS: 200 or 500)
     * @param weight w_obs &gt;= 0, on the mean squared standardised residual
     * @param pdeWeight w_pde &gt;= 0 (used only with a residual)
     */
    public record Settings(int steps, double weight, double pdeWeight) {

        /** 100 Heun steps, w_obs 300 (tuned with the shipped Darcy prior), no physics term. */
        public static final Settings DEFAULTS = new Settings(100, 300.0, 0.0);

        public Settings {
            if (steps < 1
                    || !(weight >= 0)
                    || !(pdeWeight >= 0)
                    || Double.isInfinite(weight)
                    || Double.isInfinite(pdeWeight)) {
                throw new IllegalArgumentException("FunDPS needs steps >= 1 and finite non-negative weights, got "
                        + steps + ", " + weight + ", " + pdeWeight);
            }
        }

        /** These settings with another number of steps. */
        public Settings withSteps(int value) {
            return new Settings(value, weight, pdeWeight);
        }

        /** These settings with other weights. */
        public Settings withWeights(double observations, double pde) {
            return new Settings(steps, observations, pde);
        }
    }

    private final int steps;
    private final double obsWeight;
    private final double pdeWeight;
    private final PhysicsResidual residual;

    /**
     * @param settings steps and weights
     * @param residual the physics term, or null for none
     */
    public FunDps(Settings settings, PhysicsResidual residual) {
        this.steps = settings.steps();
        this.obsWeight = settings.weight();
        this.pdeWeight = settings.pdeWeight();
        this.residual = residual;
    }

    @Override
    public String name() {
        return "fundps";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        return GuidedHeun.run(
                new GuidedHeun.Guidance(
                        name(), steps, GuidedHeun.Loss.FUNDPS_MSE, i -> obsWeight, i -> pdeWeight, residual, true),
                problem,
                prior,
                samples,
                rng,
                callback);
    }
}
