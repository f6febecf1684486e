package org.pdeflow.inverse.problem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;

class TwoPhaseCoefficientTest {

    private final TwoPhaseCoefficient phases = TwoPhaseCoefficient.FNO_DARCY;

    @Test
    void errorRateCountsFlippedNodes() {
        double[] truth = new DarcyCoefficient(32).sample(new SplittableRandom(1));
        double[] estimate = truth.clone();
        SplittableRandom rng = new SplittableRandom(2);
        int flipped = 0;
        for (int i = 0; i < estimate.length; i++) {
            if (rng.nextDouble() < 0.1) {
                estimate[i] = estimate[i] > 7.5 ? 7.4 : 7.6;
                flipped++;
            } else {
                // Moved within its own phase: 12 -> (8, 16), 3 -> (3, 7.4).
                estimate[i] += estimate[i] > 7.5 ? rng.nextDouble(-4.0, 4.0) : rng.nextDouble(0.0, 4.4);
            }
        }
        assertEquals((double) flipped / truth.length, phases.errorRate(estimate, truth), 0.0);
        // Projection keeps the phase of every node, so the rate is unchanged by it.
        assertEquals(phases.errorRate(estimate, truth), phases.errorRate(phases.project(estimate), truth), 0.0);
    }

    @Test
    void projectedRelativeL2FollowsFromTheErrorRate() {
        // |P(x) - a|^2 = p n (high - low)^2 exactly for a two-phase truth, so the relative L2 error of
        // a projected estimate is (high - low) sqrt(p n) / |a|: an identity, independent of the code.
        double[] truth = new DarcyCoefficient(32).sample(new SplittableRandom(3));
        double[] guess = new DarcyCoefficient(32).sample(new SplittableRandom(4));
        double p = phases.errorRate(guess, truth);
        double[] projected = phases.project(guess);
        double num = 0;
        double den = 0;
        for (int i = 0; i < truth.length; i++) {
            num += (projected[i] - truth[i]) * (projected[i] - truth[i]);
            den += truth[i] * truth[i];
        }
        assertEquals(9.0 * Math.sqrt(p * truth.length / den), Math.sqrt(num / den), 1e-12);
    }

    @Test
    void pushForwardOfAUniformPhaseScalesTheUnitSolution() {
        // -div(c grad u) = 1 has u = u_1 / c, with u_1 the solution for a = 1.
        Grid2D grid = Grid2D.nodes(17, 1.0);
        double[] unit = new DarcySolver(grid).solve(filled(grid.size(), 1.0));
        double[][] u = new DarcyPushForward(grid, phases, 1.0)
                .pressures(new double[][] {filled(grid.size(), 9.0), filled(grid.size(), 6.0)});
        for (int i = 0; i < unit.length; i++) {
            assertEquals(unit[i] / 12.0, u[0][i], 1e-14);
            assertEquals(unit[i] / 3.0, u[1][i], 1e-14);
        }
    }

    @Test
    void pushForwardOfANoisyTruthIsTheTruePressure() {
        Grid2D grid = Grid2D.nodes(33, 1.0);
        double[] a = new DarcyCoefficient(33).sample(new SplittableRandom(5));
        double[] noisy = a.clone();
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += rng.nextDouble(-1.0, 1.0);
        }
        double[] expected = new DarcySolver(grid).solve(a);
        assertArrayEquals(
                expected, new DarcyPushForward(grid, phases, 1.0).pressures(new double[][] {noisy})[0], 1e-14);
    }

    @Test
    void pushForwardWithAFloorSolvesTheClippedSample() {
        Grid2D grid = Grid2D.nodes(17, 1.0);
        double[] a = new DarcyCoefficient(17).sample(new SplittableRandom(7));
        double[] sample = a.clone();
        sample[5 * 17 + 5] = -2.0;
        double[] clipped = sample.clone();
        clipped[5 * 17 + 5] = 0.3;
        assertArrayEquals(
                new DarcySolver(grid).solve(clipped),
                new DarcyPushForward(grid, 0.3, 1.0).pressures(new double[][] {sample})[0],
                0.0);
        assertThrows(IllegalArgumentException.class, () -> new DarcyPushForward(grid, 0.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DarcyPushForward(grid, (TwoPhaseCoefficient) null, 1.0));
    }

    @Test
    void rejectsBadPhases() {
        assertThrows(IllegalArgumentException.class, () -> new TwoPhaseCoefficient(3.0, 3.0));
        assertThrows(IllegalArgumentException.class, () -> phases.errorRate(new double[2], new double[3]));
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }
}
