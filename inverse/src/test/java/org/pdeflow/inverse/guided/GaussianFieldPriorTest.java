package org.pdeflow.inverse.guided;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.problem.LinearGaussianProblem;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.NoiseLevels;

/**
 * The exact Gaussian diffusion prior's denoiser against two independent references: the dense
 * double-precision posterior mean {@code m + C (C + sigma^2 I)^-1 (x - m)} of
 * {@link org.pdeflow.inverse.prior.GaussianPrior#denoise} (EJML Cholesky, 8 x 8, dense-DFT path) and
 * the solvers' {@link org.pdeflow.solvers.denoise.GaussianDenoiser} (20 x 20, FFT path); and the
 * per-channel normalisation.
 */
class GaussianFieldPriorTest {

    /** float32 evaluation of a map with gain in [0, 1]: agreement to 1e-5 of the field's scale. */
    private static final double TOL = 1e-5;

    @Test
    void denseDenoiserEqualsTheDensePosteriorMean() {
        LinearGaussianProblem lg = LinearGaussianProblem.standard(1);
        GaussianFieldPrior prior = GaussianFieldPrior.of(lg.prior(), null);
        SplittableRandom rng = new SplittableRandom(2);
        for (double sigma : new double[] {0.05, 0.7, 20.0}) {
            double[] x = new double[64];
            for (int i = 0; i < x.length; i++) {
                x[i] = 3 * rng.nextGaussian();
            }
            double[] expected = lg.prior().denoise(x, sigma);
            double[] got = denoise(prior, x, 8, 8, 1, sigma);
            double scale = 0;
            for (int i = 0; i < 64; i++) {
                scale = Math.max(scale, Math.abs(expected[i]));
                assertEquals(expected[i], got[i], TOL * Math.max(1, scale) * 3, "sigma " + sigma + " at " + i);
            }
        }
    }

    @Test
    void fftDenoiserEqualsTheSolversGaussianDenoiser() {
        Grid2D g = Grid2D.nodes(20, 1.0);
        Unknowns u = Unknowns.of(new FieldSpec("a", g), new FieldSpec("u", g));
        GaussianFieldPrior prior = GaussianFieldPrior.stationary(
                u, new GrfSpec(2.0, 3.0, 1.0, false), ChannelNormalizer.identity(2), new GrfSpec(2.5, 4.0, 1.0, false));
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[2 * 400];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double sigma = 0.8;
        double[] got = denoise(prior, x, 20, 20, 2, sigma);
        double[] expected;
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray xa = m.create(x, new Shape(1, 2, 20, 20));
            NDArray d = prior.exactDenoiser().denoise(xa, NoiseLevels.full(m, 1, sigma, DataType.FLOAT64));
            expected = d.toDoubleArray();
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], got[i], 1e-4, "at " + i);
        }
    }

    /** N(0, I): the posterior mean of x0 given x = x0 + sigma n is x / (1 + sigma^2), for any grid. */
    @Test
    void standardNormalDenoiserShrinksByOneOverOnePlusSigmaSquared() {
        Grid2D g = Grid2D.nodes(12, 1.0);
        GaussianFieldPrior prior = GaussianFieldPrior.standardNormal(Unknowns.single("xi", g));
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[144];
        for (int i = 0; i < x.length; i++) {
            x[i] = 4 * rng.nextGaussian();
        }
        for (double sigma : new double[] {0.01, 1.0, 30.0}) {
            double[] got = denoise(prior, x, 12, 12, 1, sigma);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i] / (1 + sigma * sigma), got[i], 1e-5 * Math.max(1, Math.abs(x[i])), "sigma " + sigma);
            }
        }
    }

    @Test
    void normalisationRoundTrip() {
        ChannelNormalizer normalizer = new ChannelNormalizer(
                ChannelNormalizer.Kind.GAUSSIAN, new double[] {7.5, -1}, new double[] {4.5, 0.01});
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray z = m.create(new float[] {0, 1, -1, 2, 0.5f, -0.5f, 3, -2}, new Shape(1, 2, 2, 2));
            NDArray phys = normalizer.denormalize(z);
            float[] p = phys.toFloatArray();
            assertEquals(7.5, p[0], 1e-6);
            assertEquals(12.0, p[1], 1e-6);
            assertEquals(-1 + 0.005, p[4], 1e-6);
            float[] back = normalizer.normalize(phys).toFloatArray();
            float[] orig = z.toFloatArray();
            for (int i = 0; i < back.length; i++) {
                assertEquals(orig[i], back[i], 1e-5);
            }
        }
    }

    private static double[] denoise(GaussianFieldPrior prior, double[] x, int h, int w, int c, double sigma) {
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray xa = m.create(x, new Shape(1, c, h, w)).toType(DataType.FLOAT32, false);
            NDArray d = prior.denoiser().denoise(xa, NoiseLevels.full(m, 1, sigma, DataType.FLOAT32));
            float[] f = d.toFloatArray();
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
    }
}
