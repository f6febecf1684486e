package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * The exact denoiser of Gaussian data x0 ~ N(mu, Sigma) under Gaussian noise x = x0 + sigma n,
 * n ~ N(0, C):
 * <pre>
 *   D(x; sigma) = E[x0 | x] = mu + Sigma (Sigma + sigma^2 C)^-1 (x - mu),
 * </pre>
 * with Sigma and C diagonal in a common orthonormal basis B (pixels, or the Fourier modes of the
 * periodic grid; see {@link DiagonalCovariance}), so that per basis component with eigenvalues
 * lambda (data) and c (noise) the gain is lambda / (lambda + sigma^2 c). For white noise C = I; for
 * function-space (GRF) noise with covariance C both the training noise and the sampling noise are
 * N(0, C), so the noise of x at level sigma is sigma^2 C (not sigma^2 I), which is what this class uses.
 * At sigma = 0 the gain is 1 (D(x; 0) = x), also on components where lambda = 0.
 *
 * <p>It also gives the flow-matching velocity of the same data on the path x_t = (1 - t) n + t x0
 * ({@link #velocityField()}), the exact solutions of both probability-flow ODEs (the reference for
 * the samplers' tests, independent of any integrator) and exact draws of the noisy marginals.
 *
 * <p>Holds only doubles; per-call arrays are created in x's manager (cheap: three (C, H, W) arrays).
 */
public final class GaussianDenoiser implements Denoiser {

    private final double[] mean;
    private final DiagonalCovariance data;
    private final DiagonalCovariance noise;
    private final DiagonalCovariance.Basis basis;

    /**
     * @param mean mu as C * H * W values, row-major (ch, i, j)
     * @param data Sigma
     * @param noise C (the covariance of unit-level noise; {@link DiagonalCovariance#identity} for white)
     */
    public GaussianDenoiser(double[] mean, DiagonalCovariance data, DiagonalCovariance noise) {
        if (data == null || noise == null) {
            throw new IllegalArgumentException("data and noise covariances are required");
        }
        if (!data.compatibleWith(noise)) {
            throw new IllegalArgumentException("data and noise covariances must have the same shape and be diagonal "
                    + "in a common basis, got " + data.basis() + " " + data.fieldShape() + " and " + noise.basis()
                    + " " + noise.fieldShape());
        }
        int size = data.channels() * data.height() * data.width();
        if (mean == null || mean.length != size) {
            throw new IllegalArgumentException(
                    "mean must have " + size + " values, got " + (mean == null ? "null" : mean.length));
        }
        this.mean = mean.clone();
        this.data = data;
        this.noise = noise;
        this.basis = data.isIdentity() ? noise.basis() : data.basis();
    }

    /** Gaussian data with the given mean and covariance, and white noise. */
    public static GaussianDenoiser withWhiteNoise(double[] mean, DiagonalCovariance data) {
        return new GaussianDenoiser(
                mean, data, DiagonalCovariance.identity(data.channels(), data.height(), data.width()));
    }

    /** The data covariance Sigma. */
    public DiagonalCovariance dataCovariance() {
        return data;
    }

    /** The noise covariance C. */
    public DiagonalCovariance noiseCovariance() {
        return noise;
    }

    /** A copy of mu. */
    public double[] mean() {
        return mean.clone();
    }

    /** The basis both covariances are diagonal in. */
    public DiagonalCovariance.Basis basis() {
        return basis;
    }

    /** mu as a (C, H, W) array in {@code manager}. */
    public NDArray mean(NDManager manager, DataType dataType) {
        NDArray a = manager.create(mean, data.fieldShape());
        return dataType == DataType.FLOAT64 ? a : a.toType(dataType, false);
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma) {
        NDManager m = x.getManager();
        DataType dt = x.getDataType();
        try (NDManager scope = m.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray s = NoiseLevels.column(NoiseLevels.perSample(sigma, x), x);
            NDArray lam = data.eigenvalues(scope, dt);
            NDArray c = noise.eigenvalues(scope, dt);
            NDArray denom = s.square().mul(c).add(lam);
            // gain = lambda / denom, and 1 where denom = 0 (sigma = 0 on a component with lambda = 0).
            NDArray zero = denom.eq(0).toType(dt, false);
            NDArray gain = lam.add(zero).div(denom.add(zero));
            NDArray mu = mean(scope, dt);
            NDArray d = DiagonalCovariance.apply(basis, x.sub(mu), gain).addi(mu);
            d.attach(m);
            return d;
        }
    }

    /**
     * The flow-matching velocity of the same data and noise on x_t = (1 - t) n + t x0:
     * x_t ~ N(t mu, S_t), S_t = t^2 Sigma + (1 - t)^2 C, and
     * <pre>
     *   v(x, t) = E[x0 - n | x_t = x] = mu + (t Sigma - (1 - t) C) S_t^-1 (x - t mu),
     * </pre>
     * defined on [0, 1] wherever S_t is invertible (at t = 1 that needs Sigma &gt; 0 on every component).
     */
    public VelocityField velocityField() {
        return (x, t) -> {
            NDManager m = x.getManager();
            DataType dt = x.getDataType();
            try (NDManager scope = m.newSubManager()) {
                scope.tempAttachAll(x);
                NDArray tc = NoiseLevels.column(NoiseLevels.perSample(t, x), x);
                NDArray u = tc.neg().addi(1.0);
                NDArray lam = data.eigenvalues(scope, dt);
                NDArray c = noise.eigenvalues(scope, dt);
                NDArray st = tc.square().mul(lam).add(u.square().mul(c));
                NDArray gain = tc.mul(lam).sub(u.mul(c)).div(st);
                NDArray mu = mean(scope, dt);
                NDArray v =
                        DiagonalCovariance.apply(basis, x.sub(tc.mul(mu)), gain).addi(mu);
                v.attach(m);
                return v;
            }
        };
    }

    /**
     * The exact solution of the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma from
     * sigmaFrom to sigmaTo: x(sigma) - mu scales per component by sqrt(lambda + sigma^2 c), so
     * <pre>
     *   x(sigmaTo) = mu + B^T sqrt((lambda + sigmaTo^2 c) / (lambda + sigmaFrom^2 c)) B (x - mu).
     * </pre>
     *
     * @param x states at sigmaFrom (B, C, H, W)
     * @return a new array in x's manager
     */
    public NDArray solveProbabilityFlow(NDArray x, double sigmaFrom, double sigmaTo) {
        if (!(sigmaFrom >= 0) || !(sigmaTo >= 0)) {
            throw new IllegalArgumentException("noise levels must be non-negative, got " + sigmaFrom + ", " + sigmaTo);
        }
        NDManager m = x.getManager();
        DataType dt = x.getDataType();
        try (NDManager scope = m.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray lam = data.eigenvalues(scope, dt);
            NDArray c = noise.eigenvalues(scope, dt);
            NDArray ratio = c.mul(sigmaTo * sigmaTo)
                    .add(lam)
                    .div(c.mul(sigmaFrom * sigmaFrom).add(lam))
                    .sqrt();
            NDArray mu = mean(scope, dt);
            NDArray out = DiagonalCovariance.apply(basis, x.sub(mu), ratio).addi(mu);
            out.attach(m);
            return out;
        }
    }

    /**
     * The exact solution of the flow ODE dx/dt = v(x, t) of {@link #velocityField()} from tFrom to tTo:
     * x(t) - t mu scales per component by sqrt(t^2 lambda + (1 - t)^2 c).
     */
    public NDArray solveFlow(NDArray x, double tFrom, double tTo) {
        if (!(tFrom >= 0 && tFrom <= 1) || !(tTo >= 0 && tTo <= 1)) {
            throw new IllegalArgumentException("times must lie in [0, 1], got " + tFrom + ", " + tTo);
        }
        NDManager m = x.getManager();
        DataType dt = x.getDataType();
        try (NDManager scope = m.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray lam = data.eigenvalues(scope, dt);
            NDArray c = noise.eigenvalues(scope, dt);
            NDArray to = lam.mul(tTo * tTo).add(c.mul((1 - tTo) * (1 - tTo)));
            NDArray from = lam.mul(tFrom * tFrom).add(c.mul((1 - tFrom) * (1 - tFrom)));
            NDArray ratio = to.div(from).sqrt();
            NDArray mu = mean(scope, dt);
            NDArray out =
                    DiagonalCovariance.apply(basis, x.sub(mu.mul(tFrom)), ratio).addi(mu.mul(tTo));
            out.attach(m);
            return out;
        }
    }

    /**
     * Exact draws from the noisy marginal x = x0 + sigma n ~ N(mu, Sigma + sigma^2 C).
     *
     * @return a new (B, C, H, W) array in {@code manager}
     */
    public NDArray sampleNoisy(NDManager manager, long batch, double sigma, DataType dataType) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and non-negative, got " + sigma);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray z = GaussianNoise.white(data.channels(), data.height(), data.width())
                    .sample(scope, batch, dataType);
            NDArray lam = data.eigenvalues(scope, dataType);
            NDArray c = noise.eigenvalues(scope, dataType);
            NDArray root = c.mul(sigma * sigma).add(lam).sqrt();
            NDArray out = DiagonalCovariance.apply(basis, z, root).addi(mean(scope, dataType));
            out.attach(manager);
            return out;
        }
    }
}
