package org.pdeflow.datasets.measurements;

import java.util.Arrays;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * The observation operator {@code A} that samples a grid field at scattered points by bilinear
 * interpolation: {@code (A u)_k = sum over the 4 nodes (i, j) around point k of w_kij u[i * ny + j]},
 * with the tensor-product weights {@code w = (1 - s_x or s_x) (1 - s_y or s_y)} of the point's
 * fractional position {@code (s_x, s_y)} inside its grid cell (Press et al., Numerical Recipes,
 * 3rd ed., section 3.6, "Interpolation on a grid in multidimensions").
 *
 * <p>The weights are computed once ({@link #nodes()} and {@link #weights()} expose them); {@link #apply}
 * costs 4 multiply-adds per point and {@link #applyTranspose} (the adjoint {@code A^T}, for gradients
 * of a data misfit {@code 1/2 |A u - d|^2}) as much again. Properties, whatever the layout:
 * <ul>
 *   <li>at a grid point the operator returns that point's value exactly (weights 1, 0, 0, 0);
 *   <li>it reproduces every bilinear function {@code a + b x + c y + d x y} exactly (up to
 *       rounding) wherever the 4 nodes used do not wrap around a periodic boundary.
 * </ul>
 * How each {@link Layout} treats the domain {@code [0, lx] x [0, ly]} (per axis, {@code n} points,
 * spacing {@code h}):
 * <ul>
 *   <li>{@code NODE}: the nodes span the whole domain, so every point, boundary included, lies in
 *       a cell; a point on the last node uses the last cell with weight 1 on that node.
 *   <li>{@code PERIODIC}: the cell between {@code x_(n-1) = L - h} and {@code L} interpolates
 *       between node {@code n-1} and node 0 (which is also {@code x = L}).
 *   <li>{@code CELL}: between a wall and the outermost cell centre (a band of width {@code h/2}) the
 *       value is extrapolated linearly from the two outermost centres (weights in [-1/2, 3/2]),
 *       which keeps the exactness for bilinear functions up to the walls. An axis with a single
 *       cell is constant along that axis.
 * </ul>
 */
public final class PointObservation {

    private final Grid2D grid;
    /** For point k, entries 4k .. 4k+3: flat grid indices of the 4 nodes. */
    private final int[] nodes;
    /** For point k, entries 4k .. 4k+3: the bilinear weights of those nodes, summing to 1. */
    private final double[] weights;

    private PointObservation(Grid2D grid, int[] nodes, double[] weights) {
        this.grid = grid;
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * Precomputes the operator for points {@code (x[k], y[k])}.
     *
     * @param grid the grid the fields live on, any layout
     * @param x point coordinates along the first axis, each in {@code [0, lx]}
     * @param y point coordinates along the second axis, each in {@code [0, ly]}
     * @return the operator mapping a field of {@code grid.size()} values to {@code x.length} values
     * @throws IllegalArgumentException when the arrays differ in length or a point is outside the
     *     domain or not finite
     */
    public static PointObservation of(Grid2D grid, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " coordinates, y " + y.length);
        }
        int m = x.length;
        int[] nodes = new int[4 * m];
        double[] weights = new double[4 * m];
        int[] ix = new int[2];
        int[] iy = new int[2];
        for (int k = 0; k < m; k++) {
            if (!(x[k] >= 0 && x[k] <= grid.lx() && y[k] >= 0 && y[k] <= grid.ly())) {
                throw new IllegalArgumentException("point " + k + " (" + x[k] + ", " + y[k]
                        + ") is outside the domain [0, " + grid.lx() + "] x [0, " + grid.ly() + "]");
            }
            double sx = locate(x[k], grid.nx(), grid.dx(), grid.layout(), ix);
            double sy = locate(y[k], grid.ny(), grid.dy(), grid.layout(), iy);
            int b = 4 * k;
            nodes[b] = grid.index(ix[0], iy[0]);
            nodes[b + 1] = grid.index(ix[0], iy[1]);
            nodes[b + 2] = grid.index(ix[1], iy[0]);
            nodes[b + 3] = grid.index(ix[1], iy[1]);
            weights[b] = (1 - sx) * (1 - sy);
            weights[b + 1] = (1 - sx) * sy;
            weights[b + 2] = sx * (1 - sy);
            weights[b + 3] = sx * sy;
        }
        return new PointObservation(grid, nodes, weights);
    }

    /**
     * Finds the two nodes bracketing coordinate {@code c} on one axis and the weight of the second.
     *
     * @param out receives the two node indices along the axis
     * @return the fractional position s: the value is (1 - s) u[out[0]] + s u[out[1]]
     */
    private static double locate(double c, int n, double h, Layout layout, int[] out) {
        double s = layout == Layout.CELL ? c / h - 0.5 : c / h;
        // c / h of a node coordinate i h can miss i by a few ulps; snapping makes nodes exact.
        double r = Math.rint(s);
        if (Math.abs(s - r) <= 4 * Math.ulp((double) Math.max(n, 1))) {
            s = r;
        }
        if (n == 1) {
            out[0] = 0;
            out[1] = 0;
            return 0;
        }
        int i;
        if (layout == Layout.PERIODIC) {
            if (s >= n) {
                s -= n;
            }
            i = Math.min(Math.max((int) Math.floor(s), 0), n - 1);
            out[0] = i;
            out[1] = i + 1 == n ? 0 : i + 1;
        } else {
            // NODE: s in [0, n-1]; CELL: s in [-1/2, n-1/2], the end bands extrapolate from the end cells.
            i = Math.min(Math.max((int) Math.floor(s), 0), n - 2);
            out[0] = i;
            out[1] = i + 1;
        }
        return s - i;
    }

    /** The grid the operator reads fields from. */
    public Grid2D grid() {
        return grid;
    }

    /**
     * The nodes of the interpolation stencils: for point k, entries {@code 4k .. 4k+3} are the flat
     * grid indices ({@link Grid2D#index}, {@code i * ny + j}) of the nodes {@code (i0, j0)},
     * {@code (i0, j1)}, {@code (i1, j0)}, {@code (i1, j1)} around it, with the weights at the same
     * entries of {@link #weights()}:
     * {@code (A u)_k = sum over s = 0..3 of weights[4k + s] u[nodes[4k + s]]}. A node can occur twice
     * for one point (on an axis with a single point, where {@code i0 = i1}; the second occurrence then
     * has weight 0).
     *
     * @return a copy, length {@code 4 size()}
     */
    public int[] nodes() {
        return nodes.clone();
    }

    /**
     * The bilinear weights of the nodes of {@link #nodes()}, entry for entry: for a point at
     * fractional position {@code (s_x, s_y)} in its cell, {@code (1 - s_x)(1 - s_y)},
     * {@code (1 - s_x) s_y}, {@code s_x (1 - s_y)}, {@code s_x s_y}. The four of a point sum to 1
     * (up to rounding); a weight is 0 for a point on a grid line, and weights may be negative or
     * exceed 1 in the extrapolation bands of a {@code CELL} grid.
     *
     * @return a copy, length {@code 4 size()}
     */
    public double[] weights() {
        return weights.clone();
    }

    /** Number of points, the length of {@link #apply}'s result. */
    public int size() {
        return weights.length / 4;
    }

    /**
     * Samples a field at the points.
     *
     * @param field values on the grid, {@code field[i * ny + j]}, length {@code grid.size()}
     * @return the interpolated values, one per point
     */
    public double[] apply(double[] field) {
        double[] out = new double[size()];
        apply(field, out);
        return out;
    }

    /**
     * Samples a field at the points into a given array.
     *
     * @param field values on the grid, length {@code grid.size()}
     * @param out receives one value per point, length {@link #size()}
     */
    public void apply(double[] field, double[] out) {
        checkLengths(field, out);
        for (int k = 0, b = 0; k < out.length; k++, b += 4) {
            out[k] = weights[b] * field[nodes[b]]
                    + weights[b + 1] * field[nodes[b + 1]]
                    + weights[b + 2] * field[nodes[b + 2]]
                    + weights[b + 3] * field[nodes[b + 3]];
        }
    }

    /**
     * The adjoint: spreads one value per point back onto the grid, {@code out = A^T residual}, so
     * that {@code <A u, r> = <u, A^T r>} for the plain Euclidean inner products. This is the
     * gradient of {@code sum_k r_k (A u)_k} with respect to {@code u}.
     *
     * @param residual one value per point, length {@link #size()}
     * @param out overwritten with the grid field, length {@code grid.size()}
     */
    public void applyTranspose(double[] residual, double[] out) {
        checkLengths(out, residual);
        Arrays.fill(out, 0.0);
        for (int k = 0, b = 0; k < residual.length; k++, b += 4) {
            double r = residual[k];
            out[nodes[b]] += weights[b] * r;
            out[nodes[b + 1]] += weights[b + 1] * r;
            out[nodes[b + 2]] += weights[b + 2] * r;
            out[nodes[b + 3]] += weights[b + 3] * r;
        }
    }

    private void checkLengths(double[] field, double[] points) {
        if (field.length != grid.size()) {
            throw new IllegalArgumentException("field has " + field.length + " values, the grid " + grid.size());
        }
        if (points.length != size()) {
            throw new IllegalArgumentException(
                    "point array has " + points.length + " values, the operator " + size() + " points");
        }
    }
}
