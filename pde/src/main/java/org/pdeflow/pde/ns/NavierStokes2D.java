package org.pdeflow.pde.ns;

import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.spectral.RealFft2D;

/**
 * Two-dimensional incompressible Navier-Stokes equations in vorticity form on a periodic rectangle
 * [0, lx) x [0, ly):
 * <pre>
 *   dω/dt + u·∇ω = ν Δω + f,     u = (∂ψ/∂y, -∂ψ/∂x),     -Δψ = ω,
 * </pre>
 * with vorticity ω = ∂v/∂x - ∂u/∂y (per unit time), stream function ψ, velocity u = (u, v)
 * (length per unit time), kinematic viscosity ν (length² per unit time) and a time-independent
 * forcing f. The mean of ω is not affected by the flow (only by the mean of f); ψ and u are
 * computed from ω without its mean, as on a periodic domain they must be.
 *
 * <p>Discretisation: Fourier pseudo-spectral (Canuto, Hussaini, Quarteroni &amp; Zang,
 * <i>Spectral Methods: Fundamentals in Single Domains</i>, 2006, ch. 3): the state is the set of
 * Fourier coefficients of ω on a {@link Layout#PERIODIC} grid ({@code x_i = i lx / nx}, even
 * {@code nx}, {@code ny}); derivatives and the Poisson solve are exact diagonal operations; the
 * product u·∇ω is formed on the grid from velocity and gradient restricted to the modes kept by
 * the {@link Dealiasing} rule, and its transform is restricted to those modes again. Modes outside
 * the rule therefore evolve by viscosity and forcing alone. First derivatives of the Nyquist modes
 * are set to zero (they are not defined for a real field).
 *
 * <p>Fields are {@code double[]} of length {@code nx * ny}, row-major with x along the first axis.
 *
 * <p>Thread safety: instances are immutable and may be shared by any number of threads. The
 * transforms and work buffers live in {@link VorticityOperator}s, one per thread, made by
 * {@link #newOperator()}; the diagnostic methods make their own.
 */
public final class NavierStokes2D {

    private final Grid2D grid;
    private final double viscosity;
    private final Forcing forcing;
    private final Dealiasing dealiasing;
    private final double[] forcingValues;

    // Per complex coefficient e = r * (ny/2 + 1) + s of the half spectrum (see RealFft2D).
    private final double[] kx;
    private final double[] ky;
    private final double[] kSquared;
    private final double[] inverseKSquared;
    private final double[] mask;
    private final int lastRetainedColumn;
    private final double[] forcingSpectrum;

    /**
     * Builds the equation with the per-axis 2/3 dealiasing rule.
     *
     * @see #NavierStokes2D(Grid2D, double, Forcing, Dealiasing)
     */
    public NavierStokes2D(Grid2D grid, double viscosity, Forcing forcing) {
        this(grid, viscosity, forcing, Dealiasing.BOX_TWO_THIRDS);
    }

