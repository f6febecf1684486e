package org.pdeflow.inverse.residual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.pde.darcy.FaceAverage;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Residuals of the discrete elliptic equations of the pde module as differentiable DJL functions on
 * batches of fields: the physics terms of physics-guided diffusion samplers (DiffusionPDE, Huang et
 * al. 2024; FunDPS, Yao et al. 2025), which add {@code |R(a, u)|^2} to the data misfit.
 *
 * <p>All three use the five-point stencils of the pde solvers on a {@link Layout#NODE} grid with
 * spacings dx, dy, evaluated at the interior nodes {@code 1 <= i <= nx-2, 1 <= j <= ny-2}:
 * <pre>
 *   Darcy      R = -div_h(a grad_h u) - f
 *                = [a_{i+1/2,j}(u_ij - u_{i+1,j}) + a_{i-1/2,j}(u_ij - u_{i-1,j})] / dx^2
 *                + [a_{i,j+1/2}(u_ij - u_{i,j+1}) + a_{i,j-1/2}(u_ij - u_{i,j-1})] / dy^2 - f_ij,
 *   Poisson    R = -Laplace_h u - f,
 *   Helmholtz  R = -Laplace_h u - k^2 u - f,
 * </pre>
 * face values {@code a_{i+1/2,j}} from the nodal a by the {@link FaceAverage} rule (arithmetic by
 * default, as {@code org.pdeflow.pde.darcy.DarcySolver}). R is the negative of the pde solvers'
 * {@code residual(...)} (which return {@code f - A u}) on the interior, and vanishes to round-off on
 * their solutions. Boundary nodes act as Dirichlet data and carry no equation.
 *
 * <p>Arrays: fields are (B, nx, ny), any floating dtype (float32 for sampling, float64 for checks),
 * all on one device; results are (B, nx-2, ny-2) of the same dtype, attached to the manager of the
 * first field argument, and differentiable with respect to every input.
 */
public final class PdeResiduals {

    private static final NDIndex INTERIOR = new NDIndex(":, 1:-1, 1:-1");

    private PdeResiduals() {}

    /**
     * Darcy residual {@code -div(a grad u) - f} at the interior nodes.
     *
     * @param a permeability at the nodes, (B, nx, ny)
     * @param u pressure at the nodes, (B, nx, ny) (boundary values are the Dirichlet data)
     * @param f source at the nodes, (B, nx, ny) or broadcastable to the interior, e.g. (nx, ny)
     * @param grid the node grid
     * @param average face averaging rule
     * @return (B, nx-2, ny-2)
     */
    public static NDArray darcy(NDArray a, NDArray u, NDArray f, Grid2D grid, FaceAverage average) {
        checkGrid(grid);
        checkField(a, grid, "a");
        checkField(u, grid, "u");
        NDArray faceX = faces(a.get(":, :-1, :"), a.get(":, 1:, :"), average);
        NDArray faceY = faces(a.get(":, :, :-1"), a.get(":, :, 1:"), average);
        return divergenceForm(u, faceX, faceY, grid).sub(interior(f, grid));
    }

    /** {@link #darcy(NDArray, NDArray, NDArray, Grid2D, FaceAverage)} with arithmetic face averages. */
    public static NDArray darcy(NDArray a, NDArray u, NDArray f, Grid2D grid) {
        return darcy(a, u, f, grid, FaceAverage.ARITHMETIC);
    }

    /**
     * Poisson residual {@code -Laplace u - f} at the interior nodes.
     *
     * @param u (B, nx, ny)
     * @param f (B, nx, ny) or broadcastable, e.g. (nx, ny)
     * @param grid the node grid
     * @return (B, nx-2, ny-2)
     */
    public static NDArray poisson(NDArray u, NDArray f, Grid2D grid) {
        return helmholtz(u, f, 0.0, grid);
    }

    /**
     * Helmholtz residual {@code -Laplace u - k^2 u - f} at the interior nodes (k^2 = -1 gives the
     * DiffusionPDE / FunDPS equation {@code -Laplace u + u = a} with f = a).
     *
     * @param u (B, nx, ny)
     * @param f (B, nx, ny) or broadcastable, e.g. (nx, ny)
     * @param kSquared k^2, any finite real
     * @param grid the node grid
     * @return (B, nx-2, ny-2)
     */
    public static NDArray helmholtz(NDArray u, NDArray f, double kSquared, Grid2D grid) {
        checkGrid(grid);
        checkField(u, grid, "u");
        if (!Double.isFinite(kSquared)) {
            throw new IllegalArgumentException("k^2 must be finite, got " + kSquared);
        }
        double invDx2 = 1.0 / (grid.dx() * grid.dx());
        double invDy2 = 1.0 / (grid.dy() * grid.dy());
        NDArray centre = u.get(INTERIOR);
        NDArray lx = centre.mul(constant(centre, 2))
                .sub(u.get(":, :-2, 1:-1"))
                .sub(u.get(":, 2:, 1:-1"))
                .mul(constant(u, invDx2));
        NDArray ly = centre.mul(constant(centre, 2))
                .sub(u.get(":, 1:-1, :-2"))
                .sub(u.get(":, 1:-1, 2:"))
                .mul(constant(u, invDy2));
        NDArray r = lx.add(ly);
        if (kSquared != 0.0) {
            r = r.sub(centre.mul(constant(centre, kSquared)));
        }
        return r.sub(interior(f, grid));
    }

    /** {@code -div(a grad u)} at the interior from face values along x (B, nx-1, ny) and y (B, nx, ny-1). */
    private static NDArray divergenceForm(NDArray u, NDArray faceX, NDArray faceY, Grid2D grid) {
        double invDx2 = 1.0 / (grid.dx() * grid.dx());
        double invDy2 = 1.0 / (grid.dy() * grid.dy());
        // Flux a_{i+1/2} (u_{i+1} - u_i) on every x face, then minus its difference at the interior.
        NDArray fluxX = faceX.mul(u.get(":, 1:, :").sub(u.get(":, :-1, :")));
        NDArray fluxY = faceY.mul(u.get(":, :, 1:").sub(u.get(":, :, :-1")));
        NDArray termX = fluxX.get(":, :-1, 1:-1").sub(fluxX.get(":, 1:, 1:-1")).mul(constant(u, invDx2));
        NDArray termY = fluxY.get(":, 1:-1, :-1").sub(fluxY.get(":, 1:-1, 1:")).mul(constant(u, invDy2));
        return termX.add(termY);
    }

    /**
     * A scalar constant registered in the manager of {@code like}. Scalars passed as numbers
     * ({@code x.mul(2.0)}) would be wrapped by DJL in a temporary array that it frees at once, while
     * autograd keeps a reference to its CPU memory for the backward pass; held in the manager, the
     * constant stays valid until the caller's scope closes.
     */
    private static NDArray constant(NDArray like, double v) {
        return like.getManager().create(v).toType(like.getDataType(), false);
    }

    private static NDArray faces(NDArray p, NDArray q, FaceAverage average) {
        if (average == FaceAverage.ARITHMETIC) {
            return p.add(q).mul(constant(p, 0.5));
        }
        return p.mul(q).mul(constant(p, 2)).div(p.add(q));
    }

    private static NDArray interior(NDArray f, Grid2D grid) {
        Shape s = f.getShape();
        if (s.dimension() == 3 && s.get(1) == grid.nx() && s.get(2) == grid.ny()) {
            return f.get(INTERIOR);
        }
        if (s.dimension() == 2 && s.get(0) == grid.nx() && s.get(1) == grid.ny()) {
            return f.get("1:-1, 1:-1");
        }
        throw new IllegalArgumentException("source f must have shape (B, " + grid.nx() + ", " + grid.ny() + ") or ("
                + grid.nx() + ", " + grid.ny() + "), got " + s);
    }

    private static void checkGrid(Grid2D grid) {
        if (grid == null || grid.layout() != Layout.NODE || grid.nx() < 3 || grid.ny() < 3) {
            throw new IllegalArgumentException("residuals need a NODE grid with at least 3 x 3 nodes, got " + grid);
        }
    }

    private static void checkField(NDArray field, Grid2D grid, String name) {
        Shape s = field.getShape();
        if (s.dimension() != 3 || s.get(1) != grid.nx() || s.get(2) != grid.ny()) {
            throw new IllegalArgumentException(
                    name + " must have shape (B, " + grid.nx() + ", " + grid.ny() + "), got " + s);
        }
    }
}
