package org.pdeflow.inverse.classical;

import org.jtransforms.fft.DoubleFFT_2D;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * The quasi-inverse first guess of the initial vorticity from the vorticity at time T: the equation
 * integrated backwards in time with its viscous term kept dissipative (the "quasi-inverse" of
 * Pu, Kalnay, Sela &amp; Szunyogh, Mon. Wea. Rev. 125, 1997, and Kalnay, Park, Pu &amp; Gao, Mon. Wea.
 * Rev. 128, 2000, who use it to start and to replace variational assimilation). For 2-D vorticity
 * <pre>
 *   d omega / dt = -u(omega) . grad omega + nu lap omega + f,   u(omega) = grad^perp (-lap)^-1 omega,
 * </pre>
 * with a forcing f that does not depend on time, the backward integration with the sign of the viscous
 * term flipped, {@code db/ds = u(b) . grad b + nu lap b - f} from {@code b(0) = omega(T)}, is a forward
 * one of {@code c = -b} (u is linear in omega, so {@code u(b) . grad b = u(c) . grad c}):
 * <pre>
 *   omega0 ~ b(T) = -Phi_T(-omega(T)),   Phi_T the equation's own flow map over [0, T].
 * </pre>
 * It undoes the advection and the forcing exactly in the inviscid limit and damps each Fourier mode k
 * once more by {@code exp(-nu |k|^2 T)} instead of amplifying it, so it is stable and smooth; a single
 * unforced Fourier mode comes back as {@code exp(-2 nu |k|^2 T)} times itself. One solve, no gradient.
 *
 * <p>Readings on every k-th node ({@link GridSubsampling}) are first brought to the grid by
 * trigonometric interpolation: the coarse field's discrete Fourier coefficients zero-padded to the fine
 * grid, a coefficient at the coarse Nyquist wavenumber of an even size split evenly between +N/2 and
 * -N/2, so the result passes through every reading and a field with no energy at or above the coarse
 * Nyquist wavenumber is recovered exactly. The flow map is the pure-Java float64 IMEX
 * Crank-Nicolson/Heun integrator with a fixed step ({@link ImexCrankNicolsonHeun#fixedStep}), the scheme
 * of ns-inverse's forward model.
 */
public final class VorticityQuasiInverse {

    private final NavierStokes2D equation;
    private final double endTime;
    private final ImexCrankNicolsonHeun integrator;

    /**
     * @param equation the equation (periodic grid, viscosity, forcing, dealiasing)
     * @param endTime T &gt; 0, the time of the readings
     * @param step the fixed time step, &gt; 0
     */
    public VorticityQuasiInverse(NavierStokes2D equation, double endTime, double step) {
        if (equation == null) {
            throw new IllegalArgumentException("an equation is required");
        }
        if (!(endTime > 0) || Double.isInfinite(endTime)) {
            throw new IllegalArgumentException("the reading time T must be positive and finite, got " + endTime);
        }
        this.equation = equation;
        this.endTime = endTime;
        this.integrator = ImexCrankNicolsonHeun.fixedStep(step);
    }

    /**
     * The first guess from the whole field at time T.
     *
     * @param omegaT omega(T) at the grid's nodes, row-major (not modified)
     * @return {@code -Phi_T(-omegaT)}, a new array
     */
    public double[] estimate(double[] omegaT) {
        Grid2D grid = equation.grid();
        if (omegaT == null || omegaT.length != grid.size()) {
            throw new IllegalArgumentException("omega(T) must have " + grid.size() + " values");
        }
        double[] start = new double[omegaT.length];
        for (int i = 0; i < start.length; i++) {
            start[i] = -omegaT[i];
        }
        double[] end = integrator.integrate(equation, start, new double[] {endTime}, ProgressListener.NONE)[0];
        for (int i = 0; i < end.length; i++) {
            end[i] = -end[i];
        }
        return end;
    }

    /**
     * The first guess from readings of omega(T) on every k-th node.
     *
     * @param operator the subsampling that made the readings, on the equation's grid; k must divide
     *     both grid sizes
     * @param readings the readings in the operator's order
     * @return the first guess, a new array
     */
    public double[] estimate(GridSubsampling operator, double[] readings) {
        if (!operator.grid().equals(equation.grid())) {
            throw new IllegalArgumentException("the readings must be on the equation's grid " + equation.grid());
        }
        return estimate(interpolate(operator, readings));
    }

    /**
     * Whether {@link #interpolate} takes readings of this subsampling: k divides both grid sizes and
     * leaves at least 2 x 2 readings.
     *
     * @param operator the subsampling
     */
    public static boolean interpolates(GridSubsampling operator) {
        Grid2D grid = operator.grid();
        int k = operator.factor();
        return grid.nx() % k == 0 && grid.ny() % k == 0 && grid.nx() / k >= 2 && grid.ny() / k >= 2;
    }

    /**
     * Trigonometric interpolation of readings on every k-th node to the whole periodic grid.
     *
     * @param operator the subsampling; k must divide both grid sizes, leaving at least 2 x 2 readings
     * @param readings the readings in the operator's order (C order over the coarse nodes)
     * @return the field at every node, a new array, equal to the readings at the read nodes
     */
    public static double[] interpolate(GridSubsampling operator, double[] readings) {
        Grid2D grid = operator.grid();
        int k = operator.factor();
        int nx = grid.nx();
        int ny = grid.ny();
        if (!interpolates(operator)) {
            throw new IllegalArgumentException("interpolation needs a stride that divides the grid into at least 2 x 2 "
                    + "readings, got " + k + " on " + nx + " x " + ny);
        }
        int mx = nx / k;
        int my = ny / k;
        if (readings == null || readings.length != mx * my) {
            throw new IllegalArgumentException("expected " + mx * my + " readings");
        }
        if (k == 1) {
            return readings.clone();
        }
        double[] coarse = new double[2 * mx * my];
        for (int p = 0; p < mx * my; p++) {
            coarse[2 * p] = readings[p];
        }
        new DoubleFFT_2D(mx, my).complexForward(coarse);
        double[] fine = new double[2 * nx * ny];
        for (int a = 0; a < mx; a++) {
            int[] rows = targets(a, mx, nx);
            for (int b = 0; b < my; b++) {
                int[] columns = targets(b, my, ny);
                double weight = 1.0 / (rows.length * columns.length);
                int from = 2 * (a * my + b);
                for (int r : rows) {
                    for (int c : columns) {
                        int to = 2 * (r * ny + c);
                        fine[to] += weight * coarse[from];
                        fine[to + 1] += weight * coarse[from + 1];
                    }
                }
            }
        }
        new DoubleFFT_2D(nx, ny).complexInverse(fine, false);
        double[] out = new double[nx * ny];
        double norm = (double) mx * my;
        for (int p = 0; p < out.length; p++) {
            out[p] = fine[2 * p] / norm;
        }
        return out;
    }

    /**
     * Where the coarse DFT index a (of m) goes on the fine grid of n: its signed wavenumber, or both +m/2
     * and -m/2 for the Nyquist index of an even m (n &gt;= 2m, so they are distinct there).
     */
    private static int[] targets(int a, int m, int n) {
        if (2 * a == m) {
            return new int[] {a, n - a};
        }
        int signed = a < (m + 1) / 2 ? a : a - m;
        return new int[] {Math.floorMod(signed, n)};
    }
}
