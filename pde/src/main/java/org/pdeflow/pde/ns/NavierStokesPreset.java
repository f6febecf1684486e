package org.pdeflow.pde.ns;

import org.pdeflow.pde.grid.Grid2D;

/**
 * Standard forced-flow set-ups from the literature: a forcing with the domain length and viscosity
 * it was published with. {@code NavierStokesPreset.KOLMOGOROV.equation(128)} builds the whole problem.
 */
public enum NavierStokesPreset {

    /**
     * Kolmogorov flow {@code f = -4 cos(4y)} on [0, 2π)², ν = 1/Re with Re = 200: the Navier-Stokes
     * task of InverseBench (Zheng et al. 2025, "InverseBench: benchmarking plug-and-play diffusion
     * priors for inverse problems in physical sciences").
     */
    KOLMOGOROV(2 * Math.PI, 1.0 / 200.0, Forcing.kolmogorov()),

    /**
     * {@code f = 0.1 (sin 2π(x+y) + cos 2π(x+y))} on [0, 1)², ν = 1e-3: the Navier-Stokes data of
     * Li et al. (2021, "Fourier neural operator for parametric partial differential equations"),
     * also used by DiffusionPDE (Huang et al. 2024).
     */
    LI2021(1.0, 1e-3, Forcing.li2021());

    private final double domainLength;
    private final double viscosity;
    private final Forcing forcing;

    NavierStokesPreset(double domainLength, double viscosity, Forcing forcing) {
        this.domainLength = domainLength;
        this.viscosity = viscosity;
        this.forcing = forcing;
    }

    /** Side L of the square domain [0, L)². */
    public double domainLength() {
        return domainLength;
    }

    /** Kinematic viscosity ν. */
    public double viscosity() {
        return viscosity;
    }

    /** The forcing. */
    public Forcing forcing() {
        return forcing;
    }

    /** The periodic n x n grid on [0, L)². */
    public Grid2D grid(int n) {
        return Grid2D.periodic(n, domainLength);
    }

    /** The equation on an n x n grid with the per-axis 2/3 dealiasing rule. */
    public NavierStokes2D equation(int n) {
        return equation(n, Dealiasing.BOX_TWO_THIRDS);
    }

    /** The equation on an n x n grid with the given dealiasing rule. */
    public NavierStokes2D equation(int n, Dealiasing dealiasing) {
        return new NavierStokes2D(grid(n), viscosity, forcing, dealiasing);
    }
}
