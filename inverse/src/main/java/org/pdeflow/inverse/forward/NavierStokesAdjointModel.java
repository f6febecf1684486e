package org.pdeflow.inverse.forward;

import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.UnaryOperator;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.VorticityAdjoint;

/**
 * The {@link NavierStokesModel} in pure Java and double precision: ω(T) from {@link VorticityAdjoint} (the fixed-step
 * IMEX Crank-Nicolson / Heun scheme, step for step that of {@link NavierStokesForwardModel}'s DJL solver) and the
 * gradient from its exact discrete adjoint,
 * <pre>
 *   J(x)^T w = scale · (dω(T)/dω(0))^T A^T w.
 * </pre>
 *
 * <p><b>Why a second engine.</b> At 64² a DJL step is some thirty small tensor operations, each costing more in
 * dispatch than in arithmetic, and autograd repeats them; the Java scheme costs 10 FFTs of 64² per step forward and 10
 * backward. One forward-and-gradient at 64² over 500 steps: see {@code pdeflow bench} (row "NS adjoint gradient").
 * The two engines agree to float32 rounding ({@code NavierStokesAdjointModelTest}).
 *
 * <p><b>Cost and memory.</b> {@link #apply} runs one forward solve; {@link #vjp}, {@link #pullback} and
 * {@link #misfitAndGradient} one recording solve and one adjoint sweep, keeping 8 grid fields per step (128 MiB at 64²
 * and 500 steps) in the borrowed solver. Solvers are pooled, one per concurrent caller, so every method may be called
 * from several threads; {@link #applyBatch} runs the members on the given {@link BatchExecutor}.
 *
 * <p>A prediction that is not finite (the fixed step is unstable for that ω(0)) is a {@link ForwardModelException}.
 */
public final class NavierStokesAdjointModel implements NavierStokesModel {

    private final NavierStokes2D equation;
    private final double endTime;
    private final double maxStep;
    private final ObservationOperator observation;
    private final double scale;
    private final BatchExecutor executor;
    private final Unknowns unknowns;
    private final int steps;
    private final ConcurrentLinkedDeque<VorticityAdjoint> solvers = new ConcurrentLinkedDeque<>();

    /**
     * @param equation the equation
     * @param endTime T &gt; 0
     * @param maxStep the fixed step is T / ceil(T / maxStep)
     * @param observation what is observed of ω(T), on the equation's grid
     * @param scale ω(0) = scale · x (1 for physical units, 10 for InverseBench's normalised prior space)
     * @param executor runs the members of {@link #applyBatch}
     */
    public NavierStokesAdjointModel(
            NavierStokes2D equation,
            double endTime,
            double maxStep,
            ObservationOperator observation,
            double scale,
            BatchExecutor executor) {
        NavierStokesModel.checkSetup(equation, observation, scale);
        if (executor == null) {
            throw new IllegalArgumentException("an executor is required");
        }
        VorticityAdjoint first = new VorticityAdjoint(equation, endTime, maxStep);
        this.equation = equation;
        this.endTime = endTime;
        this.maxStep = maxStep;
        this.observation = observation;
        this.scale = scale;
        this.executor = executor;
        this.unknowns = Unknowns.single(FIELD, equation.grid());
        this.steps = first.steps();
        solvers.add(first);
    }

    @Override
    public NavierStokes2D equation() {
        return equation;
    }

    @Override
    public double endTime() {
        return endTime;
    }

    @Override
    public double maxStep() {
        return maxStep;
    }

    @Override
    public ObservationOperator observation() {
        return observation;
    }

    @Override
    public double scale() {
        return scale;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return observation.size();
    }

    @Override
    public double[] apply(double[] x) {
        VorticityAdjoint solver = borrow();
        try {
            return predict(solver, x, false);
        } finally {
            solvers.offerFirst(solver);
        }
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        return executor.map(xs.length, i -> apply(xs[i]));
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        Cotangents.require(cotangent, outputSize());
        return pullback(x, predicted -> cotangent).gradient();
    }

    @Override
    public Pullback pullback(double[] x, UnaryOperator<double[]> cotangentOf) {
        VorticityAdjoint solver = borrow();
        try {
            double[] predicted = predict(solver, x, true);
            double[] w = Cotangents.require(cotangentOf.apply(predicted), outputSize());
            double[] g = new double[equation.grid().size()];
            observation.applyTranspose(w, g);
            double[] gradient = solver.gradient(g);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= scale;
            }
            return new Pullback(predicted, gradient);
        } finally {
            solvers.offerFirst(solver);
        }
    }

    private double[] predict(VorticityAdjoint solver, double[] x, boolean record) {
        unknowns.requireLength(x, "Navier-Stokes unknowns");
        double[] omega0 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            omega0[i] = scale * x[i];
        }
        double[] predicted = observation.apply(solver.solve(omega0, record));
        for (double v : predicted) {
            if (!Double.isFinite(v)) {
                throw new ForwardModelException(description() + " produced a non-finite prediction (the solve "
                        + "diverged; reduce the time step or check the input scale)");
            }
        }
        return predicted;
    }

    private VorticityAdjoint borrow() {
        VorticityAdjoint solver = solvers.pollFirst();
        return solver != null ? solver : new VorticityAdjoint(equation, endTime, maxStep);
    }

    @Override
    public String description() {
        return String.format(
                Locale.ROOT,
                "Navier-Stokes %d x %d to T = %s (%d steps, double, Java adjoint), %s",
                equation.grid().nx(),
                equation.grid().ny(),
                endTime,
                steps,
                observation.description());
    }

    /** Frees the pooled solvers' trajectories. */
    @Override
    public void close() {
        solvers.clear();
    }
}
