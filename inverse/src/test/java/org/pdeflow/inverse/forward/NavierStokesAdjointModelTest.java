package org.pdeflow.inverse.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;

/**
 * The pure-Java Navier-Stokes model against the DJL one: two independent implementations of the same discrete map,
 * one differentiated by hand (the discrete adjoint), the other by autograd.
 */
class NavierStokesAdjointModelTest {

    private static final int N = 32;
    private static final double T = 0.4;
    private static final double DT = 0.01;

    private static double[] field(long seed, double amplitude) {
        PeriodicGaussianField grf = new PeriodicGaussianField(
                NavierStokesPreset.KOLMOGOROV.grid(N), new GrfSpec(3.0, 2.0, amplitude, true));
        return grf.sample(new SplittableRandom(seed));
    }

    /**
     * Same predictions to float32 rounding (1e-5 relative, as the DJL solver against the pde integrator), and the same
     * misfit gradient to the rounding of a float32 backward pass over 40 steps (1e-4 relative L2; a wrong sign, mask
     * or scale anywhere in either adjoint is off by order one), through the input scale 10 of the normalised prior
     * space.
     */
    @Test
    void agreesWithTheDjlEngineOnPredictionsAndGradients() {
        for (Dealiasing rule : Dealiasing.values()) {
            NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(N, rule);
            GridSubsampling obs = new GridSubsampling(eq.grid(), 2);
            try (NavierStokesAdjointModel java =
                            new NavierStokesAdjointModel(eq, T, DT, obs, 10.0, new BatchExecutor(2));
                    NavierStokesForwardModel djl = new NavierStokesForwardModel(eq, T, DT, obs, 10.0, 4)) {
                double[] x = field(8, 4.0);
                Observations data = Observations.of(djl.apply(field(7, 4.0)), 0.5);
                MisfitGradient a = java.misfitAndGradient(x, data);
                MisfitGradient b = djl.misfitAndGradient(x, data);
                double predictions = SpectralVorticitySolverTest.relativeL2(a.predicted(), b.predicted());
                assertTrue(predictions < 1e-5, rule + ": predictions differ by " + predictions);
                assertEquals(b.misfit(), a.misfit(), 1e-4 * b.misfit(), rule + ": misfit");
                double gradients = SpectralVorticitySolverTest.relativeL2(a.gradient(), b.gradient());
                assertTrue(gradients < 1e-4, rule + ": gradients differ by " + gradients);
            }
        }
    }

    /** vjp, pullback and misfitAndGradient are one computation; batches equal single calls, in input order. */
    @Test
    void itsEntryPointsAgreeAndBatchesKeepTheirOrder() {
        NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(N);
        GridSubsampling obs = new GridSubsampling(eq.grid(), 4);
        try (NavierStokesAdjointModel model =
                new NavierStokesAdjointModel(eq, 0.1, DT, obs, 1.0, new BatchExecutor(2))) {
            double[] x = field(3, 20.0);
            Observations data = Observations.of(model.apply(field(4, 20.0)), 0.1);
            MisfitGradient mg = model.misfitAndGradient(x, data);
            double[] w = data.misfitGradient(mg.predicted());
            assertEquals(0.0, SpectralVorticitySolverTest.relativeL2(model.vjp(x, w), mg.gradient()), 0.0);
            ForwardModel.Pullback p = model.pullback(x, data::misfitGradient);
            assertEquals(0.0, SpectralVorticitySolverTest.relativeL2(p.gradient(), mg.gradient()), 0.0);
            assertEquals(0.0, SpectralVorticitySolverTest.relativeL2(p.predicted(), model.apply(x)), 0.0);
            double[][] xs = {field(1, 20.0), field(2, 20.0), x};
            double[][] batch = model.applyBatch(xs);
            for (int b = 0; b < xs.length; b++) {
                assertEquals(0.0, SpectralVorticitySolverTest.relativeL2(batch[b], model.apply(xs[b])), 0.0);
            }
            assertThrows(IllegalArgumentException.class, () -> model.vjp(x, new double[3]));
            assertThrows(IllegalArgumentException.class, () -> model.apply(new double[5]));
            assertTrue(model.description().contains("10 steps"), model.description());
        }
    }

    /** An unstable fixed step is a clear ForwardModelException, not NaN readings. */
    @Test
    void aDivergedSolveIsReported() {
        NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(16);
        try (NavierStokesAdjointModel model = new NavierStokesAdjointModel(
                eq, 40.0, 0.5, new GridSubsampling(eq.grid(), 2), 1.0, new BatchExecutor(1))) {
            double[] x = new PeriodicGaussianField(eq.grid(), new GrfSpec(2.0, 1.0, 1.0, true))
                    .sample(new SplittableRandom(1));
            for (int i = 0; i < x.length; i++) {
                x[i] *= 1e4;
            }
            ForwardModelException e = assertThrows(ForwardModelException.class, () -> model.apply(x));
            assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        }
    }
}
