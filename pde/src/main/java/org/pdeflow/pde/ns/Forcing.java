package org.pdeflow.pde.ns;

import org.pdeflow.pde.grid.Grid2D;

/**
 * A time-independent body force f(x, y) on the right-hand side of the vorticity equation
 * {@code dω/dt + u·∇ω = ν Δω + f} (units of vorticity per unit time).
 *
 * <p>y is the coordinate of the second array axis: {@code f[grid.index(i, j)] = f(x_i, y_j)}.
 * For the standard set-ups with their domain length and viscosity see {@link NavierStokesPreset}.
 */
public interface Forcing {

    /**
     * The forcing sampled on a grid.
     *
     * @param grid the grid (its coordinates {@code x(i)}, {@code y(j)} are used)
     * @return a new array of length {@code grid.size()}, row-major with x along the first axis
     */
    double[] values(Grid2D grid);

    /** Kolmogorov forcing {@code f = -4 cos(4 y)}, meant for L = 2π (InverseBench, Zheng et al. 2025). */
    static Forcing kolmogorov() {
        return new AnalyticForcing("kolmogorov: -4 cos(4y)", (x, y) -> -4.0 * Math.cos(4.0 * y));
    }

    /**
     * {@code f = 0.1 (sin 2π(x+y) + cos 2π(x+y))}, meant for L = 1: the forcing of the Navier-Stokes
     * data of Li et al. (2021), "Fourier neural operator for parametric PDEs", also used by DiffusionPDE.
     */
    static Forcing li2021() {
        return new AnalyticForcing("li2021: 0.1 (sin 2π(x+y) + cos 2π(x+y))", (x, y) -> {
            double a = 2.0 * Math.PI * (x + y);
            return 0.1 * (Math.sin(a) + Math.cos(a));
        });
    }

    /** No forcing, f = 0 (decaying flow). */
    static Forcing none() {
        return new AnalyticForcing("none", (x, y) -> 0.0);
    }

    /**
     * A forcing given by its grid values.
     *
     * @param values f(x_i, y_j), row-major; copied, and checked against the grid's size when used
     * @return the forcing
     */
    static Forcing field(double[] values) {
        if (values == null) {
            throw new IllegalArgumentException("forcing values are required");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("forcing values must be finite");
            }
        }
        return new FieldForcing(values.clone());
    }
}
