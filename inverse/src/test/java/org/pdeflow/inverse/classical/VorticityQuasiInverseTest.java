package org.pdeflow.inverse.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.CountingForwardModel;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.NavierStokesInverse;
import org.pdeflow.inverse.problems.ReadingPlan;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.Forcing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * The quasi-inverse first guess of ns-inverse ({@link VorticityQuasiInverse}) against closed forms:
 * trigonometric interpolation is exact for band-limited fields, a single unforced Fourier mode comes back
 * damped twice, and in the inviscid limit the flow is undone (2-D Euler is reversible under omega to
 * -omega).
 */
class VorticityQuasiInverseTest {

    /**
     * A field whose modes all lie below the coarse grid's Nyquist wavenumber is recovered to 1e-12 from
     * its values on every 2nd and every 4th node (32 x 32 grid).
     */
    @Test
    void interpolationIsExactForBandLimitedFields() {
        Grid2D grid = Grid2D.periodic(32, 2 * Math.PI);
        for (int k : new int[] {2, 4}) {
            int band = 16 / k - 1;
            double[] field = new double[grid.size()];
            for (int i = 0; i < 32; i++) {
                for (int j = 0; j < 32; j++) {
                    double x = 2 * Math.PI * i / 32;
                    double y = 2 * Math.PI * j / 32;
                    field[i * 32 + j] = 1.5
                            + Math.cos(band * x - 2 * y)
                            + 0.7 * Math.sin(x + band * y)
                            - 0.3 * Math.cos(band * x + band * y + 0.4);
                }
            }
            GridSubsampling op = new GridSubsampling(grid, k);
            double[] readings = new double[op.size()];
            op.apply(field, readings);
            double[] back = VorticityQuasiInverse.interpolate(op, readings);
            for (int p = 0; p < field.length; p++) {
                assertEquals(field[p], back[p], 1e-12, "stride " + k + ", node " + p);
            }
        }
    }

    /**
     * Any readings (here random, so with energy at the coarse Nyquist wavenumber) come back at the read
     * nodes: even (16 x 16 of 32 x 32) and odd (15 x 10 of 30 x 20) numbers of readings.
     */
    @Test
    void interpolationPassesThroughTheReadings() {
        SplittableRandom rng = new SplittableRandom(4);
        for (Grid2D grid : new Grid2D[] {
            Grid2D.periodic(32, 2 * Math.PI), new Grid2D(30, 20, 2 * Math.PI, 2 * Math.PI, Layout.PERIODIC)
        }) {
            GridSubsampling op = new GridSubsampling(grid, 2);
            double[] readings = new double[op.size()];
            for (int i = 0; i < readings.length; i++) {
                readings[i] = rng.nextGaussian();
            }
            double[] again = new double[op.size()];
            op.apply(VorticityQuasiInverse.interpolate(op, readings), again);
            for (int i = 0; i < readings.length; i++) {
                assertEquals(readings[i], again[i], 1e-12, grid + ", reading " + i);
            }
        }
    }

