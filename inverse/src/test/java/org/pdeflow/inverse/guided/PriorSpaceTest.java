package org.pdeflow.inverse.guided;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.LinearGaussianProblem;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Powers of the prior noise's covariance C, which DAPS' preconditioned Langevin step (C) and DiffPIR's
 * whitened data step (C^(1/2), C^(-1/2)) use: they must compose as powers of one symmetric operator, on the
 * dense-DFT path (8 x 8) and the FFT path (20 x 20), and white noise left alone.
 */
class PriorSpaceTest {

    @Test
    void covariancePowersComposeAsPowersOfOneOperator() {
        for (int n : new int[] {8, 20}) {
            {
                GrfSpec noise = new GrfSpec(2.0, 3.0, 1.0, false);
                LinearGaussianProblem lg =
                        LinearGaussianProblem.create(n, new GrfSpec(2.0, 3.0, 1.0, false), 6, 0.1, 1);
                DiffusionFieldPrior prior = GaussianFieldPrior.of(lg.prior(), noise);
                PriorSpace space = new PriorSpace(prior, prior.unknowns());
                String what = n + " x " + n;
                try (NDManager m = NDManager.newBaseManager(Engines.device())) {
                    SplittableRandom rng = new SplittableRandom(3);
                    double[] v = new double[n * n];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = rng.nextGaussian();
                    }
                    NDArray g = m.create(v, new Shape(1, 1, n, n)).toType(DataType.FLOAT64, false);
                    NDArray c = space.covariance(g);
                    NDArray halfHalf = space.covariancePower(space.covariancePower(g, 0.5), 0.5);
                    assertTrue(relative(halfHalf, c) < 1e-10, what + ": C^(1/2) C^(1/2) g != C g");
                    NDArray back = space.covariancePower(space.covariancePower(g, -0.5), 0.5);
                    assertTrue(relative(back, g) < 1e-10, what + ": C^(1/2) C^(-1/2) g != g");
                    // unit pointwise variance: the eigenvalues average 1, so the largest exceeds it
                    assertTrue(space.covarianceScale() > 1.0, what + ": lambda_max " + space.covarianceScale());
                }
            }
        }
        LinearGaussianProblem lg = LinearGaussianProblem.standard(3);
        PriorSpace white = new PriorSpace(
                GaussianFieldPrior.of(lg.prior(), null), lg.problem().unknowns());
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray g = m.ones(new Shape(1, 1, 8, 8));
            assertSame(g, white.covariancePower(g, -0.5));
            assertEquals(1.0, white.covarianceScale());
        }
    }

    private static double relative(NDArray a, NDArray b) {
        return a.sub(b).norm().getDouble() / b.norm().getDouble();
    }

    /**
     * A background N(m, B) given in physical units enters in the prior's model units, model = (phys - shift) /
     * scale, so B_model = B / scale^2 (here scale 5, shift 2): eigenvalue n * E|c_k|^2 / 25 per Fourier mode.
     * Sigma_s = (B^-1 + (s^2 C)^-1)^-1 then tends to s^2 C for small s and to B for large s.
     */
    @Test
    void aPhysicalBackgroundEntersInModelUnits() {
        int n = 8;
        Grid2D grid = Grid2D.periodic(n, 1.0);
        Unknowns unknowns = Unknowns.single("x", grid);
        GrfSpec spec = new GrfSpec(2.0, 3.0, 1.0, false);
        DiffusionFieldPrior prior = GaussianFieldPrior.stationary(
                unknowns,
                spec,
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, new double[] {2.0}, new double[] {5.0}),
                new GrfSpec(2.0, 3.0, 1.0, false));
        PriorSpace space = new PriorSpace(prior, unknowns);
        PeriodicGaussianField field = new PeriodicGaussianField(grid, new GrfSpec(2.5, 4.0, 3.0, false));
        double[] b = space.backgroundEigenvalues(GaussianPrior.centred("x", field));
        for (int m1 = 0; m1 < n; m1++) {
            for (int m2 = 0; m2 < n; m2++) {
                double expected = n * n * field.modeVariance(Math.min(m1, n - m1), Math.min(m2, n - m2)) / 25.0;
                assertEquals(expected, b[m1 * n + m2], 1e-6 * expected, "mode (" + m1 + ", " + m2 + ")");
            }
        }
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray g = m.create(new SplittableRandom(5).doubles(n * n).toArray(), new Shape(1, 1, n, n))
                    .toType(DataType.FLOAT64, false);
            double small = 1e-4;
            NDArray smallNoise = space.posteriorPower(g, b, small, 1.0);
            NDArray noiseOnly = space.covariance(g).muli(small * small);
            assertTrue(relative(smallNoise, noiseOnly) < 1e-3, "small s: Sigma -> s^2 C");
            NDArray large = space.posteriorPower(g, b, 1e4, 1.0);
            NDArray background = space.posteriorPower(g, b, 1e12, 1.0);
            assertTrue(relative(large, background) < 1e-3, "large s: Sigma -> B");
        }
    }
}
