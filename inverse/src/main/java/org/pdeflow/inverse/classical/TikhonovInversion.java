package org.pdeflow.inverse.classical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.inverse.forward.CountingForwardModel;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.MisfitGradient;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.optim.Objective;
import org.pdeflow.inverse.optim.OptimumResult;
import org.pdeflow.inverse.optim.StoppingRule;
import org.pdeflow.inverse.optim.Termination;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Inversion;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;

/**
 * Tikhonov-regularised, gradient-based PDE-constrained optimisation:
 * <pre>
 *   minimise  J(x) = 1/2 |(G(x) - y) / sigma|^2 + (lambda / 2) |R (x - x_ref)|^2
 * </pre>
 * by {@link Lbfgs}, with the data-misfit gradient from the forward model
 * ({@link ForwardModel#misfitAndGradient}: the adjoint state for Darcy, autograd through the DJL
 * solver for Navier-Stokes). InverseBench's L-BFGS / Adam baselines (used for full-waveform
 * inversion) are the case lambda = 0. Optimise log a rather than a for positive coefficients
 * ({@link org.pdeflow.inverse.forward.CoefficientParameterisation#LOG}).
 *
 * <p>With a linear G, a Gaussian prior N(m, C), R^T R = C^{-1}, lambda = 1 and x_ref = m
 * ({@link #matchingPrior}), J is the negative log-posterior, so the minimiser is the MAP estimate,
 * which for linear-Gaussian problems is the posterior mean.
 *
 * <p><b>Discrepancy principle</b> (Morozov 1966; Engl, Hanke &amp; Neubauer 1996, sec. 4.3), optional:
 * with a threshold tau &gt; 0 the iteration stops at the first iterate (the start included) whose
 * misfit per reading {@code chi^2 / M = (1 / M) sum_k ((G(x)_k - y_k) / sigma_k)^2 = 2 Phi / M} is at
 * most tau, M the number of readings. Readings with noise of the stated sigma give chi^2 / M of about 1
 * at the truth, so tau = 1 stops once the data are fitted to their noise and before the iteration
 * starts fitting the noise itself. (Benchmark tables print Phi / M, half of chi^2 / M.)
 *
 * <p>The result is a one-sample {@link Reconstruction}; its misfit history holds the data misfit
 * (not J) after every iteration, and its statistics {@code iterations}, {@code evaluations},
 * {@code objective}, {@code penalty}, {@code lambda}, {@code chiSquarePerReading} (chi^2 / M at the
 * result), {@code discrepancy} (tau, 0 when there is no stopping rule), and why it stopped:
 * {@code stoppedByDiscrepancy} (1 when the discrepancy principle stopped it), {@code iterationLimit}
 * (1 when the iteration limit did) and {@code converged} (1 when the gradient or function tolerance
 * was met); all three 0 means the line search found no further decrease.
 */
public final class TikhonovInversion implements Inversion {

    private final double lambda;
    private final Regulariser regulariser;
    private final double[] reference;
    private final Lbfgs optimizer;
    private final double discrepancy;

    /**
     * @param lambda penalty weight &gt;= 0
     * @param regulariser the penalty R (ignored when lambda = 0, may then be null)
     * @param reference x_ref, or null for zero; copied
     * @param optimizer the L-BFGS settings
     */
    public TikhonovInversion(double lambda, Regulariser regulariser, double[] reference, Lbfgs optimizer) {
        this(lambda, regulariser, reference, optimizer, 0.0);
    }

