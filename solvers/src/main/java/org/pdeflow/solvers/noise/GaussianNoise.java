package org.pdeflow.solvers.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Draws batches of centred Gaussian fields n ~ N(0, C), shape (B, C, H, W), on the engine's device.
 *
 * <p>White noise is {@code randomNormal}; a {@link DiagonalCovariance.Basis#FOURIER} covariance is
 * drawn exactly as n = C^(1/2) z = real(ifft2(sqrt(c) * fft2(z))) with z white, which has covariance
 * exactly C (C^(1/2) is the symmetric square root). This is the noise of both training and sampling
 * for a function-space prior; the matching exact Gaussian denoiser uses noise covariance sigma^2 C.
 *
 * <p>Randomness comes from the engine's generator (seed it with
 * {@code Engine.getInstance().setRandomSeed(seed)} for reproducible runs). Instances own no native
 * memory: per-call arrays are created in the manager passed in.
 */
public final class GaussianNoise {

    private final DiagonalCovariance covariance;
    private final double[] sqrtEigenvalues;

    /**
     * @param covariance the noise covariance C ({@link DiagonalCovariance#identity} for white noise)
     */
    public GaussianNoise(DiagonalCovariance covariance) {
        if (covariance == null) {
            throw new IllegalArgumentException("covariance is required");
        }
        this.covariance = covariance;
        double[] c = covariance.eigenvalueArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.sqrt(c[i]);
        }
        this.sqrtEigenvalues = c;
    }

    /** White noise N(0, I) on (C, H, W) fields. */
    public static GaussianNoise white(int channels, int height, int width) {
        return new GaussianNoise(DiagonalCovariance.identity(channels, height, width));
    }

    /**
     * Noise chosen by type: white, or the periodic GRF N(0, sigma^2 (-Laplacian + tau^2)^(-alpha)) of
     * {@code spec} on the periodic grid [0, lx) x [0, ly) with H x W points, rescaled to unit mean
     * pointwise variance (so that sigma in the diffusion schedule keeps its meaning as the noise
     * amplitude; the spec's own amplitude is irrelevant here).
     *
     * @param spec required for {@link NoiseType#PERIODIC_GRF}, ignored for white noise
     */
    public static GaussianNoise of(
            NoiseType type, int channels, int height, int width, GrfSpec spec, double lx, double ly) {
        if (type == null) {
            throw new IllegalArgumentException("noise type is required");
        }
        if (type == NoiseType.WHITE) {
            return white(channels, height, width);
        }
        if (spec == null) {
            throw new IllegalArgumentException("GRF noise needs a GrfSpec");
        }
        if (spec.zeroMean()) {
            throw new IllegalArgumentException("GRF noise must keep the mean mode (zeroMean = false): a noise "
                    + "covariance with a zero eigenvalue leaves that mode un-noised");
        }
        PeriodicGaussianField field =
                new PeriodicGaussianField(new Grid2D(height, width, lx, ly, Layout.PERIODIC), spec);
        DiagonalCovariance raw = DiagonalCovariance.periodicField(field, channels);
        double scale = 1.0 / raw.pointwiseVariance(0);
        double[] c = raw.eigenvalueArray();
        for (int i = 0; i < c.length; i++) {
            c[i] *= scale;
        }
        return new GaussianNoise(DiagonalCovariance.fourier(channels, height, width, c));
    }

    /** The covariance C. */
    public DiagonalCovariance covariance() {
        return covariance;
    }

    /** The field shape (C, H, W). */
    public Shape fieldShape() {
        return covariance.fieldShape();
    }

    /**
     * Draws a batch.
     *
     * @param manager where the result (and temporaries, closed before returning) live
     * @param batch number of fields B &gt;= 1
     * @param dataType FLOAT32 or FLOAT64
     * @return a new (B, C, H, W) array
     */
    public NDArray sample(NDManager manager, long batch, DataType dataType) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        Shape shape = new Shape(batch, covariance.channels(), covariance.height(), covariance.width());
        NDArray z = manager.randomNormal(0f, 1f, shape, dataType);
        if (covariance.isIdentity()) {
            return z;
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray root = scope.create(sqrtEigenvalues, covariance.fieldShape());
            if (dataType != DataType.FLOAT64) {
                root = root.toType(dataType, false);
            }
            z.attach(scope);
            NDArray n = DiagonalCovariance.apply(covariance.basis(), z, root);
            n.attach(manager);
            return n;
        }
    }

    /** A batch shaped like {@code like} (same batch size, type and manager). */
    public NDArray sampleLike(NDArray like) {
        Shape s = like.getShape();
        if (s.dimension() != 4
                || s.get(1) != covariance.channels()
                || s.get(2) != covariance.height()
                || s.get(3) != covariance.width()) {
            throw new IllegalArgumentException("expected (B, " + covariance.channels() + ", " + covariance.height()
                    + ", " + covariance.width() + ") fields, got " + s);
        }
        return sample(like.getManager(), s.get(0), like.getDataType());
    }
}
