package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
 * starting from sigma_max times the prior's noise, and after each step the gradient, through the
 * denoiser, of a weighted sum of losses of x̂0 = D(x_i; sigma_i) in physical units, subtracted:
 * <pre>
 *   x_{i+1} = Heun(x_i) - grad_{x_i} [ w_obs(i) c_obs(sigma_i) L_obs(x̂0)  +  w_pde(i) c_pde(sigma_i) rms R(x̂0) ]
 * </pre>
 * The physics loss is the root-mean-square residual ({@link PhysicsResidual}); the observation loss
 * L_obs and the annealing factors c are those of a {@link Loss}.
 */
final class GuidedHeun {

    /** The observation loss and how the weights change along the schedule. */
    enum Loss {
        /**
         * DiffusionPDE's: the unsquared relative error {@code |G(x̂0) - y| / |y|} at constant
         * weights (c = 1). Its gradient has the same size however small the residual, so the last
         * steps keep kicking the sample by about the weight.
         */
        RELATIVE_NORM {
            @Override
            DataTerm.Scaling scaling() {
                return DataTerm.Scaling.RELATIVE;
            }

            @Override
            double observationFactor(double sigma) {
                return 1.0;
            }

            @Override
            double physicsFactor(double sigma) {
                return 1.0;
            }

            @Override
            double carrierWeight(double halfSquared, double weight, int readings) {
                // The carrier's gradient is that of 1/2 |rho|^2; that of |rho| is it divided by |rho|.
                double norm = Math.sqrt(2 * halfSquared);
                return norm > 0 ? weight / norm : 0.0;
            }
        },
        /**
         * FunDPS' ({@code generation/dps.py}, loss type "mse"): the mean squared residual over the
         * readings of standardised values, {@code sum_k ((G_k(x̂0) - y_k) / s)^2 / m}, with its
         * weight multiplied by {@code min(1, sigma_i)} and the physics weight by {@code 0} for
         * sigma_i &gt; 1 and {@code sigma_i} below (FunDPS' {@code get_coef}), so the guidance
         * settles as the noise vanishes. FunDPS standardises by its per-field data normaliser; here
         * s is the standard deviation of the readings ({@link #spread}), which needs no knowledge
         * of the forward model and equals the field's spread for readings of a field.
         */
        FUNDPS_MSE {
            @Override
            DataTerm.Scaling scaling() {
                return DataTerm.Scaling.CONSTANT;
            }

            @Override
            double observationFactor(double sigma) {
                return Math.min(1.0, sigma);
            }

            @Override
            double physicsFactor(double sigma) {
                return sigma > 1.0 ? 0.0 : sigma;
            }

            @Override
            double carrierWeight(double halfSquared, double weight, int readings) {
                // d/dx of w |rho|^2 / m = (2 w / m) d/dx (1/2 |rho|^2).
                return 2.0 * weight / readings;
            }
        };

        /** How the residual is scaled before the loss (the scale of CONSTANT is {@link #spread}). */
        abstract DataTerm.Scaling scaling();

        /** c_obs(sigma). */
        abstract double observationFactor(double sigma);

        /** c_pde(sigma). */
        abstract double physicsFactor(double sigma);

        /** The factor on a sample's carrier 1/2 |rho|^2 that makes its gradient that of w L_obs. */
        abstract double carrierWeight(double halfSquared, double weight, int readings);
    }

    /**
     * What a sampler built on this one sets.
     *
     * @param name the method's name (results, messages)
     * @param steps Heun steps N &gt;= 1
     * @param loss the observation loss
     * @param obsWeight w_obs(i) by step index
     * @param pdeWeight w_pde(i) by step index (unused without a residual)
     * @param residual the physics term, or null for none
     * @param correctorEstimate FunDPS' reference scheme: x̂0 is the Heun corrector's D(x_euler; sigma_{i+1}), the
     *     gradient flows through both denoiser calls, and the last step (to sigma = 0) is not guided; else
     *     x̂0 = D(x_i; sigma_i) and every step is guided (DiffusionPDE)
     */
    record Guidance(
            String name,
            int steps,
            Loss loss,
            IntToDoubleFunction obsWeight,
            IntToDoubleFunction pdeWeight,
            PhysicsResidual residual,
            boolean correctorEstimate) {}

