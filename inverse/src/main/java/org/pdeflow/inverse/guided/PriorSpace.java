package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * The meeting point of a {@link DiffusionFieldPrior} and a problem's unknowns: which prior channel
 * holds each unknown field, conversions between model-space tensors and packed {@code double[]}
 * unknowns, denoiser calls with their count, and noise drawn from the caller's generator (so that a
 * run is reproducible from its {@link RandomGenerator} alone).
 */
final class PriorSpace {

    private final DiffusionFieldPrior prior;
    private final Unknowns problemUnknowns;
    private final int[] channelOf;
    private final int channels;
    private final int nx;
    private final int ny;
    /** Eigenvalues of the noise covariance C, null for white noise; and their largest (1 for white). */
    private final double[] noiseEigenvalues;

    private final double noiseScale;
    private long denoiserCalls;

    PriorSpace(DiffusionFieldPrior prior, Unknowns problemUnknowns) {
        if (prior == null) {
            throw new IllegalArgumentException("a diffusion prior is required");
        }
        this.prior = prior;
        this.problemUnknowns = problemUnknowns;
        Unknowns pu = prior.unknowns();
        this.channels = pu.count();
        FieldSpec first = pu.fields().get(0);
        this.nx = first.grid().nx();
        this.ny = first.grid().ny();
        this.channelOf = new int[problemUnknowns.count()];
        for (int k = 0; k < channelOf.length; k++) {
            FieldSpec f = problemUnknowns.fields().get(k);
            if (!pu.names().contains(f.name())) {
                throw new IllegalArgumentException("the prior has channels " + pu.names()
                        + " but the problem's unknown '" + f.name() + "' is not one of them");
            }
            if (f.grid().nx() != nx || f.grid().ny() != ny) {
                throw new IllegalArgumentException("unknown '" + f.name() + "' is on "
                        + f.grid().nx() + " x " + f.grid().ny() + " points but the prior on " + nx + " x " + ny);
            }
            channelOf[k] = pu.indexOf(f.name());
        }
        GaussianNoise noise = prior.noise();
        DiagonalCovariance cov = noise.covariance();
        if (cov.channels() != channels || cov.height() != nx || cov.width() != ny) {
            throw new IllegalArgumentException("prior noise shape " + cov.fieldShape() + " does not match its "
                    + channels + " channels on " + nx + " x " + ny);
        }
        this.noiseEigenvalues = cov.isIdentity() ? null : cov.eigenvalueArray();
        double max = noiseEigenvalues == null ? 1.0 : 0.0;
        if (noiseEigenvalues != null) {
            for (double e : noiseEigenvalues) {
                max = Math.max(max, e);
            }
        }
        this.noiseScale = max;
    }

    DiffusionFieldPrior prior() {
        return prior;
    }

    Unknowns problemUnknowns() {
        return problemUnknowns;
    }

    Shape shape(long batch) {
        return new Shape(batch, channels, nx, ny);
    }

    int fieldSize() {
        return channels * nx * ny;
    }

    /** D(x; sigma) for the whole batch, counted once per call. */
    NDArray denoise(NDArray x, double sigma) {
        denoiserCalls++;
        return prior.denoiser()
                .denoise(x, NoiseLevels.full(x.getManager(), x.getShape().get(0), sigma, x.getDataType()));
    }

    /** Number of batched denoiser calls so far. */
    long denoiserCalls() {
        return denoiserCalls;
    }

