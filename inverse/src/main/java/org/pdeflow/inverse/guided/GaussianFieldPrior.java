package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/**
 * A Gaussian diffusion prior with its exact denoiser: model-space fields x0 ~ N(mu, Sigma) with
 * Sigma the covariance of a periodic Gaussian random field (diagonal in the Fourier basis),
 * independent channels, and the exact posterior mean
 * {@code D(x; sigma) = mu + Sigma (Sigma + sigma^2 C)^-1 (x - mu)} ({@link GaussianDenoiser}) for
 * white (C = I) or function-space (C = a unit-variance periodic GRF, as in FunDPS) noise.
 *
 * <p>It plays the role of a perfectly trained network: the guided samplers are verified with it
 * against closed-form posteriors ({@link org.pdeflow.inverse.problem.LinearGaussianProblem}), and the
 * command line uses it as a baseline prior when no trained model is given. Channels are mapped to
 * physical units by a {@link ChannelNormalizer}. The stationary periodic covariance is used on any grid
 * (also node grids of Dirichlet problems: there it is just a smooth stationary prior).
 */
public final class GaussianFieldPrior implements DiffusionFieldPrior {

    private final Unknowns unknowns;
    private final GaussianDenoiser denoiser;
    private final GaussianNoise noise;
    private final ChannelNormalizer normalizer;
    private final String description;

    private GaussianFieldPrior(
            Unknowns unknowns,
            GaussianDenoiser denoiser,
            GaussianNoise noise,
            ChannelNormalizer normalizer,
            String description) {
        this.unknowns = unknowns;
        this.denoiser = denoiser;
        this.noise = noise;
        this.normalizer = normalizer;
        this.description = description;
    }

    /**
     * The exact diffusion prior of a {@link GaussianPrior} whose covariance is a
     * {@link PeriodicGaussianField} (e.g. the prior of
     * {@link org.pdeflow.inverse.problem.LinearGaussianProblem}); model space = physical space.
     *
     * @param prior the Gaussian prior
     * @param noiseSpec null for white diffusion noise, else the GRF of function-space noise
     *     (rescaled to unit pointwise variance)
     * @throws IllegalArgumentException when the prior's field is not periodic
     */
    public static GaussianFieldPrior of(GaussianPrior prior, GrfSpec noiseSpec) {
        if (!(prior.field() instanceof PeriodicGaussianField field)) {
            throw new IllegalArgumentException("the exact diffusion prior needs a periodic Gaussian random field, got "
                    + prior.field().getClass().getSimpleName());
        }
        Grid2D g = field.grid();
        DiagonalCovariance data = DiagonalCovariance.periodicField(field, 1);
        GaussianNoise noise = noise(noiseSpec, 1, g);
        GaussianDenoiser d = new GaussianDenoiser(prior.mean(), data, noise.covariance());
        return new GaussianFieldPrior(
                prior.unknowns(),
                d,
                noise,
                ChannelNormalizer.identity(1),
                "exact Gaussian prior (" + prior + ", " + noiseName(noiseSpec) + " noise)");
    }