    /**
     * @param lambda penalty weight &gt;= 0
     * @param regulariser the penalty R (ignored when lambda = 0, may then be null)
     * @param reference x_ref, or null for zero; copied
     * @param optimizer the L-BFGS settings
     * @param discrepancy tau of the discrepancy principle: stop at the first iterate with chi^2 / M &lt;= tau;
     *     0 for none
     */
    public TikhonovInversion(
            double lambda, Regulariser regulariser, double[] reference, Lbfgs optimizer, double discrepancy) {
        if (!(discrepancy >= 0) || Double.isInfinite(discrepancy)) {
            throw new IllegalArgumentException(
                    "the discrepancy threshold must be finite and >= 0 (0: none), got " + discrepancy);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("penalty weight must be finite and >= 0, got " + lambda);
        }
        if (lambda > 0 && regulariser == null) {
            throw new IllegalArgumentException("a positive penalty weight needs a regulariser");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        this.lambda = lambda;
        this.regulariser = regulariser;
        this.reference = reference == null ? null : reference.clone();
        this.optimizer = optimizer;
        this.discrepancy = discrepancy;
    }

    /** Penalty {@code lambda/2 |R x|^2} (reference 0) with default L-BFGS settings. */
    public static TikhonovInversion of(double lambda, Regulariser regulariser) {
        return new TikhonovInversion(lambda, regulariser, null, Lbfgs.defaults());
    }

    /** The MAP estimate for a Gaussian prior: R^T R = C^{-1}, lambda = 1, reference = prior mean. */
    public static TikhonovInversion matchingPrior(GaussianPrior prior, Lbfgs optimizer) {
        return new TikhonovInversion(1.0, Regulariser.gaussian(prior), prior.mean(), optimizer);
    }

    /** tau of the discrepancy principle, 0 when there is none. */
    public double discrepancy() {
        return discrepancy;
    }

    /** lambda. */
    public double lambda() {
        return lambda;
    }

    @Override
    public String name() {
        return "tikhonov";
    }

    @Override
    public Reconstruction invert(InverseProblem problem, double[] start, StepCallback callback) {
        Observations observations = problem.observations();
        long t0 = System.nanoTime();
        CountingForwardModel model = new CountingForwardModel(problem.forward());
        if (!model.hasGradient()) {
            throw new IllegalArgumentException("Tikhonov inversion needs a gradient, but " + model.description()
                    + " has none; use ensemble Kalman inversion instead");
        }
        int n = model.unknowns().size();
        model.unknowns().requireLength(start, "starting point");
        if (reference != null) {
            model.unknowns().requireLength(reference, "reference");
        }
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        double[] lastMisfit = {Double.NaN};
        double[] shifted = new double[n];
        Objective objective = (x, gradient) -> {
            MisfitGradient mg;
            try {
                mg = model.misfitAndGradient(x, observations);
            } catch (IllegalArgumentException e) {
                // A trial point outside the model's domain (e.g. a negative permeability): the line search backs off.
                return Double.POSITIVE_INFINITY;
            }
            System.arraycopy(mg.gradient(), 0, gradient, 0, n);
            lastMisfit[0] = mg.misfit();
            double value = mg.misfit();
            if (lambda > 0) {
                shift(x, shifted);
                value += lambda * regulariser.value(shifted);
                regulariser.addGradient(shifted, lambda, gradient);
            }
            return value;
        };
        List<Double> history = new ArrayList<>();
        int readings = observations.size();
        // The optimiser asks the rule right after evaluating the point it accepts, so lastMisfit is that point's.
        StoppingRule rule = discrepancy > 0
                ? (iteration, value, point) -> 2 * lastMisfit[0] / readings <= discrepancy
                : StoppingRule.NEVER;
        OptimumResult result = optimizer.minimize(
                objective,
                start,
                (iteration, value, point, gradientNorm) -> {
                    history.add(lastMisfit[0]);
                    listener.onStep(new StepInfo(iteration, optimizer.maxIterations(), lastMisfit[0], point));
                },
                rule);
        double[] x = result.point();
        double penalty = 0;
        if (lambda > 0) {
            shift(x, shifted);
            penalty = lambda * regulariser.value(shifted);
        }
        double misfit = result.value() - penalty;
        if (history.isEmpty()) {
            history.add(misfit);
        }
        double[] misfits = history.stream().mapToDouble(Double::doubleValue).toArray();
        boolean converged = result.termination() == Termination.GRADIENT_TOLERANCE
                || result.termination() == Termination.FUNCTION_TOLERANCE;
        Map<String, Double> statistics = new LinkedHashMap<>();
        statistics.put("iterations", (double) result.iterations());
        statistics.put("evaluations", (double) result.evaluations());
        statistics.put("objective", result.value());
        statistics.put("penalty", penalty);
        statistics.put("lambda", lambda);
        statistics.put("chiSquarePerReading", 2 * misfit / readings);
        statistics.put("discrepancy", discrepancy);
        statistics.put("stoppedByDiscrepancy", result.termination() == Termination.STOPPING_RULE ? 1.0 : 0.0);
        statistics.put("iterationLimit", result.termination() == Termination.MAX_ITERATIONS ? 1.0 : 0.0);
        statistics.put("converged", converged ? 1.0 : 0.0);
        Timings timings = new Timings(
                (System.nanoTime() - t0) * 1e-9, model.seconds(), model.evaluations(), model.gradientEvaluations());
        return Reconstruction.of(name(), model.unknowns(), new double[][] {x}, misfits, timings, statistics);
    }

    private void shift(double[] x, double[] out) {
        for (int i = 0; i < x.length; i++) {
            out[i] = reference == null ? x[i] : x[i] - reference[i];
        }
    }
}