    /**
     * Builds the equation.
     *
     * @param grid periodic grid ({@link Layout#PERIODIC}) with even {@code nx, ny >= 4}
     * @param viscosity kinematic viscosity ν &gt;= 0 (ν = 1/Re in units where the forcing scale is 1)
     * @param forcing body force f, evaluated once on the grid
     * @param dealiasing which modes the nonlinear term keeps
     */
    public NavierStokes2D(Grid2D grid, double viscosity, Forcing forcing, Dealiasing dealiasing) {
        if (grid == null || forcing == null || dealiasing == null) {
            throw new IllegalArgumentException("grid, forcing and dealiasing rule are required");
        }
        if (grid.layout() != Layout.PERIODIC) {
            throw new IllegalArgumentException("Navier-Stokes needs a PERIODIC grid, got " + grid.layout());
        }
        if (grid.nx() < 4 || grid.ny() < 4 || grid.nx() % 2 != 0 || grid.ny() % 2 != 0) {
            throw new IllegalArgumentException(
                    "grid sizes must be even and at least 4, got " + grid.nx() + " x " + grid.ny());
        }
        if (!(viscosity >= 0) || Double.isInfinite(viscosity)) {
            throw new IllegalArgumentException("viscosity must be finite and non-negative, got " + viscosity);
        }
        this.grid = grid;
        this.viscosity = viscosity;
        this.forcing = forcing;
        this.dealiasing = dealiasing;
        this.forcingValues = forcing.values(grid);
        if (forcingValues.length != grid.size()) {
            throw new IllegalArgumentException(
                    "forcing returned " + forcingValues.length + " values for " + grid.size() + " points");
        }

        int nx = grid.nx();
        int ny = grid.ny();
        int columns = ny / 2 + 1;
        int count = nx * columns;
        kx = new double[count];
        ky = new double[count];
        kSquared = new double[count];
        inverseKSquared = new double[count];
        mask = new double[count];
        double baseX = 2 * Math.PI / grid.lx();
        double baseY = 2 * Math.PI / grid.ly();
        int lastColumn = 0;
        for (int r = 0; r < nx; r++) {
            int m1 = RealFft2D.signedMode(r, nx);
            for (int s = 0; s < columns; s++) {
                int e = r * columns + s;
                double wx = baseX * m1;
                double wy = baseY * s;
                kx[e] = 2 * r == nx ? 0.0 : wx;
                ky[e] = 2 * s == ny ? 0.0 : wy;
                kSquared[e] = wx * wx + wy * wy;
                inverseKSquared[e] = e == 0 ? 0.0 : 1.0 / kSquared[e];
                if (dealiasing.retains(m1, s, nx, ny)) {
                    mask[e] = 1.0;
                    lastColumn = Math.max(lastColumn, s);
                }
            }
        }
        this.lastRetainedColumn = lastColumn;
        RealFft2D fft = new RealFft2D(nx, ny);
        this.forcingSpectrum = new double[fft.spectrumLength()];
        fft.forward(forcingValues, forcingSpectrum);
    }

    /** The grid. */
    public Grid2D grid() {
        return grid;
    }

    /** Kinematic viscosity ν. */
    public double viscosity() {
        return viscosity;
    }

    /** The forcing as given. */
    public Forcing forcing() {
        return forcing;
    }

    /** The dealiasing rule of the nonlinear term. */
    public Dealiasing dealiasing() {
        return dealiasing;
    }

    /** The forcing on the grid (a copy), length {@code grid.size()}. */
    public double[] forcingValues() {
        return forcingValues.clone();
    }

    /** A new evaluator of the right-hand side with its own transforms and buffers, for one thread. */
    public VorticityOperator newOperator() {
        return new VorticityOperator(this);
    }

    /**
     * Stream function ψ solving {@code -Δψ = ω - mean(ω)} with zero mean.
     *
     * @param omega vorticity on the grid, length {@code grid.size()}
     * @return ψ on the grid
     */
    public double[] streamFunction(double[] omega) {
        RealFft2D fft = new RealFft2D(grid.nx(), grid.ny());
        double[] hat = transform(fft, omega);
        for (int e = 0; e < inverseKSquared.length; e++) {
            hat[2 * e] *= inverseKSquared[e];
            hat[2 * e + 1] *= inverseKSquared[e];
        }
        double[] psi = new double[grid.size()];
        fft.inverse(hat, psi);
        return psi;
    }

    /**
     * Velocity {@code u = ∂ψ/∂y, v = -∂ψ/∂x} of a vorticity field (all its modes, no dealiasing).
     *
     * @param omega vorticity on the grid, length {@code grid.size()}
     * @return {@code {u, v}}, each of length {@code grid.size()}
     */
    public double[][] velocity(double[] omega) {
        RealFft2D fft = new RealFft2D(grid.nx(), grid.ny());
        double[] hat = transform(fft, omega);
        double[] uHat = new double[hat.length];
        double[] vHat = new double[hat.length];
        for (int e = 0; e < inverseKSquared.length; e++) {
            double re = hat[2 * e] * inverseKSquared[e];
            double im = hat[2 * e + 1] * inverseKSquared[e];
            uHat[2 * e] = -ky[e] * im;
            uHat[2 * e + 1] = ky[e] * re;
            vHat[2 * e] = kx[e] * im;
            vHat[2 * e + 1] = -kx[e] * re;
        }
        double[] u = new double[grid.size()];
        double[] v = new double[grid.size()];
        fft.inverse(uHat, u);
        fft.inverse(vHat, v);
        return new double[][] {u, v};
    }

