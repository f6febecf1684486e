package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * The stochastic sampler of Karras et al. (2022), Algorithm 2 ("churn"). For each step with
 * sigma_i in [S_tmin, S_tmax], gamma_i = min(S_churn / N, sqrt(2) - 1) (else 0):
 * <pre>
 *   sigma^ = sigma_i (1 + gamma_i),
 *   x^ = x_i + sqrt(sigma^^2 - sigma_i^2) S_noise n,   n ~ N(0, C),
 * </pre>
 * then one Heun step from (x^, sigma^) to sigma_{i+1} (Euler on the final step to 0). Noise is added
 * with the prior's noise covariance C, so the churned state has the marginal the denoiser expects.
 * With S_churn = 0 this is {@link HeunSampler}. EDM's ImageNet settings were S_churn = 40,
 * S_tmin = 0.05, S_tmax = 50, S_noise = 1.003; S_noise = 1 is exact in the continuous limit.
 */
public final class EdmStochasticSampler implements Sampler {

    private final double sChurn;
    private final double sTMin;
    private final double sTMax;
    private final double sNoise;
    private final GaussianNoise noise;

    /**
     * @param sChurn total churn S_churn &gt;= 0
     * @param sTMin lowest level that is churned
     * @param sTMax highest level that is churned
     * @param sNoise noise inflation S_noise &gt; 0
     * @param noise the noise n ~ N(0, C) the prior was trained with
     */
    public EdmStochasticSampler(double sChurn, double sTMin, double sTMax, double sNoise, GaussianNoise noise) {
        if (!(sChurn >= 0) || Double.isInfinite(sChurn)) {
            throw new IllegalArgumentException("S_churn must be finite and non-negative, got " + sChurn);
        }
        if (!(sTMin >= 0) || !(sTMax >= sTMin)) {
            throw new IllegalArgumentException("need 0 <= S_tmin <= S_tmax, got " + sTMin + ", " + sTMax);
        }
        if (!(sNoise > 0) || Double.isInfinite(sNoise)) {
            throw new IllegalArgumentException("S_noise must be positive and finite, got " + sNoise);
        }
        if (noise == null) {
            throw new IllegalArgumentException("noise is required");
        }
        this.sChurn = sChurn;
        this.sTMin = sTMin;
        this.sTMax = sTMax;
        this.sNoise = sNoise;
        this.noise = noise;
    }

    /** Churn on every level, S_noise = 1. */
    public static EdmStochasticSampler of(double sChurn, GaussianNoise noise) {
        return new EdmStochasticSampler(sChurn, 0.0, Double.MAX_VALUE, 1.0, noise);
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray initial, double[] sigmas, SamplerStepListener callback) {
        NoiseSchedule.validate(sigmas);
        int n = sigmas.length - 1;
        double gammaMax = Math.min(sChurn / n, Math.sqrt(2) - 1);
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double s = sigmas[i];
            double next = sigmas[i + 1];
            double gamma = s >= sTMin && s <= sTMax ? gammaMax : 0.0;
            double hat = s * (1 + gamma);
            NDArray xHat = x;
            if (gamma > 0) {
                NDArray z = noise.sampleLike(x);
                xHat = z.muli(sNoise * Math.sqrt(hat * hat - s * s)).addi(x);
            }
            ProbabilityFlowStep.LevelDenoiser at = ProbabilityFlowStep.levels(denoiser, scope);
            NDArray d = at.denoise(xHat, hat);
            NDArray xNext = ProbabilityFlowStep.heun(at, xHat, d, hat, next);
            callback.onStep(new SamplerStep(i, n, hat, next, xNext, d));
            return xNext;
        });
    }

    @Override
    public int evaluations(double[] sigmas) {
        return new HeunSampler().evaluations(sigmas);
    }

    @Override
    public String toString() {
        return "EDM stochastic (S_churn " + sChurn + ", S_tmin " + sTMin + ", S_tmax " + sTMax + ", S_noise " + sNoise
                + ")";
    }
}
