package org.pdeflow.inverse.forward;

import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.pde.ns.NavierStokes2D;

/**
 * The Navier-Stokes inverse problem's forward model, initial vorticity to observations of the vorticity at time T,
 * <pre>
 *   G(x) = A ω(T),   ω(0) = scale · x,
 * </pre>
 * with ω(T) from the fixed-step IMEX Crank-Nicolson / Heun scheme of {@code org.pdeflow.pde.ns.ImexCrankNicolsonHeun}
 * and its exact discrete adjoint, whichever engine computes them: {@link NavierStokesAdjointModel} (pure Java, double,
 * the CPU default) or {@link NavierStokesForwardModel} (DJL, float32, batched tensors and autograd, for a GPU). The
 * unknown is one field named {@link #FIELD} on the equation's periodic grid. Close the model to free what its engine
 * holds.
 */
public interface NavierStokesModel extends ForwardModel, AutoCloseable {

    /** Name of the unknown field. */
    String FIELD = "omega0";

    /** The equation. */
    NavierStokes2D equation();

    /** T. */
    double endTime();

    /** The largest step; the steps are {@code T / ceil(T / maxStep)}. */
    double maxStep();

    /** The observation operator, on the equation's grid. */
    ObservationOperator observation();

    /** ω(0) = scale · x. */
    double scale();

    @Override
    void close();

    /**
     * The checks every engine makes of its set-up.
     *
     * @param equation the equation
     * @param observation what is observed of ω(T)
     * @param scale ω(0) = scale · x
     * @throws IllegalArgumentException when the equation is missing, the observation operator acts on another grid
     *     or the scale is not positive and finite
     */
    static void checkSetup(NavierStokes2D equation, ObservationOperator observation, double scale) {
        if (equation == null) {
            throw new IllegalArgumentException("an equation is required");
        }
        if (observation == null || !observation.grid().equals(equation.grid())) {
            throw new IllegalArgumentException(
                    "the observation operator must act on the equation's grid " + equation.grid());
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("input scale must be positive and finite, got " + scale);
        }
    }
}
