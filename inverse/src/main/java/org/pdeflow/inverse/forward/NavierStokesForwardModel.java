package org.pdeflow.inverse.forward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.layers.GraphScalars;
import org.pdeflow.pde.ns.NavierStokes2D;

/**
 * The Navier-Stokes inverse problem's forward model: initial vorticity to observations of the
 * vorticity at time T,
 * <pre>
 *   G(x) = A ω(T),   ω(0) = scale · x,
 * </pre>
 * with ω(T) from the differentiable {@link SpectralVorticitySolver} (fixed step, float32) and a
 * linear observation operator A (InverseBench: every k-th node, {@code ω(T)[::k, ::k]}, and
 * scale = 10 because its prior works on ω / 10). Batches are solved together along the batch axis;
 * gradients come from autograd through the whole time loop (the discrete adjoint).
 *
 * <p>The unknown is one field named {@code "omega0"} on the equation's periodic grid. Close the
 * model to free the solver's constants. On a CPU, {@link NavierStokesAdjointModel} computes the same map and its
 * gradient in double precision, about twice as fast per gradient at 64²: DJL's cost there is one call per operation.
 */
public final class NavierStokesForwardModel extends DjlForwardModel implements NavierStokesModel {

    private final SpectralVorticitySolver solver;
    private final double endTime;
    private final ObservationOperator observation;
    private final double scale;

    /**
     * @param equation the equation
     * @param endTime T &gt; 0
     * @param maxStep the fixed step is T / ceil(T / maxStep)
     * @param observation what is observed of ω(T), on the equation's grid
     * @param scale ω(0) = scale · x (1 for physical units, 10 for InverseBench's normalised prior space)
     * @param batchSize the most fields solved in one batch
     */
    public NavierStokesForwardModel(
            NavierStokes2D equation,
            double endTime,
            double maxStep,
            ObservationOperator observation,
            double scale,
            int batchSize) {
        super(Unknowns.single(FIELD, equation.grid()), batchSize);
        NavierStokesModel.checkSetup(equation, observation, scale);
        this.solver = new SpectralVorticitySolver(equation, maxStep, Engines.device());
        this.endTime = endTime;
        this.observation = observation;
        this.scale = scale;
        solver.steps(endTime);
    }

    /** The solver. */
    public SpectralVorticitySolver solver() {
        return solver;
    }

    @Override
    public NavierStokes2D equation() {
        return solver.equation();
    }

    @Override
    public double maxStep() {
        return solver.maxStep();
    }

    /** T. */
    @Override
    public double endTime() {
        return endTime;
    }

    /** The observation operator. */
    @Override
    public ObservationOperator observation() {
        return observation;
    }

    /** ω(0) = scale · x. */
    @Override
    public double scale() {
        return scale;
    }

    @Override
    public int outputSize() {
        return observation.size();
    }

    @Override
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        int nx = solver.equation().grid().nx();
        int ny = solver.equation().grid().ny();
        if (s.dimension() != 4 || s.get(1) != 1 || s.get(2) != nx || s.get(3) != ny) {
            throw new IllegalArgumentException("input must have shape (B, 1, " + nx + ", " + ny + "), got " + s);
        }
        NDArray omega0 = x.reshape(s.get(0), nx, ny);
        if (scale != 1.0) {
            omega0 = GraphScalars.times(omega0, scale);
        }
        return observation.apply(solver.solve(omega0, endTime));
    }

    @Override
    public String description() {
        return "Navier-Stokes " + solver.equation().grid().nx() + " x "
                + solver.equation().grid().ny() + " to T = " + endTime + " (" + solver.steps(endTime)
                + " steps, float32), " + observation.description();
    }

    @Override
    public void close() {
        solver.close();
    }
}