    /**
     * Independent stationary Gaussian fields on each unknown, with pointwise mean {@code shift[c]} and
     * standard deviation {@code scale[c]}: in model space N(0, Sigma) with Sigma the covariance of the
     * periodic field of {@code spec} on the unknowns' grid, rescaled to unit pointwise variance.
     *
     * @param unknowns the channels, all on one grid
     * @param spec covariance shape (its sigma is irrelevant; must keep the mean mode)
     * @param normalizer physical mean (shift) and standard deviation (scale) per channel
     * @param noiseSpec null for white noise, else the function-space noise GRF
     */
    public static GaussianFieldPrior stationary(
            Unknowns unknowns, GrfSpec spec, ChannelNormalizer normalizer, GrfSpec noiseSpec) {
        if (spec == null || spec.zeroMean()) {
            throw new IllegalArgumentException("the prior covariance must keep the mean mode (zeroMean = false)");
        }
        if (normalizer.channels() != unknowns.count()) {
            throw new IllegalArgumentException("normalisation has " + normalizer.channels() + " channels for "
                    + unknowns.count() + " fields " + unknowns.names());
        }
        Grid2D g = unknowns.fields().get(0).grid();
        for (FieldSpec f : unknowns.fields()) {
            if (f.grid().nx() != g.nx() || f.grid().ny() != g.ny()) {
                throw new IllegalArgumentException("all prior channels need one grid; '" + f.name() + "' differs");
            }
        }
        int c = unknowns.count();
        PeriodicGaussianField field = new PeriodicGaussianField(periodic(g), spec);
        DiagonalCovariance raw = DiagonalCovariance.periodicField(field, c);
        double[] eig = raw.eigenvalueArray();
        double unit = 1.0 / raw.pointwiseVariance(0);
        for (int i = 0; i < eig.length; i++) {
            eig[i] *= unit;
        }
        DiagonalCovariance data = DiagonalCovariance.fourier(c, g.nx(), g.ny(), eig);
        GaussianNoise noise = noise(noiseSpec, c, g);
        GaussianDenoiser d = new GaussianDenoiser(new double[c * g.size()], data, noise.covariance());
        return new GaussianFieldPrior(
                unknowns,
                d,
                noise,
                normalizer,
                "stationary Gaussian prior on " + unknowns.names()
                        + " (alpha " + spec.alpha() + ", tau " + spec.tau() + ", mean "
                        + Arrays.toString(normalizer.shift())
                        + ", std " + Arrays.toString(normalizer.scale()) + ", " + noiseName(noiseSpec)
                        + " noise)");
    }

    /**
     * The standard normal prior N(0, I) on the unknowns, white diffusion noise: its exact denoiser is
     * {@code D(x; sigma) = x / (1 + sigma^2)}. The prior of whitened coordinates, e.g. the
     * coefficients xi of a latent field z = L xi ({@link org.pdeflow.inverse.forward.LatentTwoPhaseModel}),
     * in which a Gaussian prior of any covariance is exactly this one.
     *
     * @param unknowns the channels, all on one grid
     */
    public static GaussianFieldPrior standardNormal(Unknowns unknowns) {
        Grid2D g = unknowns.fields().get(0).grid();
        for (FieldSpec f : unknowns.fields()) {
            if (f.grid().nx() != g.nx() || f.grid().ny() != g.ny()) {
                throw new IllegalArgumentException("all prior channels need one grid; '" + f.name() + "' differs");
            }
        }
        int c = unknowns.count();
        GaussianNoise noise = GaussianNoise.white(c, g.nx(), g.ny());
        GaussianDenoiser d = new GaussianDenoiser(
                new double[c * g.size()], DiagonalCovariance.identity(c, g.nx(), g.ny()), noise.covariance());
        return new GaussianFieldPrior(
                unknowns,
                d,
                noise,
                ChannelNormalizer.identity(c),
                "standard normal prior on " + unknowns.names() + " (white noise)");
    }

    private static Grid2D periodic(Grid2D g) {
        return new Grid2D(g.nx(), g.ny(), g.lx(), g.ly(), Layout.PERIODIC);
    }

    private static GaussianNoise noise(GrfSpec noiseSpec, int channels, Grid2D g) {
        if (noiseSpec == null) {
            return GaussianNoise.white(channels, g.nx(), g.ny());
        }
        Grid2D p = periodic(g);
        return GaussianNoise.of(NoiseType.PERIODIC_GRF, channels, g.nx(), g.ny(), noiseSpec, p.lx(), p.ly());
    }

    private static String noiseName(GrfSpec noiseSpec) {
        return noiseSpec == null ? "white" : "GRF (alpha " + noiseSpec.alpha() + ", tau " + noiseSpec.tau() + ")";
    }

