package org.pdeflow.inverse.guided;

import java.util.random.RandomGenerator;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/**
 * DiffusionPDE-style joint guidance (Huang, Yang, Wang, Park, Wetzstein, "DiffusionPDE: generative
 * PDE-solving under partial observation", NeurIPS 2024): a joint prior over coefficient and solution
 * (channels a and u), sampled by Heun steps on the Karras schedule and guided by the observation loss
 * on whichever field is observed (a for the forward task, u for the inverse task) plus a PDE-residual
 * loss ({@link PhysicsResidual}, e.g. Darcy's {@code -div(a grad u) = 1}), with the residual switched
 * on late in sampling.
 *
 * <p>Schedule used here (documented choice; the paper's exact schedule is not reproduced): the
 * observation weight is constant; the residual weight is 0 for the first {@code switchFraction} of
 * the steps (x̂0 is still a blurry mean there and its residual is meaningless) and {@code w_pde}
 * afterwards. With {@code switchFraction = 0.8} the physics acts in the last 20 % of the steps, where
 * fine structure forms. Losses as in {@link GuidedHeun}.
 */
public final class DiffusionPde implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of DiffusionPDE; build with {@link #builder()}.
     *
     * @param steps Heun steps N &gt;= 1
     * @param weight w_obs &gt;= 0, on the relative residual norm
     * @param pdeWeight w_pde &gt;= 0
     * @param switchFraction fraction of steps before the residual is switched on, in [0, 1]
     */
    public record Settings(int steps, double weight, double pdeWeight, double switchFraction) {

        public Settings {
            if (steps < 1
                    || !(weight >= 0)
                    || !(pdeWeight >= 0)
                    || Double.isInfinite(weight)
                    || Double.isInfinite(pdeWeight)) {
                throw new IllegalArgumentException("DiffusionPDE needs steps >= 1 and finite non-negative weights, got "
                        + steps + ", " + weight + ", " + pdeWeight);
            }
            if (!(switchFraction >= 0 && switchFraction <= 1)) {
                throw new IllegalArgumentException("switch fraction must lie in [0, 1], got " + switchFraction);
            }
        }

        /**
         * The defaults: 100 Heun steps, w_obs 30, w_pde 5 (tuned with the shipped Darcy prior), physics
         * in the second half.
         */
        public static Builder builder() {
            return new Builder();
        }
    }

    /** Builds {@link Settings}; every value has the default {@link Settings#builder()} states. */
    public static final class Builder {
        private int steps = 100;
        private double weight = 30.0;
        private double pdeWeight = 5.0;
        private double switchFraction = 0.5;

        private Builder() {}

        /** N Heun steps. */
        public Builder setSteps(int value) {
            steps = value;
            return this;
        }

        /** w_obs. */
        public Builder optWeight(double value) {
            weight = value;
            return this;
        }

        /** w_pde. */
        public Builder optPdeWeight(double value) {
            pdeWeight = value;
            return this;
        }

        /** The fraction of the steps before the physics term is switched on. */
        public Builder optSwitchFraction(double value) {
            switchFraction = value;
            return this;
        }

        /** The settings. */
        public Settings build() {
            return new Settings(steps, weight, pdeWeight, switchFraction);
        }
    }

    private final int steps;
    private final double obsWeight;
    private final double pdeWeight;
    private final double switchFraction;
    private final PhysicsResidual residual;

    /**
     * @param settings steps, weights and switch
     * @param residual the physics term (required)
     */
    public DiffusionPde(Settings settings, PhysicsResidual residual) {
        if (residual == null) {
            throw new IllegalArgumentException("DiffusionPDE needs a PDE residual");
        }
        this.steps = settings.steps();
        this.obsWeight = settings.weight();
        this.pdeWeight = settings.pdeWeight();
        this.switchFraction = settings.switchFraction();
        this.residual = residual;
    }

    /** First step index (0-based) with the residual on. */
    public int switchStep() {
        return (int) Math.ceil(switchFraction * steps);
    }

    @Override
    public String name() {
        return "diffusionpde";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        int on = switchStep();
        return GuidedHeun.run(
                new GuidedHeun.Guidance(
                        name(),
                        steps,
                        GuidedHeun.Loss.RELATIVE_NORM,
                        i -> obsWeight,
                        i -> i >= on ? pdeWeight : 0.0,
                        residual,
                        false),
                problem,
                prior,
                samples,
                rng,
                callback);
    }
}
