package org.pdeflow.solvers.sampling;

import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/** Small Gaussian data models with known statistics, shared by the sampler tests. */
final class GaussianFixtures {

    private GaussianFixtures() {}

    /** A smooth, non-constant mean field. */
    static double[] mean(int c, int h, int w) {
        double[] mu = new double[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    mu[(ch * h + i) * w + j] =
                            0.5 * Math.sin(2 * Math.PI * i / h) + 0.3 * Math.cos(2 * Math.PI * j / w) + 0.2 * ch;
                }
            }
        }
        return mu;
    }

    /** Independent pixels with variances spread over [0.1, 2.0]. */
    static DiagonalCovariance pixelData(int c, int h, int w) {
        int n = c * h * w;
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = 0.1 + 1.9 * ((k * 7) % n) / (n - 1.0);
        }
        return DiagonalCovariance.pixel(c, h, w, v);
    }

    /**
     * A stationary field with Fourier eigenvalues lambda_m = (0.05 + 1 / (1 + k1^2 + 2 k2^2)) (1 + ch / 2),
     * k the signed wavenumber of mode m (even in m, anisotropic); pointwise variance about 0.15.
     */
    static DiagonalCovariance fourierData(int c, int h, int w) {
        double[] e = new double[c * h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int m1 = 0; m1 < h; m1++) {
                int k1 = Math.min(m1, h - m1);
                for (int m2 = 0; m2 < w; m2++) {
                    int k2 = Math.min(m2, w - m2);
                    e[(ch * h + m1) * w + m2] = (0.05 + 1.0 / (1 + k1 * k1 + 2.0 * k2 * k2)) * (1 + 0.5 * ch);
                }
            }
        }
        return DiagonalCovariance.fourier(c, h, w, e);
    }

    /** The GRF noise used in the tests: alpha = 1, tau = 10 on the unit torus (spectrum range ~ 14). */
    static GaussianNoise grfNoise(int c, int h, int w) {
        return GaussianNoise.of(NoiseType.PERIODIC_GRF, c, h, w, GrfSpec.of(1.0, 10.0), 1.0, 1.0);
    }

    static GaussianDenoiser whiteModel(int c, int h, int w) {
        return GaussianDenoiser.withWhiteNoise(mean(c, h, w), pixelData(c, h, w));
    }

    static GaussianDenoiser grfModel(int c, int h, int w) {
        return new GaussianDenoiser(
                mean(c, h, w), fourierData(c, h, w), grfNoise(c, h, w).covariance());
    }
}
