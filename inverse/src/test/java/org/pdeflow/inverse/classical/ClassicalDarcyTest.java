package org.pdeflow.inverse.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;

/** EKI and Tikhonov on a small Darcy inverse problem (16 x 16 nodes, 40 pressure readings). */
class ClassicalDarcyTest {

    private static final InverseProblem PROBLEM = Problems.get("darcy-inverse")
            .synthetic(Problems.get("darcy-inverse")
                    .defaultSettings()
                    .withResolution(16)
                    .withPoints(40)
                    .withSeed(3));

    /** log a ~ N(log 6, C): smooth prior centred between the two values log 3 and log 12. */
    private static GaussianPrior prior() {
        return GaussianPrior.constantMean(
                "log_a",
                Math.log(6.0),
                new NeumannGaussianField(PROBLEM.unknowns().fields().get(0).grid(), new GrfSpec(2.0, 3.0, 4.0, false)));
    }

    /**
     * Each EKI variant must lower the ensemble's mean misfit by at least a factor 20 in 12
     * iterations of 40 particles (the initial prior ensemble misfit is ~1e4 with sigma = 1e-4 on
     * u ~ 0.01; measured reductions are reported by the assertion messages), the callback must
     * see every iteration, and the result holds every particle.
     */
    @Test
    void ekiReducesDataMisfitByLargeFactor() {
        for (EnsembleKalmanInversion eki :
                List.of(EnsembleKalmanInversion.inverseBench(12, 2.0), EnsembleKalmanInversion.perturbed(12))) {
            List<StepInfo> steps = new ArrayList<>();
            Reconstruction r = eki.sample(
                    PROBLEM,
                    prior(),
                    40,
                    new SplittableRandom(5),
                    info -> steps.add(new StepInfo(
                            info.step(),
                            info.total(),
                            info.misfit(),
                            info.estimate().clone())));
            double[] h = r.misfitHistory();
            assertEquals(13, h.length);
            double reduction = h[0] / h[12];
            assertTrue(
                    reduction > 20, eki.name() + ": misfit " + h[0] + " -> " + h[12] + " (factor " + reduction + ")");
            assertEquals(12, steps.size());
            assertEquals(h[12], steps.get(11).misfit(), 0.0);
            assertEquals(40, r.sampleCount());
            assertEquals(40L * 13, r.timings().forwardEvaluations());
            // The ensemble mean must move towards the truth, not only fit the data.
            double[] priorMean = prior().mean();
            assertTrue(
                    PROBLEM.relativeError(r.mean()) < PROBLEM.relativeError(priorMean),
                    eki.name() + " error " + PROBLEM.relativeError(r.mean()) + " vs prior mean "
                            + PROBLEM.relativeError(priorMean));
        }
    }

    /**
     * Tikhonov with a gradient penalty, L-BFGS and the adjoint gradient: the data misfit must drop
     * by a factor 100 from the constant start log a = log 6.
     */
    @Test
    void tikhonovWithAdjointGradientFitsTheData() {
        double[] start = prior().mean();
        double initial = PROBLEM.observations().misfit(PROBLEM.forward().apply(start));
        TikhonovInversion tik = new TikhonovInversion(
                1e-2,
                Regulariser.gradient(PROBLEM.unknowns()),
                null,
                Lbfgs.defaults().withMaxIterations(60));
        Reconstruction r = tik.invert(PROBLEM, start, null);
        double fin = PROBLEM.observations().misfit(PROBLEM.forward().apply(r.mean()));
        assertTrue(initial / fin > 100, "misfit " + initial + " -> " + fin);
        assertEquals(fin, r.finalMisfit(), 1e-9 * fin);
        assertTrue(r.timings().gradientEvaluations() > 0);
        assertEquals(0.0, r.std()[0], 0.0);
    }
}
