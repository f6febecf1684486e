package org.pdeflow.inverse.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.datasets.generate.NavierStokesProblem;
import org.pdeflow.datasets.generate.SampleProblem;
import org.pdeflow.inverse.forward.NavierStokesAdjointModel;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/** ns-inverse's classical prior: the shipped climatology at 64 x 64, the GRF elsewhere. */
class NavierStokesInverseTest {

    private static Unknowns omega0(int n) {
        return Unknowns.single(NavierStokesForwardModel.FIELD, Grid2D.periodic(n, 2 * Math.PI));
    }

    /**
     * The shipped spectrum (measured from 2 048 fields of seed 3) describes fresh states of the task: for
     * 8 fields of another seed, made by the data generator, the prior's negative log-density 1/2 |xi|^2
     * averages half the number of modes it supports (its expectation for draws of the prior; these states
     * are not Gaussian, so each field scatters, 0.6 to 1.3 times it on the benchmark's fields 0 and 1), where
     * the Matérn GRF puts them at 2 to 5 times its expectation. A spectrum off by a factor of 2 fails.
     */
    @Test
    void climatologyFitsFreshStatesOfTheTaskWhereTheGrfDoesNot() {
        NavierStokesInverse ns = new NavierStokesInverse();
        GaussianPrior climatology = ns.classicalPrior(omega0(64));
        GaussianPrior grf = NavierStokesInverse.grfPrior(omega0(64));
        assertTrue(((PeriodicGaussianField) climatology.field()).isTabulated());
        int supported = 0;
        int all = 0;
        for (int m1 = 0; m1 < 64; m1++) {
            for (int m2 = 0; m2 < 64; m2++) {
                supported += climatology.field().modeVariance(Math.min(m1, 64 - m1), Math.min(m2, 64 - m2)) > 0 ? 1 : 0;
                all += grf.field().modeVariance(Math.min(m1, 64 - m1), Math.min(m2, 64 - m2)) > 0 ? 1 : 0;
            }
        }
        SampleProblem.Solver solver =
                NavierStokesProblem.inverseBench(64, 5.0, 0.01, 1).newSolver();
        SplittableRandom root = new SplittableRandom(17);
        int fields = 8;
        double climatologyRatio = 0;
        double grfRatio = 0;
        for (int f = 0; f < fields; f++) {
            double[][] out = {new double[64 * 64], new double[64 * 64]};
            solver.solve(root.split(), out);
            climatologyRatio += penalty(climatology, out[0]) / (supported / 2.0) / fields;
            grfRatio += penalty(grf, out[0]) / (all / 2.0) / fields;
        }
        // Measured: 0.79 and 2.88; a spectrum off by 2 either way would give 0.40 or 1.58.
        assertTrue(climatologyRatio > 0.5 && climatologyRatio < 1.3, "climatology: " + climatologyRatio);
        assertTrue(grfRatio > 1.8, "GRF: " + grfRatio);
    }

    @Test
    void otherResolutionsKeepTheGrf() {
        GaussianPrior p = new NavierStokesInverse().classicalPrior(omega0(32));
        assertFalse(p.field() instanceof PeriodicGaussianField f && f.isTabulated());
        assertEquals(2.5, p.spec().alpha());
    }

    /**
     * On a CPU the problem runs the Java discrete adjoint while its trajectory fits the stated budget (64²: 500 steps
     * of 8 fields, 128 MiB) and the DJL solver beyond it (128²: 512 MiB); both are the same scheme.
     */
    @Test
    void itsForwardModelIsTheJavaAdjointWhileItsTrajectoryIsSmall() {
        NavierStokesInverse ns = new NavierStokesInverse();
        for (int n : new int[] {64, 128}) {
            Grid2D grid = Grid2D.periodic(n, 2 * Math.PI);
            GridSubsampling every2nd = new GridSubsampling(grid, 2);
            InverseProblem p = ns.formulate(
                    Formulation.UNKNOWN,
                    grid,
                    every2nd,
                    Observations.of(new double[every2nd.size()], 1.0),
                    Map.of(NavierStokesModel.FIELD, new double[grid.size()]));
            try (NavierStokesModel model = (NavierStokesModel) p.forward()) {
                long bytes = 8L * 8 * 500 * n * n;
                assertEquals(
                        bytes <= NavierStokesInverse.JAVA_ADJOINT_MAX_BYTES,
                        model instanceof NavierStokesAdjointModel,
                        n + ": " + model.description());
                assertEquals(n == 64, model instanceof NavierStokesAdjointModel, model.description());
            }
        }
    }

    private static double penalty(GaussianPrior prior, double[] x) {
        double s = 0;
        for (double v : prior.whiten(x)) {
            s += 0.5 * v * v;
        }
        return s;
    }
}
