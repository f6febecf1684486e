package org.pdeflow.solvers.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/**
 * The exact Gaussian denoiser and velocity against dense linear algebra (Hipparchus LU on the
 * covariance matrices written out entry by entry), including GRF noise, where the noise covariance
 * at level sigma is sigma^2 C.
 */
class GaussianDenoiserTest {

    private static final int H = 4;
    private static final int W = 4;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.device());
        Engine.getInstance().setRandomSeed(5);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static RealMatrix denseMatrix(DiagonalCovariance cov) {
        int n = H * W;
        double[] c = cov.eigenvalueArray();
        double[][] a = new double[n][n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                if (cov.basis() == DiagonalCovariance.Basis.PIXEL) {
                    a[p][q] = p == q ? c[p] : 0.0;
                    continue;
                }
                double s = 0;
                for (int m1 = 0; m1 < H; m1++) {
                    for (int m2 = 0; m2 < W; m2++) {
                        s += c[m1 * W + m2]
                                * Math.cos(2
                                        * Math.PI
                                        * ((double) m1 * (p / W - q / W) / H + (double) m2 * (p % W - q % W) / W));
                    }
                }
                a[p][q] = s / n;
            }
        }
        return new Array2DRowRealMatrix(a);
    }

    private static double[] mean() {
        double[] mu = new double[H * W];
        for (int p = 0; p < mu.length; p++) {
            mu[p] = Math.sin(p);
        }
        return mu;
    }

    private static DiagonalCovariance fourierData() {
        double[] c = new double[H * W];
        for (int m1 = 0; m1 < H; m1++) {
            for (int m2 = 0; m2 < W; m2++) {
                int k1 = Math.min(m1, H - m1);
                int k2 = Math.min(m2, W - m2);
                c[m1 * W + m2] = 3.0 / (1 + k1 * k1 + 3 * k2 * k2);
            }
        }
        return DiagonalCovariance.fourier(1, H, W, c);
    }

    private static void compare(GaussianDenoiser model, double sigma) {
        RealMatrix sigmaData = denseMatrix(model.dataCovariance());
        RealMatrix c = denseMatrix(model.noiseCovariance());
        RealMatrix total = sigmaData.add(c.scalarMultiply(sigma * sigma));
        double[] mu = model.mean();
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(0f, 2f, new Shape(3, 1, H, W), DataType.FLOAT64);
            double[] xv = x.toDoubleArray();
            double[] d = model.denoise(x, m.create(sigma)).toDoubleArray();
            for (int b = 0; b < 3; b++) {
                double[] r = new double[H * W];
                for (int p = 0; p < r.length; p++) {
                    r[p] = xv[b * r.length + p] - mu[p];
                }
                double[] expect = sigmaData.operate(new LUDecomposition(total)
                        .getSolver()
                        .solve(new ArrayRealVector(r))
                        .toArray());
                for (int p = 0; p < r.length; p++) {
                    assertEquals(mu[p] + expect[p], d[b * r.length + p], 1e-11, "sigma " + sigma + " entry " + p);
                }
            }
        }
    }

    @Test
    void pixelDataWhiteNoise() {
        double[] v = new double[H * W];
        for (int p = 0; p < v.length; p++) {
            v[p] = 0.2 + p * 0.1;
        }
        GaussianDenoiser model = GaussianDenoiser.withWhiteNoise(mean(), DiagonalCovariance.pixel(1, H, W, v));
        for (double sigma : new double[] {0.01, 0.7, 30.0}) {
            compare(model, sigma);
        }
    }

    @Test
    void fourierDataWhiteAndGrfNoise() {
        GaussianNoise grf = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, H, W, GrfSpec.of(1.0, 4.0), 1.0, 1.0);
        for (DiagonalCovariance noise :
                new DiagonalCovariance[] {DiagonalCovariance.identity(1, H, W), grf.covariance()}) {
            GaussianDenoiser model = new GaussianDenoiser(mean(), fourierData(), noise);
            for (double sigma : new double[] {0.01, 0.7, 30.0}) {
                compare(model, sigma);
            }
        }
    }

    @Test
    void identityAtZeroNoise() {
        // D(x; 0) = x, also on components the data do not vary in (lambda = 0).
        double[] v = new double[H * W];
        v[3] = 1.0;
        GaussianDenoiser model = GaussianDenoiser.withWhiteNoise(mean(), DiagonalCovariance.pixel(1, H, W, v));
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(0f, 1f, new Shape(2, 1, H, W), DataType.FLOAT64);
            double diff = model.denoise(x, m.create(0.0)).sub(x).abs().max().getDouble();
            assertEquals(0.0, diff, 1e-15);
        }
    }

    @Test
    void velocityFromDenoiserEqualsExactVelocity() {
        // Two independent derivations: E[x0 - n | x_t] in closed form versus the conversion
        // (D(x/t; (1-t)/t) - x) / (1 - t), and the limit v(x, 1) = x at t = 1 (data with lambda > 0).
        GaussianNoise grf = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, H, W, GrfSpec.of(1.0, 4.0), 1.0, 1.0);
        GaussianDenoiser model = new GaussianDenoiser(mean(), fourierData(), grf.covariance());
        VelocityField exact = model.velocityField();
        VelocityField converted = VelocityField.fromDenoiser(model);
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(0f, 1f, new Shape(4, 1, H, W), DataType.FLOAT64);
            NDArray t = m.create(new double[] {0.05, 0.5, 0.95, 0.999});
            double diff = exact.velocity(x, t)
                    .sub(converted.velocity(x, t))
                    .abs()
                    .max()
                    .getDouble();
            assertTrue(diff < 1e-10, "converted velocity differs by " + diff);
            NDArray one = m.create(new double[] {1.0, 1.0, 1.0, 1.0});
            double atOne = converted
                    .velocity(x, one)
                    .sub(exact.velocity(x, one))
                    .abs()
                    .max()
                    .getDouble();
            assertTrue(atOne < 1e-12, "v(x, 1) differs by " + atOne);
        }
    }
}
