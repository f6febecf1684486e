package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * Heun's second-order method on the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma:
 * the deterministic sampler of Karras et al. (2022), Algorithm 1. With d_i = (x_i - D(x_i; sigma_i)) / sigma_i,
 * <pre>
 *   x' = x_i + (sigma_{i+1} - sigma_i) d_i,
 *   x_{i+1} = x_i + (sigma_{i+1} - sigma_i) (d_i + d'(x'; sigma_{i+1})) / 2   if sigma_{i+1} != 0,
 *   x_{i+1} = x'                                                           if sigma_{i+1} = 0
 * </pre>
 * (the correction would divide by 0 on the final step, so that step is Euler's). Second order;
 * 2N - 1 evaluations for N steps ending at 0 (2N when the last level is positive). The step is
 * {@link ProbabilityFlowStep#heun}.
 */
public final class HeunSampler implements Sampler {

    @Override
    public NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double s = sigmas[i];
            double next = sigmas[i + 1];
            ProbabilityFlowStep.LevelDenoiser at = ProbabilityFlowStep.levels(denoiser, scope);
            NDArray d = at.denoise(x, s);
            NDArray xNext = ProbabilityFlowStep.heun(at, x, d, s, next);
            callback.onStep(new SamplerStep(i, n, s, next, xNext, d));
            return xNext;
        });
    }

    @Override
    public int evaluations(double[] sigmas) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        return sigmas[n] == 0 ? 2 * n - 1 : 2 * n;
    }

    @Override
    public String toString() {
        return "Heun";
    }
}