    /** The exact denoiser as its concrete type (exact probability-flow solutions, noisy marginals). */
    public GaussianDenoiser exactDenoiser() {
        return denoiser;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public Denoiser denoiser() {
        return this::denoise;
    }

    /**
     * D(x; sigma) = mu + B^T diag(lambda / (lambda + sigma^2 c)) B (x - mu), the same map as
     * {@link GaussianDenoiser#denoise}, written so that its backward pass holds no temporary scalar
     * (see {@link GraphConstants}): on grids up to 256 points by dense real DFT matrices with the
     * 1 / (H W) folded into the gain, above by {@link DiagonalCovariance#apply} (FFTs).
     */
    private NDArray denoise(NDArray x, NDArray sigma) {
        NDManager m = x.getManager();
        Shape s = x.getShape();
        long b = s.get(0);
        int c = Math.toIntExact(s.get(1));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        int n = h * w;
        float[] sig = sigma.toType(DataType.FLOAT32, false).toFloatArray();
        double[] lam = denoiser.dataCovariance().eigenvalueArray();
        double[] cn = denoiser.noiseCovariance().eigenvalueArray();
        boolean dense = n <= DENSE_LIMIT;
        int per = c * n;
        float[] gain = new float[Math.toIntExact(b * per)];
        for (int k = 0; k < b; k++) {
            double s2 = sig.length == 1 ? sig[0] * (double) sig[0] : sig[k] * (double) sig[k];
            for (int i = 0; i < per; i++) {
                double denom = lam[i] + s2 * cn[i];
                double g = denom == 0 ? 1.0 : lam[i] / denom;
                gain[k * per + i] = (float) (dense ? g / n : g);
            }
        }
        NDArray mu = denoiser.mean(m, DataType.FLOAT32);
        NDArray d = x.sub(mu);
        NDArray g = m.create(gain, s);
        NDArray out;
        if (dense) {
            float[][] t = tables(h, w);
            NDArray r = m.create(t[0], new Shape(n, n));
            NDArray si = m.create(t[1], new Shape(n, n));
            NDArray xf = d.reshape(b, c, n);
            NDArray gf = g.reshape(b, c, n);
            out = gf.mul(xf.matMul(r))
                    .matMul(r)
                    .add(gf.mul(xf.matMul(si)).matMul(si))
                    .reshape(s);
        } else {
            out = DiagonalCovariance.apply(DiagonalCovariance.Basis.FOURIER, d, g);
        }
        return out.add(mu);
    }

    private static final int DENSE_LIMIT = 256;
    private static final ConcurrentHashMap<Long, float[][]> TABLES = new ConcurrentHashMap<>();

    /** cos and sin of 2 pi (m1 i / H + m2 j / W), both symmetric n x n, n = H W. */
    private static float[][] tables(int h, int w) {
        return TABLES.computeIfAbsent(((long) h << 32) | w, key -> {
            int n = h * w;
            float[] cos = new float[n * n];
            float[] sin = new float[n * n];
            for (int m1 = 0; m1 < h; m1++) {
                for (int m2 = 0; m2 < w; m2++) {
                    int row = (m1 * w + m2) * n;
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            long phase = ((long) m1 * i % h) * w + ((long) m2 * j % w) * h;
                            double theta = 2 * Math.PI * (phase % ((long) h * w)) / ((double) h * w);
                            cos[row + i * w + j] = (float) Math.cos(theta);
                            sin[row + i * w + j] = (float) Math.sin(theta);
                        }
                    }
                }
            }
            return new float[][] {cos, sin};
        });
    }

    @Override
    public GaussianNoise noise() {
        return noise;
    }

    @Override
    public NDArray toModel(NDArray physical) {
        return normalizer.normalize(physical);
    }

    @Override
    public NDArray toPhysical(NDArray model) {
        return normalizer.denormalize(model);
    }

    @Override
    public String description() {
        return description;
    }
}
