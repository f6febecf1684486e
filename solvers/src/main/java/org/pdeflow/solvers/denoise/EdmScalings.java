package org.pdeflow.solvers.denoise;

/**
 * The EDM preconditioning coefficients at one noise level (Karras et al. 2022, Table 1, "ours"):
 * <pre>
 *   c_skip  = sigma_d^2 / (sigma^2 + sigma_d^2)
 *   c_out   = sigma sigma_d / sqrt(sigma^2 + sigma_d^2)
 *   c_in    = 1 / sqrt(sigma^2 + sigma_d^2)
 *   c_noise = ln(sigma) / 4
 * </pre>
 * so that D(x; sigma) = c_skip x + c_out F(c_in x, c_noise). c_in makes the network input unit
 * variance and c_out the network target unit variance when the data have standard deviation sigma_d.
 *
 * @param cSkip skip weight
 * @param cOut output scale
 * @param cIn input scale
 * @param cNoise conditioning value passed to the network
 */
public record EdmScalings(double cSkip, double cOut, double cIn, double cNoise) {

    /**
     * The coefficients at {@code sigma} for data standard deviation {@code sigmaData}.
     *
     * @param sigma noise level &gt; 0
     * @param sigmaData sigma_d &gt; 0
     */
    public static EdmScalings at(double sigma, double sigmaData) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
        if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
            throw new IllegalArgumentException("sigma_data must be positive and finite, got " + sigmaData);
        }
        double total = sigma * sigma + sigmaData * sigmaData;
        double root = Math.sqrt(total);
        return new EdmScalings(sigmaData * sigmaData / total, sigma * sigmaData / root, 1 / root, Math.log(sigma) / 4);
    }

    /**
     * The EDM loss weight lambda(sigma) = (sigma^2 + sigma_d^2) / (sigma sigma_d)^2 = 1 / c_out^2, which
     * makes the effective network loss unit-weighted at every sigma.
     */
    public static double lossWeight(double sigma, double sigmaData) {
        return (sigma * sigma + sigmaData * sigmaData) / (sigma * sigma * sigmaData * sigmaData);
    }
}