    /**
     * Kinetic energy {@code E = ½ ∫ |u|² dx dy} (rectangle rule, spectrally accurate on the periodic grid).
     *
     * @param omega vorticity on the grid
     * @return E in length⁴ per time² (area times velocity squared)
     */
    public double kineticEnergy(double[] omega) {
        double[][] uv = velocity(omega);
        double sum = 0;
        for (int p = 0; p < uv[0].length; p++) {
            sum += uv[0][p] * uv[0][p] + uv[1][p] * uv[1][p];
        }
        return 0.5 * sum * grid.cellArea();
    }

    /**
     * Enstrophy {@code Z = ½ ∫ ω² dx dy} (rectangle rule).
     *
     * @param omega vorticity on the grid
     * @return Z
     */
    public double enstrophy(double[] omega) {
        checkField(omega);
        double sum = 0;
        for (double w : omega) {
            sum += w * w;
        }
        return 0.5 * sum * grid.cellArea();
    }

    /**
     * Largest speed {@code max |u|} over the grid points, the velocity scale of the CFL condition.
     *
     * @param omega vorticity on the grid
     * @return max over grid points of sqrt(u² + v²)
     */
    public double maxSpeed(double[] omega) {
        double[][] uv = velocity(omega);
        double max = 0;
        for (int p = 0; p < uv[0].length; p++) {
            max = Math.max(max, uv[0][p] * uv[0][p] + uv[1][p] * uv[1][p]);
        }
        return Math.sqrt(max);
    }

    /**
     * An upper bound on the root-mean-square vorticity fluctuation {@code rms(ω - mean ω)} for the
     * whole run from {@code omega0} to {@code endTime}, valid for the exact solution of the
     * semi-discrete (Fourier-Galerkin) equations.
     *
     * <p>Energy estimate: with ω' = ω - mean(ω), the advection term drops out of
     * {@code ½ d/dt ||ω'||² = -ν ||∇ω'||² + (f', ω')} (it only moves ω around:
     * {@code ∫ ω' u·∇ω' = 0} for divergence-free u, and the 2/3-rule product is the exact Galerkin
     * projection; modes outside the rule see no advection at all), and
     * {@code ||∇ω'|| >= k_min ||ω'||} with {@code k_min = 2π / max(lx, ly)}, so
     * {@code d||ω'||/dt <= -ν k_min² ||ω'|| + ||f'||}, hence
     * <pre>
     *   rms ω'(t) <= min( max(rms ω'(0), rms f' / (ν k_min²)),  rms ω'(0) + t rms f' ).
     * </pre>
     * Without forcing the fluctuation can only decay (with ν = 0 it is conserved). The circular
     * dealiasing rule is not exactly alias-free at the box corners, so there the estimate holds up to
     * the aliasing error; callers leave a margin.
     *
     * @param omega0 initial vorticity on the grid
     * @param endTime the last time of the run, &gt;= 0
     * @return the bound, in vorticity units (per time)
     */
    public double fluctuationBound(double[] omega0, double endTime) {
        checkField(omega0);
        double w0 = rmsAboutMean(omega0);
        double f = rmsAboutMean(forcingValues);
        double kMin = 2 * Math.PI / Math.max(grid.lx(), grid.ly());
        double w = w0 + Math.max(0, endTime) * f;
        if (viscosity > 0) {
            w = Math.min(w, Math.max(w0, f / (viscosity * kMin * kMin)));
        }
        return w;
    }

    private static double rmsAboutMean(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / v.length);
    }

    private double[] transform(RealFft2D fft, double[] field) {
        checkField(field);
        double[] hat = new double[fft.spectrumLength()];
        fft.forward(field, hat);
        return hat;
    }

    void checkField(double[] field) {
        if (field == null || field.length != grid.size()) {
            throw new IllegalArgumentException("vorticity field must have " + grid.size() + " values for a " + grid.nx()
                    + " x " + grid.ny() + " grid, got " + (field == null ? "null" : field.length));
        }
    }

    // Tables shared read-only with the operators and integrators of this package.

    double[] kx() {
        return kx;
    }

    double[] ky() {
        return ky;
    }

    double[] kSquared() {
        return kSquared;
    }

    double[] inverseKSquared() {
        return inverseKSquared;
    }

    double[] mask() {
        return mask;
    }

    int lastRetainedColumn() {
        return lastRetainedColumn;
    }

    double[] forcingSpectrum() {
        return forcingSpectrum;
    }
}
