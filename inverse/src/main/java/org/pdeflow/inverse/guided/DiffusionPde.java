package org.pdeflow.inverse.guided;

import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
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

    private final int steps;
    private final double obsWeight;
    private final double pdeWeight;
    private final double switchFraction;
    private final PhysicsResidual residual;

    /**
     * @param steps Heun steps N &gt;= 1
     * @param obsWeight w_obs &gt;= 0
     * @param pdeWeight w_pde &gt;= 0
     * @param switchFraction fraction of steps before the residual is switched on, in [0, 1]
     * @param residual the physics term (required)
     */
    public DiffusionPde(int steps, double obsWeight, double pdeWeight, double switchFraction, PhysicsResidual residual) {
        if (steps < 1 || !(obsWeight >= 0) || !(pdeWeight >= 0) || Double.isInfinite(obsWeight) || Double.isInfinite(pdeWeight)) {
            throw new IllegalArgumentException("DiffusionPDE needs steps >= 1 and finite non-negative weights, got " + steps + ", "
                    + obsWeight + ", " + pdeWeight);
        }
        if (!(switchFraction >= 0 && switchFraction <= 1)) {
            throw new IllegalArgumentException("switch fraction must lie in [0, 1], got " + switchFraction);
        }
        if (residual == null) {
            throw new IllegalArgumentException("DiffusionPDE needs a PDE residual");
        }
        this.steps = steps;
        this.obsWeight = obsWeight;
        this.pdeWeight = pdeWeight;
        this.switchFraction = switchFraction;
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
    public Reconstruction sample(InverseProblem problem, DiffusionFieldPrior prior, Observations observations, int samples,
                                 RandomGenerator rng, StepCallback callback) {
        int on = switchStep();
        return GuidedHeun.run(name(), steps, i -> obsWeight, i -> i >= on ? pdeWeight : 0.0, residual, problem, prior,
                observations, samples, rng, callback);
    }
}
