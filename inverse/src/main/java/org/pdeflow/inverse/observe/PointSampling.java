package org.pdeflow.inverse.observe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.measurements.PointObservation;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Observes a field at scattered points by bilinear interpolation: the {@link PointObservation}
 * operator of the datasets module (Numerical Recipes 3rd ed., sec. 3.6), whose exactness properties
 * and per-layout boundary rules apply unchanged. The points usually come from a measurement file
 * ({@link #of(Grid2D, Measurements)}), the data and noise levels with them
 * ({@link Observations#of(Measurements)}).
 *
 * <p>For the DJL view the operator is also held as a sparse matrix with at most four non-zeros per
 * row, built once from the stencils of {@link PointObservation#nodes()} and
 * {@link PointObservation#weights()}; {@link #apply(NDArray)} gathers the four nodes of every point
 * and forms the weighted sum, which autograd differentiates exactly.
 */
public final class PointSampling implements ObservationOperator {

    private final PointObservation points;
    private final double[] x;
    private final double[] y;
    /** Per point k, entries 4k .. 4k+3: flat node indices (unused slots point at node 0 with weight 0). */
    private final long[] nodes;

    private final double[] weights;

    private PointSampling(PointObservation points, double[] x, double[] y) {
        this.points = points;
        this.x = x;
        this.y = y;
        int m = points.size();
        int[] stencil = points.nodes();
        double[] w = points.weights();
        this.nodes = new long[4 * m];
        this.weights = new double[4 * m];
        // Row k as A^T e_k spells it: the point's distinct nodes in ascending order, the weights of a
        // node that occurs twice added, zero weights left out (unused slots: node 0, weight 0). The
        // order of the four products decides the rounding of their sum in apply(NDArray); this is
        // the order the operator has always used.
        for (int k = 0, b = 0; k < m; k++, b += 4) {
            TreeMap<Integer, Double> row = new TreeMap<>();
            for (int s = 0; s < 4; s++) {
                row.merge(stencil[b + s], w[b + s], Double::sum);
            }
            int slot = b;
            for (Map.Entry<Integer, Double> e : row.entrySet()) {
                if (e.getValue() != 0.0) {
                    nodes[slot] = e.getKey();
                    weights[slot] = e.getValue();
                    slot++;
                }
            }
        }
    }

    /**
     * Points {@code (x[k], y[k])} in the grid's physical coordinates.
     *
     * @throws IllegalArgumentException if a point lies outside the domain
     */
    public static PointSampling of(Grid2D grid, double[] x, double[] y) {
        if (grid == null || x == null || y == null) {
            throw new IllegalArgumentException("grid and point coordinates are required");
        }
        return new PointSampling(PointObservation.of(grid, x, y), x.clone(), y.clone());
    }

    /**
     * {@code count} points drawn uniformly in the middle 90 % of the domain, away from its boundary
     * (where a Dirichlet field is zero and readings say nothing): x then y of each point in turn.
     *
     * @param rng the only source of randomness
     */
    public static PointSampling interior(Grid2D grid, int count, RandomGenerator rng) {
        double[] x = new double[count];
        double[] y = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = grid.lx() * rng.nextDouble(0.05, 0.95);
            y[k] = grid.ly() * rng.nextDouble(0.05, 0.95);
        }
        return of(grid, x, y);
    }

    /**
     * The points of measurement readings, in the readings' order. The readings must all be of one
     * field (use {@link Measurements#forField(String)} first otherwise).
     */
    public static PointSampling of(Grid2D grid, Measurements measurements) {
        if (measurements == null || measurements.isEmpty()) {
            throw new IllegalArgumentException("measurements are required and must not be empty");
        }
        if (measurements.fields().size() != 1) {
            throw new IllegalArgumentException(
                    "measurements hold several fields " + measurements.fields() + "; select one with forField(name)");
        }
        return of(grid, measurements.x(), measurements.y());
    }

    /** The wrapped datasets operator. */
    public PointObservation pointObservation() {
        return points;
    }

    /** x coordinates of the points (a copy). */
    public double[] x() {
        return x.clone();
    }

    /** y coordinates of the points (a copy). */
    public double[] y() {
        return y.clone();
    }

    @Override
    public Grid2D grid() {
        return points.grid();
    }

    @Override
    public int size() {
        return points.size();
    }

    @Override
    public void apply(double[] field, double[] out) {
        Checks.lengths(grid(), size(), field, out);
        points.apply(field, out);
    }

    @Override
    public void applyTranspose(double[] values, double[] out) {
        Checks.lengths(grid(), size(), out, values);
        points.applyTranspose(values, out);
    }

    @Override
    public NDArray apply(NDArray fields) {
        Checks.batch(grid(), fields);
        long batch = fields.getShape().get(0);
        int m = size();
        NDArray flat = fields.reshape(batch, grid().size());
        try (NDManager scratch = fields.getManager().newSubManager()) {
            // The gather's backward pass reads the index array, so it must outlive this scope: it
            // lives in the caller's manager (freed with the caller's step scope), not in scratch.
            NDArray index = fields.getManager().create(nodes);
            NDArray w =
                    scratch.create(weights).toType(fields.getDataType(), false).reshape(m, 4);
            NDArray picked = flat.get(new NDIndex(":, {}", index)).reshape(batch, m, 4);
            NDArray result = picked.mul(w).sum(new int[] {2});
            result.attach(fields.getManager());
            return result;
        }
    }

    @Override
    public String description() {
        return size() + " points (bilinear) on " + grid().nx() + " x " + grid().ny();
    }
}
