package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.residual.PdeResiduals;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * A PDE residual of physical prior fields, the physics term of DiffusionPDE / FunDPS guidance:
 * per sample the root-mean-square of the residual over the nodes where it is defined,
 * {@code |R(x)|_2 / sqrt(#nodes)}, differentiable.
 */
@FunctionalInterface
public interface PhysicsResidual {

    /**
     * @param physical (B, C, H, W) physical prior fields (channels as the prior names them)
     * @return (B,) root-mean-square residual per sample, differentiable
     */
    NDArray rms(NDArray physical);

    /**
     * The Darcy residual {@code -div(a grad u) - f} ({@link PdeResiduals#darcy}, arithmetic face
     * averages) with constant source f, reading channels {@code a} and {@code u} of a joint prior,
     * scaled by {@code dx dy / f}: relative to the source, and multiplied by the cell area so that
     * its gradient with respect to u (the five-point stencil times a) does not grow as h^-2 when the
     * grid is refined; one guidance weight then stays stable across resolutions.
     *
     * @param prior the prior's channels (must contain {@code a} and {@code u})
     * @param source the constant source f &gt; 0 (FNO / DiffusionPDE Darcy: 1)
     */
    static PhysicsResidual darcy(Unknowns prior, double source) {
        int ia = prior.indexOf("a");
        int iu = prior.indexOf("u");
        Grid2D g = prior.fields().get(ia).grid();
        Grid2D grid = g.layout() == Layout.NODE ? g : new Grid2D(g.nx(), g.ny(), g.lx(), g.ly(), Layout.NODE);
        if (!(source > 0) || Double.isInfinite(source)) {
            throw new IllegalArgumentException("Darcy source must be positive and finite, got " + source);
        }
        return physical -> {
            NDArray a = physical.get(":, " + ia);
            NDArray u = physical.get(":, " + iu);
            NDArray f = physical.getManager().full(new Shape(grid.nx(), grid.ny()), (float) source);
            NDArray r = PdeResiduals.darcy(a, u, f, grid);
            r = r.mul(GraphConstants.scalar(r, grid.dx() * grid.dy() / source));
            long count = (long) (grid.nx() - 2) * (grid.ny() - 2);
            NDArray ms = r.square().sum(new int[] {1, 2});
            return ms.div(GraphConstants.scalar(ms, count))
                    .add(GraphConstants.scalar(ms, 1e-12))
                    .sqrt();
        };
    }
}
