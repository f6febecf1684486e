package org.pdeflow.solvers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * The EDM training loss (Karras et al. 2022, section 5, eq. 8 and Table 1):
 * <pre>
 *   L = E_{sigma, x0, n} [ lambda(sigma) || D(x0 + sigma n; sigma) - x0 ||^2 ],
 *   ln sigma ~ N(P_mean, P_std^2),   lambda(sigma) = (sigma^2 + sigma_d^2) / (sigma sigma_d)^2,
 * </pre>
 * with n ~ N(0, C) the prior's noise (white, or a GRF for function-space priors). With EDM
 * preconditioning, lambda = 1 / c_out^2 makes this the unit-weighted loss of the network F on its
 * own target. Here ||.||^2 is the mean over the C H W entries (EDM sums them; the mean only rescales
 * the loss by 1 / (C H W) and keeps learning rates comparable across grid sizes), and L is the mean
 * over the batch.
 *
 * @param sigmaData sigma_d (EDM: 0.5)
 * @param pMean P_mean (EDM: -1.2)
 * @param pStd P_std (EDM: 1.2)
 */
public record EdmLoss(double sigmaData, double pMean, double pStd) {

    public EdmLoss {
        if (!(sigmaData > 0)
                || !(pStd > 0)
                || !Double.isFinite(pMean)
                || Double.isInfinite(sigmaData)
                || Double.isInfinite(pStd)) {
            throw new IllegalArgumentException(
                    "need sigma_data > 0, P_std > 0 and finite P_mean, got " + sigmaData + ", " + pMean + ", " + pStd);
        }
    }

    /** EDM's P_mean: ln sigma ~ N(-1.2, 1.2^2). */
    public static final double EDM_P_MEAN = -1.2;

    /** EDM's P_std. */
    public static final double EDM_P_STD = 1.2;

    /** EDM's defaults with the given sigma_d: P_mean = -1.2, P_std = 1.2. */
    public static EdmLoss withSigmaData(double sigmaData) {
        return new EdmLoss(sigmaData, EDM_P_MEAN, EDM_P_STD);
    }

    /** Draws B noise levels, ln sigma ~ N(P_mean, P_std^2), as a (B,) array of x0's type in its manager. */
    public NDArray sampleSigmas(NDArray x0) {
        NDManager m = x0.getManager();
        NDArray z = m.randomNormal(0f, 1f, new Shape(x0.getShape().get(0)), x0.getDataType());
        return z.muli(pStd).addi(pMean).exp();
    }

    /**
     * The loss on a batch with freshly drawn sigma and n (differentiable through the denoiser).
     *
     * @param x0 clean data (B, C, H, W)
     * @return a scalar array in x0's manager
     */
    public NDArray loss(Denoiser denoiser, NDArray x0, GaussianNoise noise) {
        return loss(denoiser, x0, sampleSigmas(x0), noise.sampleLike(x0));
    }

    /**
     * The loss for given sigma (B,) and unit noise n (B, C, H, W): mean_b lambda(sigma_b) mean_chw
     * (D(x0 + sigma_b n; sigma_b) - x0)^2.
     */
    public NDArray loss(Denoiser denoiser, NDArray x0, NDArray sigma, NDArray n) {
        NDArray s = NoiseLevels.perSample(sigma, x0);
        NDArray sc = NoiseLevels.column(s, x0);
        NDArray noisy = sc.mul(n).addi(x0);
        NDArray d = denoiser.denoise(noisy, s);
        NDArray perSample = d.sub(x0).square().reshape(x0.getShape().get(0), -1).mean(new int[] {1});
        double sd2 = sigmaData * sigmaData;
        NDArray s2 = s.square();
        NDArray weight = s2.add(sd2).divi(s2.muli(sd2));
        return perSample.mul(weight).mean();
    }
}
