package org.pdeflow.pde.elliptic;

import java.util.Arrays;
import org.ejml.data.DMatrixSparseCSC;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * The sparse linear system of a second-order five-point finite-difference operator on the interior
 * nodes of a {@link Layout#NODE} grid with Dirichlet data on the boundary nodes.
 *
 * <p>The operator, for an interior node p with neighbours q across the four faces pq, is
 * <pre>
 *   (A u)_p = sum_{faces pq} c_pq (u_p - u_q) + shift * u_p
 * </pre>
 * where {@code c_pq} is a face coefficient that already contains the 1/h^2 factor. Examples:
 * {@code c = a_face / dx^2} on x-faces for the flux form -div(a grad u); {@code c = 1 / dx^2},
 * shift = 0 for -Laplace(u); shift = -k^2 for the Helmholtz operator -Laplace(u) - k^2 u.
 * Boundary neighbours are known Dirichlet values and move to the right-hand side, so the matrix has
 * one row and column per interior node and is symmetric (positive definite when shift &gt;= 0 and all
 * c &gt; 0).
 *
 * <p><b>Face arrays.</b> Face coefficients are passed as two arrays of grid size {@code nx * ny} in
 * the grid's row-major layout: {@code faceX[grid.index(i, j)]} is the coefficient of the face between
 * (i, j) and (i + 1, j) and {@code faceY[grid.index(i, j)]} that of the face between (i, j) and
 * (i, j + 1). Entries with i = nx - 1 in faceX and j = ny - 1 in faceY have no face and are ignored.
 *
 * <p><b>Numbering.</b> Unknowns are numbered in {@link NestedDissection} order, so that the matrix
 * returned by {@link #matrix()} can be factorised by EJML with {@code FillReducing.NONE} and still
 * have little fill. {@link #rightHandSide} and {@link #scatter} translate between grid fields and
 * vectors in this numbering.
 *
 * <p><b>Storage.</b> With {@link Storage#UPPER} only the upper triangle (row &lt;= column) is stored,
 * which is all EJML's up-looking Cholesky reads; {@link Storage#FULL} stores both triangles, as LU needs.
 * The sparsity pattern is built once in the constructor; {@link #assemble} only rewrites the values,
 * so a factorisation with a locked structure can be reused across coefficient fields.
 *
 * <p>Instances are not thread-safe (the matrix is mutable); use one per thread.
 */
public final class FivePointSystem {

    /** Which triangles of the symmetric matrix are stored. */
    public enum Storage {
        /** Upper triangle and diagonal only: input for a sparse Cholesky factorisation. */
        UPPER,
        /** Both triangles: input for a sparse LU factorisation. */
        FULL
    }

    private final Grid2D grid;
    private final int nx;
    private final int ny;
    private final int m;
    private final int n;
    /** position[q] = number of interior unknown q = (i - 1) * n + (j - 1) in the elimination order. */
    private final int[] position;

    private final int[] diagonalSlot;
    /** Value slots of the x-face between interior q and q + n; -1 when absent. */
    private final int[] xSlot;

    private final int[] xSlotTransposed;
    /** Value slots of the y-face between interior q and q + 1; -1 when absent. */
    private final int[] ySlot;

    private final int[] ySlotTransposed;
    private final DMatrixSparseCSC matrix;

    /**
     * Builds the sparsity pattern for the interior nodes of {@code grid}.
     *
     * @param grid a {@link Layout#NODE} grid; its boundary nodes carry the Dirichlet data
     * @param storage which triangles to store
     */
    public FivePointSystem(Grid2D grid, Storage storage) {
        if (grid == null || grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException(
                    "five-point Dirichlet systems need a NODE grid (boundary nodes included), got "
                            + (grid == null ? "null" : grid.layout()));
        }
        if (storage == null) {
            throw new IllegalArgumentException("storage is required");
        }
        this.grid = grid;
        this.nx = grid.nx();
        this.ny = grid.ny();
        this.m = nx - 2;
        this.n = ny - 2;
        int unknowns = m * n;
        int[] order = NestedDissection.order(m, n);
        position = new int[unknowns];
        for (int k = 0; k < unknowns; k++) {
            position[order[k]] = k;
        }
        diagonalSlot = new int[unknowns];
        xSlot = filled(unknowns);
        xSlotTransposed = filled(unknowns);
        ySlot = filled(unknowns);
        ySlotTransposed = filled(unknowns);

        int interiorFaces = (m - 1) * n + m * (n - 1);
        int nonZeros = unknowns + (storage == Storage.UPPER ? 1 : 2) * Math.max(interiorFaces, 0);
        matrix = new DMatrixSparseCSC(unknowns, unknowns, nonZeros);
        int[] columnStart = matrix.col_idx;
        int[] rows = matrix.nz_rows;
        int[] entryRow = new int[5];
        int[] entryOwner = new int[5];
        int[] entryKind = new int[5];
        int slot = 0;
        for (int k = 0; k < unknowns; k++) {
            columnStart[k] = slot;
            int q = order[k];
            int ii = q / n;
            int jj = q - ii * n;
            int count = 0;
            // kind: 0 diagonal, 1 x-face, 2 y-face; owner: the interior unknown on the low side of the face
            count = addEntry(entryRow, entryOwner, entryKind, count, k, q, 0);
            if (ii > 0) {
                count = addNeighbour(storage, entryRow, entryOwner, entryKind, count, k, q - n, q - n, 1);
            }
            if (ii < m - 1) {
                count = addNeighbour(storage, entryRow, entryOwner, entryKind, count, k, q + n, q, 1);
            }
            if (jj > 0) {
                count = addNeighbour(storage, entryRow, entryOwner, entryKind, count, k, q - 1, q - 1, 2);
            }
            if (jj < n - 1) {
                count = addNeighbour(storage, entryRow, entryOwner, entryKind, count, k, q + 1, q, 2);
            }
            sortByRow(entryRow, entryOwner, entryKind, count);
            for (int e = 0; e < count; e++) {
                rows[slot] = entryRow[e];
                int owner = entryOwner[e];
                switch (entryKind[e]) {
                    case 0 -> diagonalSlot[owner] = slot;
                    case 1 -> record(xSlot, xSlotTransposed, owner, slot);
                    default -> record(ySlot, ySlotTransposed, owner, slot);
                }
                slot++;
            }
        }
        columnStart[unknowns] = slot;
        if (slot != nonZeros) {
            throw new IllegalStateException("five-point pattern has " + slot + " entries, expected " + nonZeros);
        }
        matrix.nz_length = nonZeros;
        matrix.indicesSorted = true;
    }

    private int addNeighbour(
            Storage storage,
            int[] entryRow,
            int[] entryOwner,
            int[] entryKind,
            int count,
            int column,
            int neighbour,
            int owner,
            int kind) {
        int row = position[neighbour];
        if (storage == Storage.UPPER && row > column) {
            return count;
        }
        return addEntry(entryRow, entryOwner, entryKind, count, row, owner, kind);
    }

    private static int addEntry(
            int[] entryRow, int[] entryOwner, int[] entryKind, int count, int row, int owner, int kind) {
        entryRow[count] = row;
        entryOwner[count] = owner;
        entryKind[count] = kind;
        return count + 1;
    }

    private static void sortByRow(int[] row, int[] owner, int[] kind, int count) {
        for (int a = 1; a < count; a++) {
            int r = row[a];
            int o = owner[a];
            int k = kind[a];
            int b = a - 1;
            while (b >= 0 && row[b] > r) {
                row[b + 1] = row[b];
                owner[b + 1] = owner[b];
                kind[b + 1] = kind[b];
                b--;
            }
            row[b + 1] = r;
            owner[b + 1] = o;
            kind[b + 1] = k;
        }
    }

    private static void record(int[] first, int[] second, int owner, int slot) {
        if (first[owner] < 0) {
            first[owner] = slot;
        } else {
            second[owner] = slot;
        }
    }

    private static int[] filled(int length) {
        int[] a = new int[length];
        Arrays.fill(a, -1);
        return a;
    }

    /** The grid whose interior nodes are the unknowns. */
    public Grid2D grid() {
        return grid;
    }

    /** Number of unknowns, (nx - 2) (ny - 2). */
    public int unknowns() {
        return m * n;
    }

    /**
     * The assembled matrix, in nested-dissection numbering, with the storage chosen at construction.
     * This is the live matrix: {@link #assemble} overwrites its values in place.
     */
    public DMatrixSparseCSC matrix() {
        return matrix;
    }

    /**
     * Number of interior node (i, j), 1 &lt;= i &lt;= nx - 2, 1 &lt;= j &lt;= ny - 2, in the unknown vector.
     */
    public int position(int i, int j) {
        if (i < 1 || i > m || j < 1 || j > n) {
            throw new IllegalArgumentException(
                    "(" + i + ", " + j + ") is not an interior node of a " + nx + " x " + ny + " grid");
        }
        return position[(i - 1) * n + (j - 1)];
    }

    /**
     * Writes the matrix values for the given face coefficients (see the class comment).
     *
     * @param faceX x-face coefficients, length nx ny, including the 1/dx^2 factor
     * @param faceY y-face coefficients, length nx ny, including the 1/dy^2 factor
     * @param shift added to every diagonal entry (-k^2 for Helmholtz, 0 for diffusion)
     */
    public void assemble(double[] faceX, double[] faceY, double shift) {
        requireGridLength(faceX, "faceX");
        requireGridLength(faceY, "faceY");
        double[] values = matrix.nz_values;
        int q = 0;
        for (int i = 1; i <= m; i++) {
            int g = i * ny + 1;
            for (int j = 1; j <= n; j++, g++, q++) {
                double east = faceX[g];
                double north = faceY[g];
                values[diagonalSlot[q]] = faceX[g - ny] + east + faceY[g - 1] + north + shift;
                int s = xSlot[q];
                if (s >= 0) {
                    values[s] = -east;
                    s = xSlotTransposed[q];
                    if (s >= 0) {
                        values[s] = -east;
                    }
                }
                s = ySlot[q];
                if (s >= 0) {
                    values[s] = -north;
                    s = ySlotTransposed[q];
                    if (s >= 0) {
                        values[s] = -north;
                    }
                }
            }
        }
    }

    /**
     * Right-hand side in the unknown numbering: {@code b_p = f_p + sum over boundary neighbours q of c_pq g_q}.
     *
     * @param f source at the grid nodes, length nx ny (boundary entries ignored)
     * @param boundary Dirichlet data, length nx ny, read only at boundary nodes; null for g = 0
     * @param faceX x-face coefficients as given to {@link #assemble}
     * @param faceY y-face coefficients as given to {@link #assemble}
     * @param b output, length {@link #unknowns()}
     */
    public void rightHandSide(double[] f, double[] boundary, double[] faceX, double[] faceY, double[] b) {
        requireGridLength(f, "f");
        if (boundary != null) {
            requireGridLength(boundary, "boundary");
        }
        requireGridLength(faceX, "faceX");
        requireGridLength(faceY, "faceY");
        if (b == null || b.length != unknowns()) {
            throw new IllegalArgumentException("right-hand side vector must have length " + unknowns());
        }
        int q = 0;
        for (int i = 1; i <= m; i++) {
            int g = i * ny + 1;
            for (int j = 1; j <= n; j++, g++, q++) {
                double v = f[g];
                if (boundary != null) {
                    if (i == 1) {
                        v += faceX[g - ny] * boundary[g - ny];
                    }
                    if (i == m) {
                        v += faceX[g] * boundary[g + ny];
                    }
                    if (j == 1) {
                        v += faceY[g - 1] * boundary[g - 1];
                    }
                    if (j == n) {
                        v += faceY[g] * boundary[g + 1];
                    }
                }
                b[position[q]] = v;
            }
        }
    }

    /**
     * Builds the full grid field from the solution vector and the Dirichlet data.
     *
     * @param x solution in the unknown numbering, length {@link #unknowns()}
     * @param boundary Dirichlet data, length nx ny, read only at boundary nodes; null for g = 0
     * @param u output field, length nx ny, row-major; boundary nodes receive the Dirichlet data
     */
    public void scatter(double[] x, double[] boundary, double[] u) {
        requireGridLength(u, "u");
        if (boundary != null) {
            requireGridLength(boundary, "boundary");
        }
        if (x == null || x.length != unknowns()) {
            throw new IllegalArgumentException("solution vector must have length " + unknowns());
        }
        for (int i = 0; i < nx; i++) {
            int row = i * ny;
            if (i == 0 || i == nx - 1) {
                for (int j = 0; j < ny; j++) {
                    u[row + j] = boundary == null ? 0.0 : boundary[row + j];
                }
            } else {
                u[row] = boundary == null ? 0.0 : boundary[row];
                u[row + ny - 1] = boundary == null ? 0.0 : boundary[row + ny - 1];
                int q = (i - 1) * n;
                for (int j = 1; j <= n; j++, q++) {
                    u[row + j] = x[position[q]];
                }
            }
        }
    }

    /**
     * Residual of the discrete equations evaluated with the stencil on the grid (not through the
     * matrix): {@code r_p = f_p - (A u)_p} at interior nodes, where boundary values of u are used as
     * the Dirichlet data; r = 0 at boundary nodes.
     *
     * @param faceX x-face coefficients
     * @param faceY y-face coefficients
     * @param shift diagonal shift
     * @param u full grid field, length nx ny
     * @param f source, length nx ny
     * @param r output residual, length nx ny
     */
    public void residual(double[] faceX, double[] faceY, double shift, double[] u, double[] f, double[] r) {
        requireGridLength(faceX, "faceX");
        requireGridLength(faceY, "faceY");
        requireGridLength(u, "u");
        requireGridLength(f, "f");
        requireGridLength(r, "r");
        Arrays.fill(r, 0.0);
        for (int i = 1; i <= m; i++) {
            int g = i * ny + 1;
            for (int j = 1; j <= n; j++, g++) {
                double up = u[g];
                double au = faceX[g - ny] * (up - u[g - ny])
                        + faceX[g] * (up - u[g + ny])
                        + faceY[g - 1] * (up - u[g - 1])
                        + faceY[g] * (up - u[g + 1])
                        + shift * up;
                r[g] = f[g] - au;
            }
        }
    }

    private void requireGridLength(double[] a, String name) {
        if (a == null || a.length != nx * ny) {
            throw new IllegalArgumentException(name + " must have length nx*ny = " + nx * ny
                    + " (row-major, x first), got " + (a == null ? "null" : a.length));
        }
    }
}