    /** A batch of the prior's noise n ~ N(0, C), drawn from {@code rng}. */
    NDArray noise(NDManager manager, long batch, RandomGenerator rng) {
        int size = fieldSize();
        float[] z = new float[Math.toIntExact(batch * size)];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rng.nextGaussian();
        }
        NDArray white = manager.create(z, shape(batch));
        if (noiseEigenvalues == null) {
            return white;
        }
        NDArray n = covariancePower(white, 0.5);
        white.close();
        return n;
    }

    /**
     * C g: model-space fields multiplied by the prior's noise covariance C (the identity for white noise,
     * when {@code g} itself is returned). Preconditions gradient steps so that they move the fields the way
     * the prior's noise does (smooth for a Gaussian random field).
     *
     * @param g (B, C, H, W)
     * @return C g, in the manager of {@code g}
     */
    NDArray covariance(NDArray g) {
        return covariancePower(g, 1.0);
    }

    /**
     * C^p g for a real power p (1/2: colouring, -1/2: whitening); for negative p, eigenvalues 0 (modes the
     * noise leaves out) and those at round-off level (below 1e-12 of the largest) stay 0: the pseudo-inverse,
     * which does not blow float32 noise up.
     *
     * @param g (B, C, H, W)
     * @param p the power
     * @return C^p g, in the manager of {@code g} (g itself for white noise)
     */
    NDArray covariancePower(NDArray g, double p) {
        if (noiseEigenvalues == null) {
            return g;
        }
        return spectralPower(g, noiseEigenvalues, noiseScale, p);
    }

    /**
     * D^p g for the operator D with the given eigenvalues in the basis of the prior's noise covariance, with
     * {@link #covariancePower}'s conventions (the pseudo-inverse for negative p, below 1e-12 of {@code largest}).
     */
    private NDArray spectralPower(NDArray g, double[] eigenvalues, double largest, double p) {
        double floor = 1e-12 * largest;
        double[] e = new double[eigenvalues.length];
        for (int i = 0; i < e.length; i++) {
            double v = eigenvalues[i];
            if (p < 0) {
                e[i] = v > floor ? Math.pow(v, p) : 0.0;
            } else {
                // sqrt and the identity exactly, so that noise drawn through here is what it always was
                e[i] = p == 1 ? v : p == 0.5 ? Math.sqrt(v) : Math.pow(v, p);
            }
        }
        NDManager manager = g.getManager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray d = scope.create(e, new Shape(channels, nx, ny)).toType(g.getDataType(), false);
            // White noise is diagonal in every basis; a background is diagonal in Fourier's.
            DiagonalCovariance cov = prior.noise().covariance();
            NDArray out =
                    DiagonalCovariance.apply(cov.isIdentity() ? DiagonalCovariance.Basis.FOURIER : cov.basis(), g, d);
            out.attach(manager);
            return out;
        }
    }

    /**
     * A stationary Gaussian background N(m, B) of the unknown (physical units) as eigenvalues of B in the
     * prior's model units and in the Fourier basis of its noise covariance C, for
     * {@link #posteriorPower}.
     *
     * @throws IllegalArgumentException unless the prior has one channel with white or Fourier (GRF) noise and the
     *     background is a periodic field on its grid
     */
    double[] backgroundEigenvalues(GaussianPrior background) {
        if (channels != 1
                || noiseEigenvalues != null && prior.noise().covariance().basis() != DiagonalCovariance.Basis.FOURIER) {
            throw new IllegalArgumentException("a Gaussian background needs a one-channel prior with white or "
                    + "function-space (Fourier) noise, not " + prior.description());
        }
        if (!(background.field() instanceof PeriodicGaussianField field)
                || field.grid().nx() != nx
                || field.grid().ny() != ny) {
            throw new IllegalArgumentException(
                    "a Gaussian background must be a periodic field on the prior's " + nx + " x " + ny + " grid");
        }
        double perUnit;
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray one = scope.ones(shape(1));
            NDArray zero = scope.zeros(shape(1));
            perUnit = prior.toModel(one)
                    .sub(prior.toModel(zero))
                    .toType(DataType.FLOAT64, false)
                    .getDouble(0, 0, 0, 0);
        }
        double[] b = DiagonalCovariance.periodicField(field, 1).eigenvalueArray();
        for (int i = 0; i < b.length; i++) {
            b[i] *= perUnit * perUnit;
        }
        return b;
    }

    /**
     * Sigma_s^p g with Sigma_s = (B^-1 + (s^2 C)^-1)^-1, the covariance of x0 given x = x0 + s n (n ~ N(0, C))
     * when x0 ~ N(., B): eigenvalues s^2 c b / (s^2 c + b) (0 where b or c is). For large s it tends to B,
     * for small s to s^2 C.
     *
     * @param g (B, C, H, W)
     * @param b the background's eigenvalues ({@link #backgroundEigenvalues})
     * @param s the noise level
     * @param p the power
     */
    NDArray posteriorPower(NDArray g, double[] b, double s, double p) {
        double[] e = new double[b.length];
        double largest = 0;
        for (int i = 0; i < e.length; i++) {
            double prior = s * s * (noiseEigenvalues == null ? 1.0 : noiseEigenvalues[i]);
            e[i] = prior > 0 && b[i] > 0 ? prior * b[i] / (prior + b[i]) : 0.0;
            largest = Math.max(largest, e[i]);
        }
        return spectralPower(g, e, largest, p);
    }

    /** Whether the prior's channels are the problem's unknowns, in the same order. */
    boolean coversUnknownsInOrder() {
        if (channelOf.length != channels) {
            return false;
        }
        for (int k = 0; k < channels; k++) {
            if (channelOf[k] != k) {
                return false;
            }
        }
        return true;
    }

    /** The largest eigenvalue of the noise covariance C (1 for white noise). */
    double covarianceScale() {
        return noiseScale;
    }

    /** The problem's unknown fields, (B, K, H, W), cut out of physical prior fields (differentiable). */
    NDArray select(NDArray physical) {
        if (coversUnknownsInOrder()) {
            return physical;
        }
        NDList parts = new NDList();
        for (int c : channelOf) {
            parts.add(physical.get(":, " + c + ":" + (c + 1)));
        }
        return NDArrays.concat(parts, 1);
    }

    /** Packed problem unknowns of each sample of physical prior fields. */
    double[][] packed(NDArray physical) {
        long b = physical.getShape().get(0);
        float[] f = physical.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = nx * ny;
        int size = fieldSize();
        double[][] out = new double[Math.toIntExact(b)][problemUnknowns.size()];
        for (int s = 0; s < out.length; s++) {
            for (int k = 0; k < channelOf.length; k++) {
                int from = s * size + channelOf[k] * plane;
                int to = k * plane;
                for (int i = 0; i < plane; i++) {
                    out[s][to + i] = f[from + i];
                }
            }
        }
        return out;
    }

    /** A (B, K, H, W) float32 tensor of packed problem unknowns (K = number of problem fields). */
    NDArray tensorOfUnknowns(NDManager manager, double[][] xs) {
        int n = problemUnknowns.size();
        float[] data = new float[xs.length * n];
        for (int s = 0; s < xs.length; s++) {
            for (int i = 0; i < n; i++) {
                data[s * n + i] = (float) xs[s][i];
            }
        }
        return manager.create(data, new Shape(xs.length, channelOf.length, nx, ny));
    }

    /** Whole model-space batch to host doubles, [b][c * H * W]. */
    double[][] toHost(NDArray model) {
        long b = model.getShape().get(0);
        float[] f = model.toType(DataType.FLOAT32, false).toFloatArray();
        int size = fieldSize();
        double[][] out = new double[Math.toIntExact(b)][size];
        for (int s = 0; s < out.length; s++) {
            for (int i = 0; i < size; i++) {
                out[s][i] = f[s * size + i];
            }
        }
        return out;
    }

    /** Host doubles [b][c * H * W] to a model-space batch. */
    NDArray fromHost(NDManager manager, double[][] xs) {
        int size = fieldSize();
        float[] data = new float[xs.length * size];
        for (int s = 0; s < xs.length; s++) {
            for (int i = 0; i < size; i++) {
                data[s * size + i] = (float) xs[s][i];
            }
        }
        return manager.create(data, shape(xs.length));
    }
}
