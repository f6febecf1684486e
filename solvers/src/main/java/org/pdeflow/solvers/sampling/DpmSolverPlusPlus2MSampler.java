package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * DPM-Solver++(2M): the multistep second-order solver in data-prediction form of Lu et al. (2022),
 * "DPM-Solver++: Fast solver for guided sampling of diffusion probabilistic models", Algorithm 2,
 * for the EDM / VE parameterisation (alpha = 1, sigma_t = sigma). In the time lambda = -ln sigma,
 * h_i = lambda_{i+1} - lambda_i = ln(sigma_i / sigma_{i+1}), the exact solution of the PF-ODE is
 * x_{i+1} = (sigma_{i+1}/sigma_i) x_i + sigma_{i+1} int e^lambda D dlambda; with D linearly
 * extrapolated from the last two evaluations,
 * <pre>
 *   x_{i+1} = (sigma_{i+1} / sigma_i) x_i + (1 - sigma_{i+1} / sigma_i) Dbar_i,
 *   Dbar_i = (1 + 1/(2 r_i)) D_i - (1/(2 r_i)) D_{i-1},   r_i = h_{i-1} / h_i,
 * </pre>
 * and Dbar_0 = D_0 (first step, first order). As in k-diffusion's {@code sample_dpmpp_2m}, the final
 * step to sigma = 0 (h infinite) uses Dbar = D, i.e. returns D(x; sigma_{N-1}). Second order; one
 * evaluation per step.
 */
public final class DpmSolverPlusPlus2MSampler implements Sampler {

    @Override
    public NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        NDArray[] previous = new NDArray[1];
        try {
            return StepScope.loop(initial, n, (i, x, scope, run) -> {
                double s = sigmas[i];
                double next = sigmas[i + 1];
                NDArray d =
                        denoiser.denoise(x, NoiseLevels.full(scope, x.getShape().get(0), s, x.getDataType()));
                NDArray target = d;
                if (previous[0] != null && next > 0) {
                    double h = Math.log(s / next);
                    double hPrev = Math.log(sigmas[i - 1] / s);
                    double half = 0.5 * h / hPrev; // 1 / (2 r)
                    // d first, so the temporaries land in this step's scope, not in the run manager of D_{i-1}.
                    target = d.sub(previous[0]).muli(half).addi(d);
                }
                double ratio = next / s;
                NDArray xNext = x.mul(ratio).addi(target.mul(1 - ratio));
                callback.onStep(new SamplerStep(i, n, s, next, xNext, d));
                if (previous[0] != null) {
                    previous[0].close();
                }
                d.attach(run);
                previous[0] = d;
                return xNext;
            });
        } finally {
            previous[0] = null;
        }
    }

    @Override
    public int evaluations(double[] sigmas) {
        NoiseSchedule.validate(sigmas);
        return sigmas.length - 1;
    }

    @Override
    public String toString() {
        return "DPM-Solver++(2M)";
    }
}
