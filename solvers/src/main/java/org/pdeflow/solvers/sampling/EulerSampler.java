package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * Euler's method on the probability-flow ODE in EDM form (Karras et al. 2022, eq. 3 with sigma(t) = t,
 * s(t) = 1; k-diffusion's {@code sample_euler}):
 * <pre>
 *   dx/dsigma = (x - D(x; sigma)) / sigma,
 *   x_{i+1} = x_i + (sigma_{i+1} - sigma_i) (x_i - D_i) / sigma_i = D_i + (sigma_{i+1} / sigma_i) (x_i - D_i).
 * </pre>
 * The step is {@link ProbabilityFlowStep#euler}, computed in the first form (EDM's Algorithm 1, as
 * every sampler here computes it), so a step to sigma = 0 returns D_i up to round-off. First order in
 * the step size; one evaluation per step. The same update is deterministic DDIM and first-order
 * DPM-Solver(++) (see {@link DdimSampler}, which computes it in the second form).
 */
public final class EulerSampler implements Sampler {

    @Override
    public NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double s = sigmas[i];
            double next = sigmas[i + 1];
            NDArray d = denoiser.denoise(x, NoiseLevels.full(scope, x.getShape().get(0), s, x.getDataType()));
            NDArray xNext = ProbabilityFlowStep.euler(x, d, s, next);
            callback.onStep(new SamplerStep(i, n, s, next, xNext, d));
            return xNext;
        });
    }

    @Override
    public int evaluations(double[] sigmas) {
        NoiseSchedule.validate(sigmas);
        return sigmas.length - 1;
    }

    @Override
    public String toString() {
        return "Euler";
    }
}
