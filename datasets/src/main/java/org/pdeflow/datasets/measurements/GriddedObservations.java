package org.pdeflow.datasets.measurements;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Observations given on the grid itself: an array of values of shape {@code (nx, ny)} and a mask
 * of the same shape whose 1 entries mark the observed nodes (0 = not observed; the value there is
 * ignored and may be NaN). Either two {@code .npy} files or one {@code .npz} archive with the
 * arrays {@code values} and {@code mask}, e.g. from {@code np.savez("obs.npz", values=v, mask=m)}.
 *
 * <p>The observed nodes become {@link Reading}s at the node coordinates {@code (x_i, y_j)} of the
 * grid (x along the first array axis), so downstream code handles one representation; readings
 * are in C order ({@code i} outer, {@code j} inner). Steady problems only: time-dependent data
 * goes through the CSV format of {@link MeasurementReader}.
 */
public final class GriddedObservations {

    private static final String VALUES = "values";
    private static final String MASK = "mask";

    private GriddedObservations() {}

    /**
     * The two arrays as read, not yet placed on a grid: their shape tells the grid they belong to
     * ({@link #side()}), {@link #on} turns them into readings.
     *
     * @param values the values
     * @param valuesFile the file the values came from
     * @param valuesContext prefix of messages about the values (the array's name in an archive)
     * @param mask the mask
     * @param maskFile the file the mask came from
     * @param maskContext prefix of messages about the mask
     */
    public record Loaded(
            NdArray values, Path valuesFile, String valuesContext, NdArray mask, Path maskFile, String maskContext) {

        /** The grid side n when the values are an n x n array, else -1 (the shape check of {@link #on} reports it). */
        public int side() {
            int[] shape = values.shape();
            return shape.length == 2 && shape[0] == shape[1] ? shape[0] : -1;
        }

        /**
         * The readings of the observed nodes of {@code grid}.
         *
         * @param grid the grid the arrays are on
         * @param field the name of the observed field
         * @param sigma noise standard deviation of every reading, positive
         * @throws InputException as {@link GriddedObservations#read(Path, Grid2D, String, double)}
         */
        public Measurements on(Grid2D grid, String field, double sigma) {
            checkArguments(field, sigma);
            return convert(values, valuesFile, valuesContext, mask, maskFile, maskContext, grid, field, sigma);
        }
    }

    /**
     * Reads a values {@code .npy} and a mask {@code .npy} without placing them on a grid.
     *
     * @throws InputException when a file is unreadable or not .npy
     */
    public static Loaded load(Path values, Path mask) {
        return new Loaded(Npy.read(values), values, "", Npy.read(mask), mask, "");
    }

    /**
     * Reads an {@code .npz} archive holding exactly the arrays {@code values} and {@code mask}
     * without placing them on a grid.
     *
     * @throws InputException when the file is unreadable, not an .npz archive, or holds other arrays
     */
    public static Loaded load(Path npz) {
        Map<String, NdArray> arrays = Npz.read(npz);
        for (String key : arrays.keySet()) {
            if (!key.equals(VALUES) && !key.equals(MASK)) {
                throw new InputException(npz, "unexpected array '" + key + "' (expected exactly 'values' and 'mask')");
            }
        }
        NdArray v = Npz.require(npz, arrays, VALUES);
        NdArray m = Npz.require(npz, arrays, MASK);
        return new Loaded(v, npz, "array 'values': ", m, npz, "array 'mask': ");
    }

    /**
     * Reads observations from a values {@code .npy} and a mask {@code .npy}.
     *
     * @param values file of the values, shape {@code (nx, ny)}, finite where observed
     * @param mask file of the mask, shape {@code (nx, ny)}, entries 0 or 1 (bool, integer or float)
     * @param grid the grid the nodes belong to
     * @param field the name of the observed field
     * @param sigma noise standard deviation of every reading, positive
     * @return the readings of the observed nodes; source is {@code values}
     * @throws InputException when a file is unreadable or not .npy, the shapes do not match the
     *     grid, a mask entry is not 0 or 1, an observed value is not finite, or nothing is observed
     */
    public static Measurements read(Path values, Path mask, Grid2D grid, String field, double sigma) {
        checkArguments(field, sigma);
        return load(values, mask).on(grid, field, sigma);
    }

    /**
     * Reads observations from an {@code .npz} archive holding exactly the arrays {@code values}
     * and {@code mask}; see {@link #read(Path, Path, Grid2D, String, double)}.
     */
    public static Measurements read(Path npz, Grid2D grid, String field, double sigma) {
        checkArguments(field, sigma);
        return load(npz).on(grid, field, sigma);
    }

    /**
     * Converts in-memory arrays; errors name {@code source}.
     *
     * @param values the values, shape {@code (nx, ny)}
     * @param mask the mask, shape {@code (nx, ny)}, entries 0 or 1
     * @param grid the grid
     * @param field the observed field's name
     * @param sigma noise standard deviation of every reading
     * @param source the file named in error messages and in the result
     * @return the readings of the observed nodes
     */
    public static Measurements of(NdArray values, NdArray mask, Grid2D grid, String field, double sigma, Path source) {
        checkArguments(field, sigma);
        return convert(values, source, "array 'values': ", mask, source, "array 'mask': ", grid, field, sigma);
    }

    private static void checkArguments(String field, double sigma) {
        if (!Reading.isFieldName(field)) {
            throw new IllegalArgumentException("bad field name '" + field + "'");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
        }
    }

    private static Measurements convert(
            NdArray values,
            Path valuesFile,
            String valuesContext,
            NdArray mask,
            Path maskFile,
            String maskContext,
            Grid2D grid,
            String field,
            double sigma) {
        checkShape(values, valuesFile, valuesContext, grid);
        checkShape(mask, maskFile, maskContext, grid);
        double[] v = values.data();
        double[] m = mask.data();
        int ny = grid.ny();
        List<Reading> readings = new ArrayList<>();
        for (int k = 0; k < m.length; k++) {
            if (m[k] == 0) {
                continue;
            }
            int i = k / ny;
            int j = k % ny;
            if (m[k] != 1) {
                throw new InputException(
                        maskFile,
                        maskContext + "entry (" + i + ", " + j + ") is " + m[k] + "; a mask holds only 0 and 1");
            }
            if (!Double.isFinite(v[k])) {
                throw new InputException(
                        valuesFile,
                        valuesContext + "entry (" + i + ", " + j + ") is " + v[k]
                                + " where the mask marks it observed");
            }
            readings.add(Reading.steady(grid.x(i), grid.y(j), v[k], sigma, field));
        }
        if (readings.isEmpty()) {
            throw new InputException(maskFile, maskContext + "no node is observed (the mask is all 0)");
        }
        return new Measurements(valuesFile, readings);
    }

    private static void checkShape(NdArray a, Path file, String context, Grid2D grid) {
        int[] shape = a.shape();
        if (shape.length == 2 && shape[0] == grid.nx() && shape[1] == grid.ny()) {
            return;
        }
        String hint = shape.length == 2 && shape[0] == grid.ny() && shape[1] == grid.nx()
                ? " (transposed? x runs along the first axis)"
                : "";
        throw new InputException(
                file,
                context + "shape " + a.shapeString() + " does not match the grid, which needs (" + grid.nx() + ", "
                        + grid.ny() + ")" + hint);
    }
}
