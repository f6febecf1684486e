package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import java.util.function.IntToDoubleFunction;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.sampling.ProbabilityFlowStep;
import org.pdeflow.solvers.sampling.StepScope;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * The sampler FunDPS and DiffusionPDE share: Heun steps ({@link ProbabilityFlowStep#heun}) of the
 * probability-flow ODE on the Karras schedule (the second evaluation skipped on the last step),
 * starting from sigma_max times the prior's noise, and after each step the gradient, through the denoiser, of a weighted sum of losses of
 * x̂0 = D(x_i; sigma_i) in physical units, subtracted:
 * <pre>
 *   x_{i+1} = Heun(x_i) - grad_{x_i} [ w_obs(i) |G(x̂0) - y|_2 / |y|_2  +  w_pde(i) rms R(x̂0) ]
 * </pre>
 * The physics loss is the root-mean-square residual ({@link PhysicsResidual}); the observation loss
 * is one of {@link Loss}.
 */
final class GuidedHeun {

    /** The observation loss and how its weight changes along the schedule. */
    enum Loss {
        /**
         * DiffusionPDE's: the unsquared relative error {@code |G(x̂0) - y| / |y|} at constant
         * weights. Its gradient has the same size however small the residual, so the last steps
         * keep kicking the sample by about the weight.
         */
        RELATIVE_NORM,
        /**
         * FunDPS' ({@code generation/dps.py}, loss type "mse"): the mean squared residual over the
         * readings of standardised values, {@code sum_k ((G_k(x̂0) - y_k) / s)^2 / m}, with its
         * weight multiplied by {@code min(1, sigma_i)} and the physics weight by {@code 0} for
         * sigma_i &gt; 1 and {@code sigma_i} below (FunDPS' {@code get_coef}), so the guidance
         * settles as the noise vanishes. FunDPS standardises by its per-field data normaliser; here
         * s is the standard deviation of the readings, which needs no knowledge of the forward
         * model and equals the field's spread for readings of a field.
         */
        FUNDPS_MSE
    }

    private GuidedHeun() {
    }

    static Reconstruction run(String name, int steps, IntToDoubleFunction obsWeight, IntToDoubleFunction pdeWeight,
                              PhysicsResidual residual, InverseProblem problem, DiffusionFieldPrior prior,
                              Observations observations, int samples, RandomGenerator rng, StepCallback callback) {
        return run(name, steps, Loss.RELATIVE_NORM, obsWeight, pdeWeight, residual, problem, prior, observations, samples, rng,
                callback);
    }

    static Reconstruction run(String name, int steps, Loss kind, IntToDoubleFunction obsWeight, IntToDoubleFunction pdeWeight,
                              PhysicsResidual residual, InverseProblem problem, DiffusionFieldPrior prior,
                              Observations observations, int samples, RandomGenerator rng, StepCallback callback) {
        boolean mse = kind == Loss.FUNDPS_MSE;
        int readings = observations.size();
        try (GuidedRun run = new GuidedRun(problem, prior, observations, samples, steps, callback,
                mse ? DataTerm.Scaling.CONSTANT : DataTerm.Scaling.RELATIVE, mse ? spread(observations) : Double.NaN)) {
            run.data.requireGradient(name);
            double[] sigmas = new KarrasSchedule(prior.sigmaMin(), prior.sigmaMax(), 7.0).sigmas(steps);
            NDArray x = run.space.noise(run.manager, samples, rng).muli(sigmas[0]);
            double[] residualHistory = new double[steps];
            for (int i = 0; i < steps; i++) {
                double s = sigmas[i];
                double next = sigmas[i + 1];
                double wo = obsWeight.applyAsDouble(i) * (mse ? Math.min(1.0, s) : 1.0);
                double wp = residual == null ? 0.0 : pdeWeight.applyAsDouble(i) * (mse ? (s > 1.0 ? 0.0 : s) : 1.0);
                int step = i + 1;
                int index = i;
                x = StepScope.advance(x, (xi, scope) -> {
                    GuidanceGradient g = GuidanceGradient.of(xi, leaf -> run.space.denoise(leaf, s), x0 -> {
                        NDArray phys = prior.toPhysical(x0);
                        DataTerm.Evaluation e = run.data.evaluate(phys);
                        double[] w = new double[e.halfSquared().length];
                        for (int b = 0; b < w.length; b++) {
                            // The carrier's gradient is that of 1/2 |rho_b|^2.
                            double norm = Math.sqrt(2 * e.halfSquared()[b]);
                            w[b] = mse ? 2.0 * wo / readings : norm > 0 ? wo / norm : 0.0;
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
                    NDArray out = ProbabilityFlowStep.heun(run.space::denoise, xi, g.denoised(), s, next);
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

    /** The standard deviation of the readings (their RMS when all are equal, 1 when all are zero). */
    private static double spread(Observations observations) {
        double[] y = observations.values();
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double var = 0;
        double ms = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean) / y.length;
            ms += v * v / y.length;
        }
        return var > 0 ? Math.sqrt(var) : ms > 0 ? Math.sqrt(ms) : 1.0;
    }
}
