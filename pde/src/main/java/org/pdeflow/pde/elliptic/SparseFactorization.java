package org.pdeflow.pde.elliptic;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.decomposition.lu.LuUpLooking_DSCC;
import org.ejml.sparse.csc.linsol.lu.LinearSolverLu_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;

/**
 * A direct sparse factorisation (EJML 0.44) of a matrix that is already in a fill-reducing order
 * (see {@link FivePointSystem}), with the symbolic analysis done once and reused.
 *
 * <ul>
 *   <li>{@link #cholesky()}: up-looking sparse Cholesky A = L L^T (Davis, <i>Direct Methods for
 *       Sparse Linear Systems</i>, SIAM 2006, sec. 4.8) for symmetric positive definite matrices;
 *       reads the upper triangle only ({@link FivePointSystem.Storage#UPPER}). After the first
 *       successful factorisation the elimination tree and column counts are locked, so refactorising
 *       a matrix with the same pattern (Darcy with a new coefficient) is numeric work only.</li>
 *   <li>{@link #lu()}: left-looking sparse LU with partial pivoting (Davis, sec. 6.3) for
 *       indefinite matrices; needs both triangles ({@link FivePointSystem.Storage#FULL}).</li>
 * </ul>
 *
 * <p>No ordering is applied here: the caller's numbering is the elimination order. Instances hold
 * the factor and work arrays and are not thread-safe; use one per thread.
 */
public final class SparseFactorization {

    private final CholeskyUpLooking_DSCC cholesky;
    private final LinearSolverLu_DSCC lu;
    private int size = -1;
    private DMatrixRMaj wrappedB;
    private DMatrixRMaj wrappedX;
    private double[] luWork;

    private SparseFactorization(CholeskyUpLooking_DSCC cholesky, LinearSolverLu_DSCC lu) {
        this.cholesky = cholesky;
        this.lu = lu;
    }

    /** A sparse Cholesky factorisation for symmetric positive definite matrices (upper triangle read). */
    public static SparseFactorization cholesky() {
        return new SparseFactorization(new CholeskyUpLooking_DSCC(), null);
    }

    /** A sparse LU factorisation with partial pivoting for general (e.g. indefinite) matrices. */
    public static SparseFactorization lu() {
        return new SparseFactorization(null, new LinearSolverLu_DSCC(new LuUpLooking_DSCC(null)));
    }

    /** True for the Cholesky variant. */
    public boolean isCholesky() {
        return cholesky != null;
    }

    /**
     * Factorises {@code a}. The first call does the symbolic analysis; later calls must pass a
     * matrix with the same pattern (as {@link FivePointSystem#assemble} guarantees) and reuse it.
     *
     * @param a square matrix in elimination order; not modified
     * @throws ArithmeticException when the matrix is not positive definite (Cholesky) or is
     *         singular (LU)
     */
    public void factor(DMatrixSparseCSC a) {
        if (a.numRows != a.numCols) {
            throw new IllegalArgumentException("matrix must be square, got " + a.numRows + " x " + a.numCols);
        }
        if (size >= 0 && a.numRows != size) {
            throw new IllegalArgumentException("matrix size changed from " + size + " to " + a.numRows);
        }
        if (a.numRows == 0) {
            size = 0;
            return;
        }
        if (cholesky != null) {
            if (!cholesky.decompose(a)) {
                size = -1;
                throw new ArithmeticException("sparse Cholesky failed: matrix is not positive definite");
            }
            cholesky.setStructureLocked(true);
        } else {
            if (!lu.setA(a) || lu.<LuUpLooking_DSCC>getDecomposition().isSingular()) {
                size = -1;
                throw new ArithmeticException("sparse LU failed: matrix is singular");
            }
        }
        if (size != a.numRows) {
            wrappedB = new DMatrixRMaj(a.numRows, 1);
            wrappedX = new DMatrixRMaj(a.numRows, 1);
            luWork = new double[a.numRows];
        }
        size = a.numRows;
    }

    /**
     * Solves A x = b with the last factorisation, in place.
     *
     * @param bx on entry b, on exit x; length = matrix size
     */
    public void solveInPlace(double[] bx) {
        if (size < 0) {
            throw new IllegalStateException("factor(...) must succeed before solving");
        }
        if (bx.length != size) {
            throw new IllegalArgumentException("vector length " + bx.length + " does not match matrix size " + size);
        }
        if (size == 0) {
            return;
        }
        if (cholesky != null) {
            DMatrixSparseCSC l = cholesky.getL();
            TriangularSolver_DSCC.solveL(l, bx);
            TriangularSolver_DSCC.solveTranL(l, bx);
        } else {
            // EJML's LU solve copies through its own buffers; wrapping avoids a per-call allocation.
            wrappedB.data = bx;
            wrappedX.data = luWork;
            lu.solve(wrappedB, wrappedX);
            System.arraycopy(luWork, 0, bx, 0, size);
        }
    }

    /** Number of stored entries of the factor(s), a measure of fill; 0 before the first factorisation. */
    public long factorEntries() {
        if (size <= 0) {
            return 0;
        }
        if (cholesky != null) {
            return cholesky.getL().nz_length;
        }
        LuUpLooking_DSCC d = lu.getDecomposition();
        return (long) d.getL().nz_length + d.getU().nz_length;
    }
}
