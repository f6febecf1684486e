package org.pdeflow.pde.elliptic;

/**
 * Geometric nested-dissection ordering of the unknowns of an {@code m x n} five-point grid graph.
 *
 * <p>The rectangle of unknowns is cut by a grid line across its longer side; the two halves are
 * ordered first (recursively), the separator line last. Eliminating in this order keeps the
 * Cholesky/LU fill of a five-point matrix at O(N log N) entries and the factorisation at O(N^1.5)
 * operations for N = m n unknowns, against O(N^1.5) entries and O(N^2) operations for the natural
 * (banded) row-major order. EJML 0.44 offers no fill-reducing ordering of its own
 * ({@code FillReducing} has only NONE, RANDOM, IDENTITY), so the solvers of this package number
 * their unknowns in this order when they assemble the matrix.
 *
 * <p>Reference: A. George, "Nested dissection of a regular finite element mesh", SIAM J. Numer.
 * Anal. 10 (1973) 345-363; T. A. Davis, <i>Direct Methods for Sparse Linear Systems</i>, SIAM 2006, ch. 7.
 */
public final class NestedDissection {

    /** Blocks with at most this many unknowns are numbered in natural order: cutting them saves nothing. */
    private static final int LEAF_SIZE = 16;

    private NestedDissection() {}

    /**
     * Computes the ordering.
     *
     * @param m number of unknowns along the first axis (x)
     * @param n number of unknowns along the second axis (y)
     * @return {@code order} of length {@code m n}: {@code order[k]} is the row-major index
     *         {@code i * n + j} of the unknown eliminated k-th; a permutation of {@code 0 .. m n - 1}
     */
    public static int[] order(int m, int n) {
        if (m < 0 || n < 0) {
            throw new IllegalArgumentException("grid dimensions must be non-negative, got " + m + " x " + n);
        }
        int[] order = new int[Math.multiplyExact(m, n)];
        int filled = dissect(order, 0, n, 0, m, 0, n);
        if (filled != order.length) {
            throw new IllegalStateException(
                    "nested dissection numbered " + filled + " of " + order.length + " unknowns");
        }
        return order;
    }

    /** Numbers the block [i0, i1) x [j0, j1) starting at {@code next}; returns the next free number. */
    private static int dissect(int[] order, int next, int n, int i0, int i1, int j0, int j1) {
        int di = i1 - i0;
        int dj = j1 - j0;
        if (di <= 0 || dj <= 0) {
            return next;
        }
        if (di * dj <= LEAF_SIZE) {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    order[next++] = i * n + j;
                }
            }
            return next;
        }
        if (di >= dj) {
            int mid = (i0 + i1) >>> 1;
            next = dissect(order, next, n, i0, mid, j0, j1);
            next = dissect(order, next, n, mid + 1, i1, j0, j1);
            for (int j = j0; j < j1; j++) {
                order[next++] = mid * n + j;
            }
        } else {
            int mid = (j0 + j1) >>> 1;
            next = dissect(order, next, n, i0, i1, j0, mid);
            next = dissect(order, next, n, i0, i1, mid + 1, j1);
            for (int i = i0; i < i1; i++) {
                order[next++] = i * n + mid;
            }
        }
        return next;
    }
}