    private GuidedHeun() {}

    static Reconstruction run(
            Guidance guidance,
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        Observations observations = problem.observations();
        Loss loss = guidance.loss();
        int steps = guidance.steps();
        PhysicsResidual residual = guidance.residual();
        int readings = observations.size();
        double scale = loss.scaling() == DataTerm.Scaling.CONSTANT ? spread(observations) : Double.NaN;
        try (GuidedRun run =
                new GuidedRun(problem, prior, observations, samples, steps, callback, loss.scaling(), scale)) {
            run.data.requireGradient(guidance.name());
            double[] sigmas = new KarrasSchedule(prior.sigmaMin(), prior.sigmaMax(), 7.0).sigmas(steps);
            NDArray x = run.space.noise(run.manager, samples, rng).muli(sigmas[0]);
            double[] residualHistory = new double[steps];
            for (int i = 0; i < steps; i++) {
                double s = sigmas[i];
                double next = sigmas[i + 1];
                double wo = guidance.obsWeight().applyAsDouble(i) * loss.observationFactor(s);
                double wp = residual == null ? 0.0 : guidance.pdeWeight().applyAsDouble(i) * loss.physicsFactor(s);
                int step = i + 1;
                int index = i;
                boolean corrector = guidance.correctorEstimate();
                x = StepScope.advance(x, (xi, scope) -> {
                    if (corrector && next == 0) {
                        // FunDPS' last step: a plain Euler step to sigma = 0, i.e. x̂0 itself, unguided
                        NDArray x0 = run.space.denoise(xi, s);
                        run.step(step, steps, run.data.misfits(run.space.packed(prior.toPhysical(x0))), x0);
                        return x0;
                    }
                    NDArray[] heun = new NDArray[2];
                    GuidanceGradient g = GuidanceGradient.of(
                            xi,
                            leaf -> corrector
                                    ? correctorEstimate(run.space, leaf, s, next, heun)
                                    : run.space.denoise(leaf, s),
                            x0 -> {
                                NDArray phys = prior.toPhysical(x0);
                                DataTerm.Evaluation e = run.data.evaluate(phys);
                                double[] w = new double[e.halfSquared().length];
                                for (int b = 0; b < w.length; b++) {
                                    w[b] = loss.carrierWeight(e.halfSquared()[b], wo, readings);
                                }
                                NDArray total = e.carrier().mul(GuidanceGradient.weights(scope, w));
                                double meanResidual = Double.NaN;
                                if (residual != null) {
                                    NDArray r = residual.rms(phys);
                                    meanResidual = r.mean()
                                            .toType(DataType.FLOAT64, false)
                                            .getDouble();
                                    if (wp > 0) {
                                        total = total.add(r.mul(GraphConstants.scalar(r, wp)));
                                    }
                                }
                                return new GuidanceGradient.Result(total, new double[][] {e.misfit(), {meanResidual}});
                            });
                    residualHistory[index] = g.values()[1][0];
                    run.step(step, steps, g.values()[0], g.denoised());
                    NDArray out = corrector
                            ? ProbabilityFlowStep.heun(
                                    xi, heun[0].stopGradient(), heun[1].stopGradient(), g.denoised(), s, next)
                            : ProbabilityFlowStep.heun(run.space::denoise, xi, g.denoised(), s, next);
                    return out.subi(g.gradient());
                });
            }
            if (residual != null) {
                run.statistic("finalResidualRms", residualHistory[steps - 1]);
            }
            run.statistic("steps", steps);
            return run.finish(guidance.name(), x);
        }
    }

    /**
     * D(x_euler; next), x_euler the Euler predictor from x at sigma, in the graph of x; {@code keep[0]} receives
     * D(x; sigma) and {@code keep[1]} x_euler.
     */
    private static NDArray correctorEstimate(PriorSpace space, NDArray x, double sigma, double next, NDArray[] keep) {
        NDArray d1 = space.denoise(x, sigma);
        NDArray euler = ProbabilityFlowStep.euler(x, d1, sigma, next);
        keep[0] = d1;
        keep[1] = euler;
        return space.denoise(euler, next);
    }

    /** The standard deviation of the readings (their RMS when all are equal, 1 when all are zero). */
    static double spread(Observations observations) {
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
