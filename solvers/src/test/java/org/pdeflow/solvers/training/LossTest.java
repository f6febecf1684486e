package org.pdeflow.solvers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.denoise.EdmScalings;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/**
 * The losses evaluated at the exact minimisers on Gaussian data equal their closed-form minima
 * (the posterior variances), within 5 standard errors of the Monte Carlo mean over n = 20000 samples
 * (the per-sample standard deviation is estimated from the same samples).
 */
class LossTest {

    private static final int H = 4;
    private static final int W = 4;
    private static final int N = 20000;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static GaussianDenoiser model(GaussianNoise noise) {
        double[] c = new double[H * W];
        double[] mu = new double[H * W];
        for (int m1 = 0; m1 < H; m1++) {
            for (int m2 = 0; m2 < W; m2++) {
                int k1 = Math.min(m1, H - m1);
                int k2 = Math.min(m2, W - m2);
                c[m1 * W + m2] = 1.5 / (1 + k1 * k1 + k2 * k2);
                mu[m1 * W + m2] = 0.3 * m1;
            }
        }
        return new GaussianDenoiser(mu, DiagonalCovariance.fourier(1, H, W, c), noise.covariance());
    }

    /** Monte Carlo mean and its standard error of per-sample losses. */
    private static double[] meanAndError(NDArray perSample) {
        double[] v = perSample.toType(DataType.FLOAT64, false).toDoubleArray();
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / (v.length - 1);
        }
        return new double[] {mean, Math.sqrt(var / v.length)};
    }

    @Test
    void edmLossOfTheExactDenoiserIsTheWeightedPosteriorVariance() {
        Engine.getInstance().setRandomSeed(21);
        GaussianNoise noise = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, H, W, GrfSpec.of(1.0, 3.0), 1.0, 1.0);
        GaussianDenoiser model = model(noise);
        EdmLoss loss = EdmLoss.withSigmaData(0.5);
        double[] lam = model.dataCovariance().eigenvalueArray();
        double[] c = model.noiseCovariance().eigenvalueArray();
        for (double sigma : new double[] {0.1, 1.0, 5.0}) {
            try (NDManager m = manager.newSubManager()) {
                NDArray x0 = model.sampleNoisy(m, N, 0.0, DataType.FLOAT64);
                NDArray n = noise.sample(m, N, DataType.FLOAT64);
                NDArray s = NoiseLevels.full(m, N, sigma, DataType.FLOAT64);
                double value = loss.loss(model, x0, s, n).getDouble();
                // Per-sample terms for the error bar, computed the same way as the loss.
                NDArray d = model.denoise(x0.add(n.mul(sigma)), s);
                NDArray per = d.sub(x0)
                        .square()
                        .reshape(x0.getShape().get(0), -1)
                        .mean(new int[] {1})
                        .mul(EdmScalings.lossWeight(sigma, 0.5));
                double[] mc = meanAndError(per);
                assertEquals(mc[0], value, 1e-12 * mc[0]);
                // Orthonormal basis: mean over pixels of the squared error = mean over modes of the
                // posterior variances lambda sigma^2 c / (lambda + sigma^2 c).
                double expected = 0;
                for (int e = 0; e < lam.length; e++) {
                    expected += lam[e] * sigma * sigma * c[e] / (lam[e] + sigma * sigma * c[e]) / lam.length;
                }
                expected *= EdmScalings.lossWeight(sigma, 0.5);
                assertEquals(expected, value, 5 * mc[1], "sigma " + sigma);
            }
        }
    }

    @Test
    void flowMatchingLossOfTheExactVelocityIsTheConditionalVariance() {
        Engine.getInstance().setRandomSeed(22);
        GaussianNoise noise = GaussianNoise.white(1, H, W);
        GaussianDenoiser model = model(noise);
        FlowMatchingLoss loss = new FlowMatchingLoss(TimeDistribution.uniform());
        double[] lam = model.dataCovariance().eigenvalueArray();
        for (double t : new double[] {0.1, 0.5, 0.9}) {
            try (NDManager m = manager.newSubManager()) {
                NDArray x0 = model.sampleNoisy(m, N, 0.0, DataType.FLOAT64);
                NDArray n = noise.sample(m, N, DataType.FLOAT64);
                NDArray tt = NoiseLevels.full(m, N, t, DataType.FLOAT64);
                double value = loss.loss(model.velocityField(), x0, tt, n).getDouble();
                NDArray xt = x0.mul(t).add(n.mul(1 - t));
                NDArray per = model.velocityField()
                        .velocity(xt, tt)
                        .sub(x0.sub(n))
                        .square()
                        .reshape(N, -1)
                        .mean(new int[] {1});
                double[] mc = meanAndError(per);
                // Var(x0 - n | x_t) per mode, with c = 1:
                // lambda + c - (t lambda - (1 - t) c)^2 / (t^2 lambda + (1 - t)^2 c).
                double expected = 0;
                for (double l : lam) {
                    double cov = t * l - (1 - t);
                    expected += (l + 1 - cov * cov / (t * t * l + (1 - t) * (1 - t))) / lam.length;
                }
                assertEquals(expected, value, 5 * mc[1], "t " + t);
            }
        }
    }

    @Test
    void logitNormalTimesHaveTheRightMedianAndRange() {
        Engine.getInstance().setRandomSeed(23);
        try (NDManager m = manager.newSubManager()) {
            double[] t = TimeDistribution.logitNormal(0.5, 1.0)
                    .sample(m, N, DataType.FLOAT64)
                    .toDoubleArray();
            int below = 0;
            double median = 1 / (1 + Math.exp(-0.5));
            for (double v : t) {
                assertEquals(0.5, v, 0.5, "t in (0, 1)");
                below += v < median ? 1 : 0;
            }
            // Binomial(N, 1/2): standard deviation sqrt(N) / 2; allow 5.
            assertEquals(N / 2.0, below, 5 * Math.sqrt(N) / 2);
        }
    }
}
