package org.pdeflow.solvers.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.reference.OdeReference;
import org.pdeflow.solvers.schedule.FlowTimes;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Convergence orders of the deterministic samplers against a DormandPrince853 reference of the same
 * ODE from the same initial state, in float64.
 *
 * <p>Error measure: max over all entries of |x_N - x_ref| at the last level of the grid, which for
 * the diffusion samplers is sigma_min &gt; 0 (the schedule's trailing 0 is dropped: the jump to 0 is
 * one evaluation of D, not an ODE step, and its error does not shrink with N), and t = 1 for flows.
 * Data: a 2-sample batch of 1 x 4 x 4 Gaussian fields with pixel variances in [0.1, 2] and a non-zero
 * mean (exact denoiser), white noise, plus a GRF-noise / Fourier-diagonal case for Heun. Schedule:
 * Karras rho = 7 from sigma_max = 5 to sigma_min = 0.05 (a smooth map of i / N, so the asymptotic
 * regime is reached at a few dozen steps).
 */
class ConvergenceOrderTest {

    private static NDManager manager;
    private static final KarrasSchedule SCHEDULE = new KarrasSchedule(0.05, 5.0, 7.0);
    private static final int[] STEPS = {16, 32, 64, 128};

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.device());
        Engine.getInstance().setRandomSeed(1234);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static double[] withoutFinalZero(double[] sigmas) {
        return Arrays.copyOf(sigmas, sigmas.length - 1);
    }

    private static double[] errors(Sampler sampler, GaussianDenoiser model) {
        NDArray x = model.sampleNoisy(manager, 2, SCHEDULE.sigmaMax(), DataType.FLOAT64);
        NDArray ref = OdeReference.tight().probabilityFlow(model, x, SCHEDULE.sigmaMax(), SCHEDULE.sigmaMin());
        double[] err = new double[STEPS.length];
        for (int k = 0; k < STEPS.length; k++) {
            double[] sigmas = withoutFinalZero(SCHEDULE.sigmas(STEPS[k] + 1));
            NDArray out = sampler.sample(model, x, sigmas);
            err[k] = out.sub(ref).abs().max().getDouble();
        }
        return err;
    }

    private static double[] flowErrors(FlowSampler sampler, VelocityField field, GaussianDenoiser model) {
        NDArray x = GaussianNoiseFixture.unitNoise(model, manager, 2);
        NDArray ref = OdeReference.tight().flow(field, x, 0.0, 1.0);
        double[] err = new double[STEPS.length];
        for (int k = 0; k < STEPS.length; k++) {
            err[k] = sampler.sample(field, x, FlowTimes.uniform(STEPS[k]))
                    .sub(ref)
                    .abs()
                    .max()
                    .getDouble();
        }
        return err;
    }

    private static void assertOrder(String name, double[] err, double order, double tolerance) {
        StringBuilder sb = new StringBuilder(name + ": errors");
        for (double e : err) {
            sb.append(String.format(" %.3e", e));
        }
        sb.append(" ratios");
        for (int k = 1; k < err.length; k++) {
            sb.append(String.format(" %.3f", err[k - 1] / err[k]));
        }
        System.out.println(sb);
        // The last ratio is the asymptotic one; the order is log2 of it. Tolerance 0.05 in the order
        // (a ratio within 3.5 % of 2^p): the leading error term dominates by 64-128 steps here.
        double measured = Math.log(err[err.length - 2] / err[err.length - 1]) / Math.log(2);
        assertEquals(order, measured, tolerance, sb.toString());
        for (int k = 1; k < err.length; k++) {
            assertTrue(err[k] < err[k - 1], "error must shrink as steps double: " + sb);
        }
    }

    @Test
    void eulerIsFirstOrder() {
        assertOrder("Euler", errors(new EulerSampler(), GaussianFixtures.whiteModel(1, 4, 4)), 1.0, 0.05);
    }

    @Test
    void ddimIsFirstOrderAndEqualsEuler() {
        GaussianDenoiser model = GaussianFixtures.whiteModel(1, 4, 4);
        assertOrder("DDIM eta=0", errors(DdimSampler.deterministic(), model), 1.0, 0.05);
        NDArray x = model.sampleNoisy(manager, 2, 5.0, DataType.FLOAT64);
        double[] sigmas = SCHEDULE.sigmas(20);
        double diff = DdimSampler.deterministic()
                .sample(model, x, sigmas)
                .sub(new EulerSampler().sample(model, x, sigmas))
                .abs()
                .max()
                .getDouble();
        // Same update written two ways: equal to float64 round-off.
        assertTrue(diff < 1e-13, "DDIM (eta = 0) differs from Euler by " + diff);
    }

    @Test
    void heunIsSecondOrder() {
        assertOrder("Heun", errors(new HeunSampler(), GaussianFixtures.whiteModel(1, 4, 4)), 2.0, 0.05);
        assertOrder("Heun GRF", errors(new HeunSampler(), GaussianFixtures.grfModel(1, 4, 4)), 2.0, 0.05);
    }

    @Test
    void dpmSolverPlusPlus2MIsSecondOrder() {
        assertOrder(
                "DPM++2M", errors(new DpmSolverPlusPlus2MSampler(), GaussianFixtures.whiteModel(1, 4, 4)), 2.0, 0.05);
    }

    @Test
    void flowEulerFirstAndHeunSecondOrder() {
        GaussianDenoiser model = GaussianFixtures.whiteModel(1, 4, 4);
        VelocityField v = model.velocityField();
        assertOrder("flow Euler", flowErrors(new FlowEulerSampler(), v, model), 1.0, 0.05);
        assertOrder("flow Heun", flowErrors(new FlowHeunSampler(), v, model), 2.0, 0.05);
    }
}