    /**
     * Unforced, a Fourier mode of wavevector k is an exact solution, omega(T) = exp(-nu |k|^2 T) omega0;
     * its quasi-inverse is exp(-2 nu |k|^2 T) omega0 (the viscous term damps on the way back as well).
     * nu = 0.02, k = (2, 3), T = 1: the factor 0.59 is reproduced to 1e-6 (the stepper's error).
     */
    @Test
    void aSingleUnforcedModeComesBackDampedTwice() {
        Grid2D grid = Grid2D.periodic(16, 2 * Math.PI);
        double nu = 0.02;
        NavierStokes2D eq = new NavierStokes2D(grid, nu, Forcing.none(), Dealiasing.CIRCULAR);
        double[] omega0 = new double[grid.size()];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                omega0[i * 16 + j] = 4 * Math.cos(2 * (2 * Math.PI * i / 16) + 3 * (2 * Math.PI * j / 16));
            }
        }
        double t = 1.0;
        double[] omegaT = ImexCrankNicolsonHeun.fixedStep(0.002)
                .integrate(eq, omega0, new double[] {t}, ProgressListener.NONE)[0];
        double[] guess = new VorticityQuasiInverse(eq, t, 0.002).estimate(omegaT);
        double factor = Math.exp(-2 * nu * 13 * t);
        for (int p = 0; p < omega0.length; p++) {
            assertEquals(factor * omega0[p], guess[p], 1e-6 * 4, "node " + p);
        }
        assertTrue(factor < 0.6, "the check must see the damping, factor " + factor);
    }

    /**
     * With (almost) no viscosity the quasi-inverse undoes a strongly nonlinear, forced flow (Kolmogorov
     * forcing -4 cos 4y; a wrong sign of the forcing or of a negation would not cancel): from omega(T) of
     * three interacting modes, more than 0.2 away from omega0 in relative L2, it returns omega0 to within
     * 1e-3, limited by the time stepping.
     */
    @Test
    void undoesAnInviscidFlow() {
        Grid2D grid = Grid2D.periodic(32, 2 * Math.PI);
        NavierStokes2D eq = new NavierStokes2D(grid, 1e-9, Forcing.kolmogorov(), Dealiasing.CIRCULAR);
        double[] omega0 = new double[grid.size()];
        for (int i = 0; i < 32; i++) {
            for (int j = 0; j < 32; j++) {
                double x = 2 * Math.PI * i / 32;
                double y = 2 * Math.PI * j / 32;
                omega0[i * 32 + j] = 3 * Math.cos(x + y) + 2 * Math.sin(2 * x - y) + Math.cos(3 * y + 0.5);
            }
        }
        double t = 0.5;
        double[] omegaT = ImexCrankNicolsonHeun.fixedStep(0.002)
                .integrate(eq, omega0, new double[] {t}, ProgressListener.NONE)[0];
        double moved = FieldStatistics.relativeL2(omegaT, omega0);
        double back = FieldStatistics.relativeL2(new VorticityQuasiInverse(eq, t, 0.002).estimate(omegaT), omega0);
        assertTrue(moved > 0.2, "the flow must move the field: omega(T) is " + moved + " from omega0");
        assertTrue(back < 1e-3, "quasi-inverse " + back + " from omega0 (omega(T) " + moved + ")");
    }

    /**
     * ns-inverse's own first guess, on its synthetic case (64 x 64, readings every 2nd node): present with
     * the problem's model even behind a counting wrapper, closer to omega0 than the prior's mean (the zero
     * field, relative L2 1), and closer than the interpolated readings taken as omega0; empty for readings at
     * random places.
     */
    @Test
    void nsInverseStartsFromTheQuasiInverse() {
        NavierStokesInverse definition = new NavierStokesInverse();
        InverseProblem problem = definition.synthetic(definition.defaultSettings());
        double[] truth = problem.truth();
        InverseProblem counted = new InverseProblem(
                problem.name(), new CountingForwardModel(problem.forward()), problem.observations(), truth);
        Optional<double[]> guess = definition.firstGuess(counted);
        assertTrue(guess.isPresent(), "a first guess for readings every 2nd node");
        double error = FieldStatistics.relativeL2(guess.get(), truth);
        GridSubsampling op = new GridSubsampling(definition.grid(64), 2);
        double naive = FieldStatistics.relativeL2(
                VorticityQuasiInverse.interpolate(op, problem.observations().values()), truth);
        assertTrue(error < 0.9 && error < naive, "quasi-inverse " + error + ", interpolated readings " + naive);
        Grid2D grid = definition.grid(64);
        Readings places = definition.readings(
                grid,
                Map.of(NavierStokesForwardModel.FIELD, truth),
                new ReadingPlan(50, 2, 0.0),
                new SplittableRandom(1));
        InverseProblem scattered = definition.formulate(
                Formulation.UNKNOWN,
                grid,
                places.operator(),
                places.observations(),
                Map.of(NavierStokesForwardModel.FIELD, truth));
        assertTrue(definition.firstGuess(scattered).isEmpty(), "no first guess from readings at random places");
        ((NavierStokesModel) scattered.forward()).close();
        ((NavierStokesModel) problem.forward()).close();
    }
}
