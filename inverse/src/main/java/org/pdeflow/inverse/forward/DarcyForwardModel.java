package org.pdeflow.inverse.forward;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.UnaryOperator;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.darcy.FaceAverage;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Darcy flow as a forward model: permeability a (or log a) to observations of the pressure u,
 * <pre>
 *   G(x) = A u(a(x)),     -div(a grad u) = f in the domain,  u = 0 on the boundary,
 * </pre>
 * with the discrete equations of {@link DarcySolver} (conservative five-point stencil, face values
 * from nodal a by {@link FaceAverage}, f = 1 unless given) and a linear observation operator A.
 *
 * <p><b>Gradient by the adjoint-state method</b> (e.g. Plessix 2006, Geophys. J. Int. 167, 495;
 * Hinze et al. 2009, <i>Optimization with PDE Constraints</i>, sec. 1.6), exact for the discrete
 * problem. With K(a) u = f the discrete system on the interior nodes and {@code g_u = A^T w}:
 * <pre>
 *   d&lt;w, A u&gt;/dθ = -mu^T (dK/dθ) u,      K mu = g_u   (K is symmetric: the same solver, source g_u).
 * </pre>
 * K depends on a through the face values: the face between nodes P and Q enters rows P and Q as
 * {@code a_PQ (u_P - u_Q) / h^2} and {@code a_PQ (u_Q - u_P) / h^2}, so
 * {@code d/d a_PQ = -(mu_P - mu_Q)(u_P - u_Q) / h^2} (mu = 0 on the boundary, whose rows are not
 * equations), and the nodal gradient follows from {@code d a_PQ / d a_P} (1/2 for the arithmetic
 * mean, {@code 2 a_Q^2 / (a_P + a_Q)^2} for the harmonic one). One gradient costs two solves
 * (forward and adjoint).
 *
 * <p>An x that is not finite, or whose coefficient overflows (log a beyond about +-709), is a
 * diverged estimate and fails with a {@link DivergenceException}.
 *
 * <p><b>Threads.</b> Solvers are pooled (one per concurrent caller, created on demand), so
 * {@link #apply} may be called from many threads and {@link #applyBatch} runs the members on the
 * given {@link BatchExecutor}.
 */
public final class DarcyForwardModel implements ForwardModel {

    private final Grid2D grid;
    private final double[] source;
    private final FaceAverage average;
    private final ObservationOperator observation;
    private final CoefficientParameterisation parameterisation;
    private final BatchExecutor executor;
    private final Unknowns unknowns;
    private final ConcurrentLinkedDeque<DarcySolver> solvers = new ConcurrentLinkedDeque<>();

    /**
     * The FNO / DiffusionPDE set-up: f = 1, arithmetic face averages, batches on all processors.
     *
     * @param observation what is observed of u (its grid is the model's NODE grid)
     * @param parameterisation a or log a
     */
    public DarcyForwardModel(ObservationOperator observation, CoefficientParameterisation parameterisation) {
        this(observation, parameterisation, null, FaceAverage.ARITHMETIC, BatchExecutor.perProcessor());
    }

    /**
     * @param observation what is observed of u; its grid (a {@link Layout#NODE} grid) is the model's
     * @param parameterisation a or log a
     * @param source f at the nodes (boundary entries ignored), or null for f = 1; copied
     * @param average face averaging rule
     * @param executor runs the members of {@link #applyBatch}
     */
    public DarcyForwardModel(
            ObservationOperator observation,
            CoefficientParameterisation parameterisation,
            double[] source,
            FaceAverage average,
            BatchExecutor executor) {
        if (observation == null || parameterisation == null || average == null || executor == null) {
            throw new IllegalArgumentException(
                    "observation operator, parameterisation, face average and executor are required");
        }
        this.grid = observation.grid();
        if (grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException("Darcy needs a NODE grid, got " + grid.layout());
        }
        if (source == null) {
            this.source = new double[grid.size()];
            Arrays.fill(this.source, 1.0);
        } else {
            if (source.length != grid.size()) {
                throw new IllegalArgumentException("source must have " + grid.size() + " values, got " + source.length);
            }
            this.source = source.clone();
        }
        this.average = average;
        this.observation = observation;
        this.parameterisation = parameterisation;
        this.executor = executor;
        this.unknowns = Unknowns.single(parameterisation.fieldName(), grid);
    }

    /** The node grid. */
    public Grid2D grid() {
        return grid;
    }

    /** The observation operator. */
    public ObservationOperator observation() {
        return observation;
    }

    /** How x stands for a. */
    public CoefficientParameterisation parameterisation() {
        return parameterisation;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return observation.size();
    }

    /**
     * The pressure u for unknowns x (no observation applied).
     *
     * @param x packed unknowns (a or log a at the nodes)
     * @return u at all nodes, length nx ny
     */
    public double[] solution(double[] x) {
        unknowns.requireLength(x, "Darcy unknowns");
        double[] a = coefficient(x);
        DarcySolver solver = borrow();
        try {
            return solver.solve(a, source);
        } finally {
            solvers.offerFirst(solver);
        }
    }

    @Override
    public double[] apply(double[] x) {
        return observation.apply(solution(x));
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        return executor.map(xs.length, i -> apply(xs[i]));
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    /** The pullbacks on the executor of {@link #applyBatch}, each with its own solver. */
    @Override
    public Pullback[] pullbackBatch(double[][] xs, UnaryOperator<double[]> cotangentOf) {
        return executor.mapAll(xs.length, i -> pullback(xs[i], cotangentOf)).toArray(Pullback[]::new);
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        Cotangents.require(cotangent, outputSize());
        return pullback(x, predicted -> cotangent).gradient();
    }

    @Override
    public Pullback pullback(double[] x, UnaryOperator<double[]> cotangentOf) {
        unknowns.requireLength(x, "Darcy unknowns");
        double[] a = coefficient(x);
        DarcySolver solver = borrow();
        try {
            double[] u = solver.solve(a, source);
            double[] predicted = observation.apply(u);
            double[] w = Cotangents.require(cotangentOf.apply(predicted), outputSize());
            return new Pullback(predicted, gradient(solver, a, u, w));
        } finally {
            solvers.offerFirst(solver);
        }
    }

    /**
     * The coefficient of x, refusing an estimate no solve can take as a divergence: x not finite, or
     * a parameter whose coefficient overflows (exp of log a beyond the range of a double). A finite
     * coefficient that is not positive is left to the solver's argument check.
     */
    private double[] coefficient(double[] x) {
        double[] a = parameterisation.coefficient(x);
        for (int k = 0; k < x.length; k++) {
            if (!Double.isFinite(x[k]) || (a[k] == 0 && x[k] != 0) || Double.isInfinite(a[k])) {
                throw new DivergenceException(String.format(
                        Locale.ROOT,
                        "the Darcy estimate %s = %s at node (i=%d, j=%d) gives a = %s, which no solve can take",
                        unknowns.fields().get(0).name(),
                        x[k],
                        k / grid.ny(),
                        k % grid.ny(),
                        a[k]));
            }
        }
        return a;
    }

    /** Adjoint-state gradient of {@code <w, A u>} with respect to x, given the forward solution u. */
    private double[] gradient(DarcySolver solver, double[] a, double[] u, double[] w) {
        int nx = grid.nx();
        int ny = grid.ny();
        double[] gu = new double[grid.size()];
        observation.applyTranspose(w, gu);
        double[] mu = solver.solve(a, gu);
        double invDx2 = 1.0 / (grid.dx() * grid.dx());
        double invDy2 = 1.0 / (grid.dy() * grid.dy());
        double[] g = new double[grid.size()];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int p = i * ny + j;
                if (i < nx - 1) {
                    int q = p + ny;
                    double dFace = -(mu[p] - mu[q]) * (u[p] - u[q]) * invDx2;
                    addFace(a, g, p, q, dFace);
                }
                if (j < ny - 1) {
                    int q = p + 1;
                    double dFace = -(mu[p] - mu[q]) * (u[p] - u[q]) * invDy2;
                    addFace(a, g, p, q, dFace);
                }
            }
        }
        parameterisation.chain(a, g);
        return g;
    }

    private void addFace(double[] a, double[] g, int p, int q, double dFace) {
        if (dFace == 0.0) {
            return;
        }
        if (average == FaceAverage.ARITHMETIC) {
            g[p] += 0.5 * dFace;
            g[q] += 0.5 * dFace;
        } else {
            double s = a[p] + a[q];
            double s2 = s * s;
            g[p] += dFace * 2.0 * a[q] * a[q] / s2;
            g[q] += dFace * 2.0 * a[p] * a[p] / s2;
        }
    }

    private DarcySolver borrow() {
        DarcySolver solver = solvers.pollFirst();
        return solver != null ? solver : new DarcySolver(grid, average);
    }

    @Override
    public String description() {
        return "Darcy " + grid.nx() + " x " + grid.ny() + " (" + parameterisation.fieldName() + " -> u, "
                + observation.description() + ")";
    }
}
