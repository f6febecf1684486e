package org.pdeflow.inverse.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class GaussianPriorTest {

    /**
     * The probed covariance of the periodic field against the kernel stated by PeriodicGaussianField:
     * E[u(p) u(q)] = (1/(lx ly)) sum_m lambda_k(m) cos(2 pi (m1 (p1 - q1)/nx + m2 (p2 - q2)/ny)).
     */
    @Test
    void periodicCovarianceEqualsSpectralKernel() {
        Grid2D grid = new Grid2D(6, 4, 2.0, 1.0, Layout.PERIODIC);
        GrfSpec spec = new GrfSpec(2.5, 2.0, 3.0, false);
        GaussianPrior prior = GaussianPrior.centred("x", new PeriodicGaussianField(grid, spec));
        DMatrixRMaj c = prior.covariance();
        int nx = grid.nx();
        int ny = grid.ny();
        double max = 0;
        for (int p = 0; p < grid.size(); p++) {
            for (int q = 0; q < grid.size(); q++) {
                int dp1 = p / ny - q / ny;
                int dp2 = p % ny - q % ny;
                double k = 0;
                for (int m1 = 0; m1 < nx; m1++) {
                    for (int m2 = 0; m2 < ny; m2++) {
                        int k1 = Math.min(m1, nx - m1);
                        int k2 = Math.min(m2, ny - m2);
                        double w1 = 2 * Math.PI * k1 / grid.lx();
                        double w2 = 2 * Math.PI * k2 / grid.ly();
                        k += spec.covarianceEigenvalue(w1 * w1 + w2 * w2)
                                * Math.cos(2 * Math.PI * ((double) m1 * dp1 / nx + (double) m2 * dp2 / ny));
                    }
                }
                k /= grid.lx() * grid.ly();
                max = Math.max(max, Math.abs(k - c.get(p, q)));
            }
        }
        // Both are sums of ~24 terms of size <= 0.3: round-off level.
        assertTrue(max < 1e-14, "max deviation " + max);
    }

    /** A sample is mean + L xi with the probed L: the same draws through L reproduce the sampler. */
    @Test
    void factorReproducesSamplesAndMeanIsAdded() {
        Grid2D grid = Grid2D.nodes(5, 1.0);
        NeumannGaussianField field = new NeumannGaussianField(grid, GrfSpec.of(2.0, 3.0));
        double[] mean = new double[grid.size()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = 0.1 * i;
        }
        GaussianPrior prior = new GaussianPrior("a", mean, field);
        DMatrixRMaj l = prior.covarianceFactor();
        SplittableRandom r1 = new SplittableRandom(3);
        double[] xi = new double[grid.size()];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = r1.nextGaussian();
        }
        double[] sample = prior.sample(new SplittableRandom(3));
        for (int i = 0; i < xi.length; i++) {
            double v = mean[i];
            for (int k = 0; k < xi.length; k++) {
                v += l.get(i, k) * xi[k];
            }
            assertEquals(v, sample[i], 1e-12);
        }
    }

    /**
     * The Gaussian denoiser m + C (C + s^2 I)^{-1} (x - m) against the precision form
     * (C^{-1} + I/s^2)^{-1} (C^{-1} m + x / s^2), and its limits.
     */
    @Test
    void denoiserMatchesPrecisionFormAndLimits() {
        Grid2D grid = Grid2D.periodic(6, 1.0);
        GaussianPrior prior = GaussianPrior.constantMean(
                "x", 0.5, new PeriodicGaussianField(grid, new GrfSpec(2.0, 3.0, 8.0, false)));
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[grid.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextGaussian();
        }
        int n = x.length;
        DMatrixRMaj precision = new DMatrixRMaj(n, n);
        CommonOps_DDRM.invert(prior.covariance(), precision);
        for (double sigma : new double[] {0.05, 0.7, 20.0}) {
            DMatrixRMaj a = precision.copy();
            for (int i = 0; i < n; i++) {
                a.add(i, i, 1 / (sigma * sigma));
            }
            DMatrixRMaj rhs = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.mult(precision, new DMatrixRMaj(n, 1, true, prior.mean()), rhs);
            for (int i = 0; i < n; i++) {
                rhs.add(i, 0, x[i] / (sigma * sigma));
            }
            DMatrixRMaj expected = new DMatrixRMaj(n, 1);
            CommonOps_DDRM.solve(a, rhs, expected);
            double[] d = prior.denoise(x, sigma);
            for (int i = 0; i < n; i++) {
                // Two dense solves with condition numbers up to ~1e5: 1e-9 agreement.
                assertEquals(expected.get(i), d[i], 1e-9 * (1 + Math.abs(d[i])), "sigma " + sigma);
            }
        }
        assertArrayEquals(x, prior.denoise(x, 0), 0.0);
        double[] far = prior.denoise(x, 1e6);
        for (double v : far) {
            assertEquals(0.5, v, 1e-6);
        }
    }

    /**
     * The whitening root S of {@link GaussianPrior#colour} satisfies S S^T = C (C from the sampler's own
     * linear map), and {@link GaussianPrior#colourTranspose} is its adjoint: periodic fields of even and
     * odd size with and without the mean mode (the symmetric spectral root), and a Neumann field.
     */
    @Test
    void colourIsASquareRootOfTheCovariance() {
        GaussianPrior[] priors = {
            GaussianPrior.centred(
                    "w", new PeriodicGaussianField(Grid2D.periodic(6, 2.0), new GrfSpec(2.5, 3.0, 5.0, true))),
            GaussianPrior.centred(
                    "w", new PeriodicGaussianField(Grid2D.periodic(5, 1.0), new GrfSpec(2.0, 3.0, 2.0, false))),
            GaussianPrior.centred(
                    "w",
                    new PeriodicGaussianField(
                            new Grid2D(4, 7, 1.0, 1.5, Layout.PERIODIC), new GrfSpec(2.0, 1.0, 1.0, false))),
            GaussianPrior.centred("w", NeumannGaussianField.onNodes(6, 1.0, new GrfSpec(2.0, 3.0, 4.0, false)))
        };
        SplittableRandom rng = new SplittableRandom(3);
        for (GaussianPrior prior : priors) {
            int n = prior.size();
            DMatrixRMaj root = new DMatrixRMaj(n, n);
            for (int k = 0; k < n; k++) {
                double[] e = new double[n];
                e[k] = 1;
                double[] column = prior.colour(e);
                for (int i = 0; i < n; i++) {
                    root.set(i, k, column[i]);
                }
            }
            DMatrixRMaj product = new DMatrixRMaj(n, n);
            CommonOps_DDRM.multTransB(root, root, product);
            DMatrixRMaj c = prior.covariance();
            double scale = CommonOps_DDRM.elementMaxAbs(c);
            for (int i = 0; i < n * n; i++) {
                assertEquals(c.get(i), product.get(i), 1e-12 * scale, prior + " entry " + i);
            }
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextGaussian();
                b[i] = rng.nextGaussian();
            }
            double left = dot(prior.colour(a), b);
            double right = dot(a, prior.colourTranspose(b));
            assertEquals(left, right, 1e-12 * (Math.abs(left) + 1), prior + ": <S a, b> against <a, S^T b>");
        }
    }

    /**
     * {@link GaussianPrior#whiten} inverts {@link GaussianPrior#colour} on the prior's support: for a
     * mean-removing field, x - m with its mean taken out comes back from m + S whiten(x) to 1e-12, a
     * field's mean is dropped (whiten of a constant is 0), and whiten(m + S xi) is xi for xi without a
     * mean mode; for a field that keeps the mean, every x comes back. A Neumann prior is refused.
     */
    @Test
    void whitenInvertsColourOnTheSupport() {
        SplittableRandom rng = new SplittableRandom(5);
        for (boolean removeMean : new boolean[] {true, false}) {
            Grid2D grid = new Grid2D(6, 5, 2.0, 1.0, Layout.PERIODIC);
            double[] mean = new double[grid.size()];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = rng.nextGaussian();
            }
            GaussianPrior prior = new GaussianPrior(
                    "w", mean, new PeriodicGaussianField(grid, new GrfSpec(2.5, 3.0, 5.0, removeMean)));
            double[] x = new double[grid.size()];
            double average = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = 3.0 + rng.nextGaussian();
                average += (x[i] - mean[i]) / x.length;
            }
            double[] xi = prior.whiten(x);
            double[] back = prior.colour(xi);
            for (int i = 0; i < x.length; i++) {
                double expected = x[i] - mean[i] - (removeMean ? average : 0.0);
                assertEquals(expected, back[i], 1e-12 * 10, "removeMean " + removeMean + ", node " + i);
            }
            double[] eta = new double[grid.size()];
            double etaMean = 0;
            for (int i = 0; i < eta.length; i++) {
                eta[i] = rng.nextGaussian();
                etaMean += eta[i] / eta.length;
            }
            for (int i = 0; i < eta.length && removeMean; i++) {
                eta[i] -= etaMean;
            }
            double[] field = prior.colour(eta);
            for (int i = 0; i < field.length; i++) {
                field[i] += mean[i];
            }
            assertArrayEquals(eta, prior.whiten(field), 1e-10, "removeMean " + removeMean);
        }
        GaussianPrior neumann =
                GaussianPrior.centred("w", NeumannGaussianField.onNodes(6, 1.0, new GrfSpec(2.0, 3.0, 4.0, false)));
        assertThrows(UnsupportedOperationException.class, () -> neumann.whiten(new double[neumann.size()]));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
