package org.pdeflow.inverse.problem;

import java.util.Arrays;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Pushes posterior samples of a Darcy permeability through the reference solver: each sample a_k
 * is projected onto two phases (or clipped below at a floor) and {@code -div(a_k grad u_k) = f},
 * u_k = 0 on the boundary, is solved with {@link DarcySolver}. The u_k are samples of the pressure
 * under the posterior of a, consistent with the PDE to the solver's precision — unlike the u channel
 * of a joint (a, u) prior, which satisfies the equation only as well as the prior was trained.
 *
 * <p>This is how a generative reconstruction of a is turned into an answer for u in
 * DiffusionPDE's "forward" Darcy problem (a seen at a few points, u wanted) when the joint prior's
 * own u is not trusted, and how the classical baselines (which reconstruct a only) answer it.
 */
public final class DarcyPushForward {

    private final DarcySolver solver;
    private final TwoPhaseCoefficient phases;
    private final double floor;
    private final double source;

    /**
     * Projects every sample onto two phases before solving.
     *
     * @param grid the node grid of a and u
     * @param phases the two phases a sample is projected onto
     * @param source the constant right-hand side f (1 for the FNO Darcy data)
     */
    public DarcyPushForward(Grid2D grid, TwoPhaseCoefficient phases, double source) {
        this(grid, phases, Double.NaN, source);
        if (phases == null) {
            throw new IllegalArgumentException(
                    "phases are required; use the floor constructor to solve samples as they are");
        }
    }

    /**
     * Solves with every sample as it is, clipped below at {@code floor} (samples of a continuous
     * prior may stray below zero, where the equation is not elliptic).
     *
     * @param grid the node grid of a and u
     * @param floor the smallest permeability passed to the solver, positive
     * @param source the constant right-hand side f
     */
    public DarcyPushForward(Grid2D grid, double floor, double source) {
        this(grid, null, floor, source);
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the permeability floor must be positive and finite, got " + floor);
        }
    }

    private DarcyPushForward(Grid2D grid, TwoPhaseCoefficient phases, double floor, double source) {
        this.solver = new DarcySolver(grid);
        this.phases = phases;
        this.floor = floor;
        this.source = source;
    }

    /**
     * The pressure of every sample.
     *
     * @param aSamples permeability samples, each of length grid.size(), row-major
     * @return pressure samples, same shape
     */
    public double[][] pressures(double[][] aSamples) {
        double[][] u = new double[aSamples.length][];
        double[] f = null;
        for (int k = 0; k < aSamples.length; k++) {
            double[] a = phases != null ? phases.project(aSamples[k]) : clipped(aSamples[k]);
            if (f == null) {
                f = new double[a.length];
                Arrays.fill(f, source);
            }
            u[k] = solver.solve(a, f);
        }
        return u;
    }

    private double[] clipped(double[] a) {
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = Math.max(a[i], floor);
        }
        return p;
    }
}
