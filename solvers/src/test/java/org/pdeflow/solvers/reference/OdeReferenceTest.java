package org.pdeflow.solvers.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/** The DP853 reference against the closed-form solutions of the Gaussian ODEs. */
class OdeReferenceTest {

    @Test
    void matchesTheAnalyticGaussianFlows() {
        Engine.getInstance().setRandomSeed(9);
        double[] c = new double[16];
        double[] mu = new double[16];
        for (int m1 = 0; m1 < 4; m1++) {
            for (int m2 = 0; m2 < 4; m2++) {
                int k1 = Math.min(m1, 4 - m1);
                int k2 = Math.min(m2, 4 - m2);
                c[m1 * 4 + m2] = 2.0 / (1 + k1 * k1 + k2 * k2);
                mu[m1 * 4 + m2] = 0.1 * m1 - 0.2 * m2;
            }
        }
        GaussianNoise grf = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, 4, 4, GrfSpec.of(1.0, 3.0), 1.0, 1.0);
        GaussianDenoiser model = new GaussianDenoiser(mu, DiagonalCovariance.fourier(1, 4, 4, c), grf.covariance());
        OdeReference reference = OdeReference.tight();
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x = model.sampleNoisy(m, 2, 80.0, DataType.FLOAT64);
            double pf = reference
                    .probabilityFlow(model, x, 80.0, 0.002)
                    .sub(model.solveProbabilityFlow(x, 80.0, 0.002))
                    .abs()
                    .max()
                    .getDouble();
            NDArray n = grf.sample(m, 2, DataType.FLOAT64);
            double flow = reference
                    .flow(model.velocityField(), n, 0.0, 1.0)
                    .sub(model.solveFlow(n, 0.0, 1.0))
                    .abs()
                    .max()
                    .getDouble();
            System.out.printf(
                    "DP853 (tol 1e-12) vs closed form: PF-ODE 80 -> 0.002 max error %.2e, flow 0 -> 1 %.2e%n",
                    pf, flow);
            // Tolerance 1e-12 per step; global error a few orders above that over ~100 steps.
            assertTrue(pf < 1e-9, "PF-ODE reference error " + pf);
            assertTrue(flow < 1e-9, "flow reference error " + flow);
        }
    }
}
