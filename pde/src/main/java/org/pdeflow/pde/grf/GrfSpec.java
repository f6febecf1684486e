package org.pdeflow.pde.grf;

/**
 * Parameters of the centred Gaussian measure N(0, C) with covariance operator
 * <pre>
 *   C = sigma^2 (-Laplacian + tau^2 I)^(-alpha),
 * </pre>
 * the Matérn-type prior of Stuart, "Inverse problems: a Bayesian perspective", Acta Numerica 19
 * (2010), section 6, used by the Fourier Neural Operator data sets (Li et al., ICLR 2021).
 * If the Laplacian has eigenvalue {@code mu} (in 1 / length^2) on an eigenfunction, C has eigenvalue
 * {@link #covarianceEigenvalue(double) sigma^2 (mu + tau^2)^(-alpha)} on it. {@code tau} is an
 * inverse length (the correlation length is about 1 / tau), {@code alpha} sets the smoothness
 * (in two dimensions the continuum field has finite pointwise variance only for alpha &gt; 1), and
 * {@code sigma} is an amplitude in the field's unit.
 *
 * <p>{@code zeroMean} removes the constant (k = 0) mode: its coefficient is set to zero, so every
 * sample has zero spatial mean (exactly on the periodic grid; for the trapezoid-rule mean on the
 * Neumann node grid). The plain factory {@link #of(double, double)} keeps the mode
 * ({@code zeroMean = false}); both FNO presets remove it, as the FNO scripts do.
 *
 * @param alpha smoothness exponent, &gt; 0
 * @param tau inverse length scale, &gt;= 0 (0 only together with {@code zeroMean}, else the constant
 *            mode would have infinite variance)
 * @param sigma amplitude, &gt; 0
 * @param zeroMean whether the constant mode is removed
 */
public record GrfSpec(double alpha, double tau, double sigma, boolean zeroMean) {

    public GrfSpec {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("GRF alpha must be positive and finite, got " + alpha);
        }
        if (!(tau >= 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("GRF tau must be non-negative and finite, got " + tau);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("GRF sigma must be positive and finite, got " + sigma);
        }
        if (tau == 0 && !zeroMean) {
            throw new IllegalArgumentException(
                    "GRF with tau = 0 must remove the mean mode: (-Laplacian)^(-alpha) is infinite on constants");
        }
    }

    /** N(0, (-Laplacian + tau^2 I)^(-alpha)): sigma = 1, constant mode kept. */
    public static GrfSpec of(double alpha, double tau) {
        return new GrfSpec(alpha, tau, 1.0, false);
    }

    /**
     * The FNO Darcy-flow prior: alpha = 2, tau = 3, sigma = tau^(alpha - 1) = 3, mean mode removed,
     * meant for the Neumann (cosine) basis on [0, 1]^2. Source: neuraloperator/neuraloperator,
     * {@code data_generation/darcy/GRF.m}, which scales the square-root eigenvalues by
     * {@code tau^(alpha-1)} and zeroes {@code L(1,1)}; its {@code demo.m} documents the covariance as
     * {@code tau^(2 alpha - 2) (-Laplacian + tau^2 I)^(-alpha)}. The FNO paper writes the prior as
     * N(0, (-Laplacian + 9I)^(-2)), i.e. sigma = 1; thresholding at 0 is invariant under scaling, so
     * the choice of sigma does not change a thresholded {@link DarcyCoefficient}.
     */
    public static GrfSpec darcyFno() {
        return new GrfSpec(2.0, 3.0, 3.0, true);
    }

    /**
     * The FNO Navier-Stokes initial vorticity prior: alpha = 2.5, tau = 7,
     * sigma = tau^(0.5 (2 alpha - 2)) = 7^1.5, mean mode removed, on the periodic unit square.
     * Source: neuraloperator/neuraloperator, {@code data_generation/navier_stokes/ns_2d.py}
     * ({@code GaussianRF(2, s, alpha=2.5, tau=7)}) with the default
     * {@code sigma = tau**(0.5*(2*alpha - dim))} and {@code sqrt_eig[0,0] = 0} of
     * {@code random_fields.py}. Its per-mode variance there is
     * {@code sigma^2 (4 pi^2 |k|^2 + tau^2)^(-alpha)}, the same as {@link PeriodicGaussianField} with
     * this spec on {@code Grid2D.periodic(s, 1.0)}.
     */
    public static GrfSpec nsFno() {
        return new GrfSpec(2.5, 7.0, Math.pow(7.0, 1.5), true);
    }

    /** This spec with the constant mode removed or kept. */
    public GrfSpec withZeroMean(boolean removeMean) {
        return new GrfSpec(alpha, tau, sigma, removeMean);
    }

    /** This spec with another amplitude. */
    public GrfSpec withSigma(double newSigma) {
        return new GrfSpec(alpha, tau, newSigma, zeroMean);
    }

    /**
     * Eigenvalue sigma^2 (mu + tau^2)^(-alpha) of C on an eigenfunction of -Laplacian with
     * eigenvalue {@code mu} &gt;= 0. Ignores {@code zeroMean}; the samplers apply it to the k = 0 mode.
     *
     * @param mu eigenvalue of -Laplacian, in 1 / length^2
     * @return the covariance eigenvalue, in field unit^2 * length^2
     */
    public double covarianceEigenvalue(double mu) {
        if (!(mu >= 0)) {
            throw new IllegalArgumentException("Laplacian eigenvalue must be >= 0, got " + mu);
        }
        return sigma * sigma * Math.pow(mu + tau * tau, -alpha);
    }
}
