package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import java.util.function.IntToDoubleFunction;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * The sampler FunDPS and DiffusionPDE share: Heun steps of the probability-flow ODE on the Karras
 * schedule (the second evaluation skipped on the last step), starting from sigma_max times the prior's
 * noise, and after each step the gradient, through the denoiser, of a weighted sum of losses of
 * x̂0 = D(x_i; sigma_i) in physical units, subtracted:
 * <pre>
 *   x_{i+1} = Heun(x_i) - grad_{x_i} [ w_obs(i) |G(x̂0) - y|_2 / |y|_2  +  w_pde(i) rms R(x̂0) ]
 * </pre>
 * The observation loss is the unsquared relative error and the physics loss the root-mean-square
 * residual ({@link PhysicsResidual}), so the weights are dimensionless.
 */
final class GuidedHeun {

    private GuidedHeun() {
    }

    static Reconstruction run(String name, int steps, IntToDoubleFunction obsWeight, IntToDoubleFunction pdeWeight,
                              PhysicsResidual residual, InverseProblem problem, DiffusionFieldPrior prior,
                              Observations observations, int samples, RandomGenerator rng, StepCallback callback) {
        try (GuidedRun run = new GuidedRun(problem, prior, observations, samples, steps, callback,
                DataTerm.Scaling.RELATIVE, Double.NaN)) {
            run.data.requireGradient(name);
            double[] sigmas = new KarrasSchedule(prior.sigmaMin(), prior.sigmaMax(), 7.0).sigmas(steps);
            NDArray x = run.space.noise(run.manager, samples, rng).muli(sigmas[0]);
            double[] residualHistory = new double[steps];
            for (int i = 0; i < steps; i++) {
                double s = sigmas[i];
                double next = sigmas[i + 1];
                double wo = obsWeight.applyAsDouble(i);
                double wp = residual == null ? 0.0 : pdeWeight.applyAsDouble(i);
                int step = i + 1;
                int index = i;
                x = run.advance(x, (xi, scope) -> {
                    GuidanceGradient g = GuidanceGradient.of(xi, leaf -> run.space.denoise(leaf, s), x0 -> {
                        NDArray phys = prior.toPhysical(x0);
                        DataTerm.Evaluation e = run.data.evaluate(phys);
                        double[] w = new double[e.halfSquared().length];
                        for (int b = 0; b < w.length; b++) {
                            double norm = Math.sqrt(2 * e.halfSquared()[b]);
                            w[b] = norm > 0 ? wo / norm : 0.0;
                        }
                        NDArray loss = e.carrier().mul(GuidanceGradient.weights(scope, w));
                        double meanResidual = Double.NaN;
                        if (residual != null) {
                            NDArray r = residual.rms(phys);
                            meanResidual = r.mean().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                            if (wp > 0) {
                                loss = loss.add(r.mul(GraphConstants.scalar(r, wp)));
                            }
                        }
                        return new GuidanceGradient.Result(loss, new double[][] {e.misfit(), {meanResidual}});
                    });
                    residualHistory[index] = g.values()[1][0];
                    run.step(step, steps, g.values()[0], g.denoised());
                    NDArray out = Dps.odeStep(run.space, xi, g.denoised(), s, next, true);
                    return out.subi(g.gradient());
                });
            }
            if (residual != null) {
                run.statistic("finalResidualRms", residualHistory[steps - 1]);
            }
            run.statistic("steps", steps);
            return run.finish(name, x);
        }
    }
}
