package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * DDIM (Song, Meng and Ermon 2021, "Denoising diffusion implicit models", eq. 12 and 16) written in
 * EDM's sigma parameterisation.
 *
 * <p><b>Derivation of the mapping.</b> DDIM's state x_vp = sqrt(abar) x0 + sqrt(1 - abar) eps is
 * x_vp = x / sqrt(1 + sigma^2) with x = x0 + sigma eps and abar = 1 / (1 + sigma^2) (see
 * {@link org.pdeflow.solvers.schedule.DdpmSchedule}). With x0hat = D(x; sigma) and
 * epshat = (x - x0hat) / sigma, DDIM's update from abar_t to abar_s,
 * <pre>
 *   x_vp' = sqrt(abar_s) x0hat + sqrt(1 - abar_s - s_eta^2) epshat + s_eta z,
 *   s_eta^2 = eta^2 (1 - abar_s) / (1 - abar_t) (1 - abar_t / abar_s),
 * </pre>
 * divided by sqrt(abar_s) becomes, with sigma' the next level,
 * <pre>
 *   x' = x0hat + sigma_down epshat + sigma_up z,
 *   sigma_up = eta sigma' sqrt(sigma^2 - sigma'^2) / sigma,   sigma_down = sqrt(sigma'^2 - sigma_up^2),
 * </pre>
 * (s_eta^2 / abar_s = eta^2 sigma'^2 (sigma^2 - sigma'^2) / sigma^2 exactly: the VP scaling cancels).
 * So deterministic DDIM (eta = 0) is x' = x0hat + (sigma'/sigma)(x - x0hat), identical to
 * {@link EulerSampler} (Karras et al. 2022, section 3; and to first-order DPM-Solver++, Lu et al.
 * 2022): first order in the step size. eta = 1 is k-diffusion's Euler-ancestral step (DDPM ancestral
 * sampling when the levels are DDPM's). z ~ N(0, C) is drawn from the prior's noise. A step to
 * sigma' = 0 returns x0hat.
 */
public final class DdimSampler implements Sampler {

    private final double eta;
    private final GaussianNoise noise;

    /**
     * @param eta stochasticity in [0, 1] (0: deterministic DDIM)
     * @param noise the prior's noise; may be null only when eta = 0
     */
    public DdimSampler(double eta, GaussianNoise noise) {
        if (!(eta >= 0 && eta <= 1)) {
            throw new IllegalArgumentException("DDIM eta must lie in [0, 1], got " + eta);
        }
        if (eta > 0 && noise == null) {
            throw new IllegalArgumentException("stochastic DDIM (eta > 0) needs the prior's noise");
        }
        this.eta = eta;
        this.noise = noise;
    }

    /** Deterministic DDIM (eta = 0). */
    public static DdimSampler deterministic() {
        return new DdimSampler(0.0, null);
    }

    /** eta. */
    public double eta() {
        return eta;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double s = sigmas[i];
            double next = sigmas[i + 1];
            NDArray d = denoiser.denoise(x, NoiseLevels.full(scope, x.getShape().get(0), s, x.getDataType()));
            double up = Math.min(next, eta * next * Math.sqrt(s * s - next * next) / s);
            double down = Math.sqrt(Math.max(0.0, next * next - up * up));
            NDArray xNext = x.sub(d).muli(down / s).addi(d);
            if (up > 0) {
                xNext.addi(noise.sampleLike(x).muli(up));
            }
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
        return "DDIM (eta " + eta + ")";
    }
}
