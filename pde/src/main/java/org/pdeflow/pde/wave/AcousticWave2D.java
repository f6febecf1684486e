package org.pdeflow.pde.wave;

import java.util.Arrays;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * The 2D constant-density acoustic wave equation with variable velocity, the forward model of
 * seismic full-waveform inversion:
 *
 * <pre>
 *   u_tt + sigma(x, y) u_t = c(x, y)^2 (u_xx + u_yy) + sum_s w_s(t) delta(x - x_s, y - y_s)
 * </pre>
 *
 * on the rectangle [0, lx] x [0, ly] of a {@link Layout#NODE} grid, in SI units: coordinates and
 * spacings in m, c in m/s, t in s, sigma in 1/s. The damping sigma is zero inside the model and
 * non-zero only in an optional sponge added outside it (see {@link AbsorbingLayer}); without a
 * sponge the boundary is rigid, u = 0 on the model edge.
 *
 * <p>Space is discretised by the second-order 5-point Laplacian on the node grid (extended by the
 * sponge padding), which is what {@link LeapfrogIntegrator} and {@link WaveMethodOfLinesIntegrator}
 * both integrate. This class holds the problem only (grid, velocity, boundary) and is immutable,
 * hence safe to share between threads.
 *
 * <p>Fields given to and returned by the integrators live on the user's grid: {@code double[]} of
 * length {@code nx * ny}, value at (x_i, y_j) at index {@code i * ny + j}.
 */
public final class AcousticWave2D {

    private final Grid2D grid;
    private final double[] velocity;
    private final AbsorbingLayer boundary;

    private final int pad;
    private final int pnx;
    private final int pny;
    private final double dx;
    private final double dy;
    private final double maxVelocity;
    /** c^2 on the padded grid. */
    private final double[] c2;
    /** sigma on the padded grid, or null for a rigid boundary. */
    private final double[] sigma;

    /**
     * @param grid node grid of the model (Layout.NODE, nx, ny &gt;= 3), lengths in m
     * @param velocity wave speed c in m/s on the grid, length nx * ny, row-major (index i * ny + j),
     *        every value finite and &gt; 0; copied
     * @param boundary rigid ({@link AbsorbingLayer#NONE}) or a sponge added outside the model
     */
    public AcousticWave2D(Grid2D grid, double[] velocity, AbsorbingLayer boundary) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        if (grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException(
                    "the wave solver needs a NODE grid (boundary nodes included), got " + grid.layout());
        }
        if (grid.nx() < 3 || grid.ny() < 3) {
            throw new IllegalArgumentException(
                    "the wave solver needs at least 3 x 3 nodes, got " + grid.nx() + " x " + grid.ny());
        }
        if (velocity == null || velocity.length != grid.size()) {
            throw new IllegalArgumentException("velocity must have nx * ny = " + grid.size() + " values, got "
                    + (velocity == null ? "null" : velocity.length));
        }
        if (boundary == null) {
            throw new IllegalArgumentException("boundary is required (AbsorbingLayer.NONE for a rigid boundary)");
        }
        double cmax = 0;
        for (int k = 0; k < velocity.length; k++) {
            double c = velocity[k];
            if (!(c > 0) || Double.isInfinite(c)) {
                throw new IllegalArgumentException("velocity must be finite and > 0 m/s everywhere, got " + c
                        + " at node (" + k / grid.ny() + ", " + k % grid.ny() + ")");
            }
            cmax = Math.max(cmax, c);
        }
        this.grid = grid;
        this.velocity = velocity.clone();
        this.boundary = boundary;
        this.pad = boundary.width();
        this.pnx = grid.nx() + 2 * pad;
        this.pny = grid.ny() + 2 * pad;
        this.dx = grid.dx();
        this.dy = grid.dy();
        this.maxVelocity = cmax;
        this.c2 = new double[pnx * pny];
        this.sigma = pad == 0 ? null : new double[pnx * pny];
        fillPaddedCoefficients();
    }

    /** Homogeneous medium: constant velocity {@code c} (m/s) on the whole grid. */
    public static AcousticWave2D homogeneous(Grid2D grid, double c, AbsorbingLayer boundary) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        double[] v = new double[grid.size()];
        Arrays.fill(v, c);
        return new AcousticWave2D(grid, v, boundary);
    }

    private void fillPaddedCoefficients() {
        int nx = grid.nx();
        int ny = grid.ny();
        for (int pi = 0; pi < pnx; pi++) {
            int i = Math.min(Math.max(pi - pad, 0), nx - 1);
            int dxCells = Math.max(pad - pi, pi - (pad + nx - 1));
            for (int pj = 0; pj < pny; pj++) {
                int j = Math.min(Math.max(pj - pad, 0), ny - 1);
                int k = pi * pny + pj;
                double c = velocity[i * ny + j];
                c2[k] = c * c;
                if (sigma != null) {
                    int dyCells = Math.max(pad - pj, pj - (pad + ny - 1));
                    sigma[k] = ramp(dxCells, c, dx) + ramp(dyCells, c, dy);
                }
            }
        }
    }

    /** sigma of one axis, 3 S c / (W h) (d / W)^2 for d cells into the layer (see {@link AbsorbingLayer}). */
    private double ramp(int cells, double c, double h) {
        if (cells <= 0) {
            return 0.0;
        }
        double s = (double) cells / pad;
        return 3.0 * boundary.strength() * c / (pad * h) * s * s;
    }

    /** The model grid. */
    public Grid2D grid() {
        return grid;
    }

    /** A copy of the velocity c (m/s) on the model grid, row-major. */
    public double[] velocity() {
        return velocity.clone();
    }

    /** The boundary treatment. */
    public AbsorbingLayer boundary() {
        return boundary;
    }

    /** Largest velocity of the model, m/s. */
    public double maxVelocity() {
        return maxVelocity;
    }

    /**
     * The CFL limit of the leapfrog scheme, {@code 1 / (c_max sqrt(1/dx^2 + 1/dy^2))} in s, which is
     * {@code h / (c_max sqrt 2)} for square cells: the von Neumann bound for the 5-point Laplacian,
     * since the largest eigenvalue of -c^2 Lap_h is below {@code 4 c_max^2 (1/dx^2 + 1/dy^2)} and
     * leapfrog is stable when {@code dt^2 lambda_max / 4 <= 1}.
     */
    public double stableTimeStep() {
        return 1.0 / (maxVelocity * Math.sqrt(1.0 / (dx * dx) + 1.0 / (dy * dy)));
    }

    // ---- discretisation internals shared by the integrators (padded grid) ----

    /** Padding cells on each side. */
    int pad() {
        return pad;
    }

    /** Padded node count along x. */
    int paddedNx() {
        return pnx;
    }

    /** Padded node count along y. */
    int paddedNy() {
        return pny;
    }

    /** c^2 on the padded grid (not a copy: do not modify). */
    double[] paddedVelocitySquared() {
        return c2;
    }

    /** sigma on the padded grid (not a copy: do not modify), or null when the boundary is rigid. */
    double[] paddedDamping() {
        return sigma;
    }

    /** Copies a model-grid field into the model region of a padded field (padding left untouched). */
    void embed(double[] model, double[] padded) {
        int nx = grid.nx();
        int ny = grid.ny();
        for (int i = 0; i < nx; i++) {
            System.arraycopy(model, i * ny, padded, (i + pad) * pny + pad, ny);
        }
    }

    /** Copies the model region of a padded field into a new model-grid field. */
    double[] extract(double[] padded) {
        int nx = grid.nx();
        int ny = grid.ny();
        double[] out = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            System.arraycopy(padded, (i + pad) * pny + pad, out, i * ny, ny);
        }
        return out;
    }

    /**
     * Bilinear stencil of the point (x, y) on the padded grid: the 4 nodes of the enclosing cell and
     * their weights (summing to 1). Nodes on the outer (Dirichlet) edge of the padded grid are left
     * out, since u is fixed to 0 there.
     *
     * @param what "source" or "receiver", for the error message
     */
    PointStencil stencil(double x, double y, String what) {
        double lx = grid.lx();
        double ly = grid.ly();
        double tol = 1e-9;
        if (x < -tol * lx || x > lx * (1 + tol) || y < -tol * ly || y > ly * (1 + tol)) {
            throw new IllegalArgumentException(
                    what + " at (" + x + ", " + y + ") m lies outside the model [0, " + lx + "] x [0, " + ly + "] m");
        }
        double fx = Math.min(Math.max(x / dx, 0.0), grid.nx() - 1.0);
        double fy = Math.min(Math.max(y / dy, 0.0), grid.ny() - 1.0);
        int i0 = Math.min((int) Math.floor(fx), grid.nx() - 2);
        int j0 = Math.min((int) Math.floor(fy), grid.ny() - 2);
        double tx = fx - i0;
        double ty = fy - j0;
        int[] idx = new int[4];
        double[] w = new double[4];
        int n = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                int pi = i0 + a + pad;
                int pj = j0 + b + pad;
                double weight = (a == 0 ? 1 - tx : tx) * (b == 0 ? 1 - ty : ty);
                boolean dirichlet = pi == 0 || pj == 0 || pi == pnx - 1 || pj == pny - 1;
                if (!dirichlet && weight != 0.0) {
                    idx[n] = pi * pny + pj;
                    w[n] = weight;
                    n++;
                }
            }
        }
        return new PointStencil(Arrays.copyOf(idx, n), Arrays.copyOf(w, n));
    }

    /** Bilinear weights of a point on the padded grid (nodes with zero weight or on the Dirichlet edge left out). */
    record PointStencil(int[] index, double[] weight) {

        /** Weighted sum of the field at the stencil nodes. */
        double interpolate(double[] field) {
            double s = 0;
            for (int m = 0; m < index.length; m++) {
                s += weight[m] * field[index[m]];
            }
            return s;
        }
    }
}
