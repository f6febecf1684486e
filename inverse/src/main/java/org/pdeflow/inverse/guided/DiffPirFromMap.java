package org.pdeflow.inverse.guided;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;
import org.pdeflow.pde.grf.PeriodicGaussianField;

/**
 * DiffPIR refining a classical MAP estimate: first the MAP under the problem's Gaussian prior N(m, B) (4D-Var,
 * {@link PriorMapInversion}: L-BFGS from the first guess, discrepancy-principle stop), then {@link DiffPir} started
 * from it, noised only to a small start level; optionally with B as the background of its data steps
 * ({@link DiffPir#DiffPir(DiffPir.Settings, GaussianPrior)}) where B is stationary (a periodic field), else with
 * DiffPIR's own N(x̂0, sigma^2 C). The Gaussian MAP gets the scales the readings
 * determine; the diffusion prior then replaces what the Gaussian prior fills in where the readings are silent
 * (ns-inverse: the small scales that viscosity erases by T), one network call per level. This is the diffusion
 * counterpart of the classical two-stage scheme (a background estimate, then a correction), and what makes the
 * network's knowledge count on problems whose data step needs hundreds of adjoint gradients.
 *
 * <p>The result is DiffPIR's, with the MAP's cost added to its timings and its misfit history prefixed; the
 * statistics gain {@code mapIterations} and {@code mapChiSquarePerReading}. Steps reported to the callback count
 * the MAP's iterations first, then DiffPIR's levels.
 */
public final class DiffPirFromMap {

    private final Lbfgs lbfgs;
    private final DiffPir.Settings settings;
    private final boolean background;

    /**
     * @param lbfgs the MAP's optimiser (its iteration limit and memory); the MAP has lambda 1 and stops by the
     *     discrepancy principle at chi^2 / M &lt;= 1, as {@code tikhonov}'s prior penalty does
     * @param settings DiffPIR's settings (its start level is the noise put on the MAP)
     * @param background whether DiffPIR's data steps use the Gaussian prior as background (where it is periodic)
     */
    public DiffPirFromMap(Lbfgs lbfgs, DiffPir.Settings settings, boolean background) {
        this.lbfgs = lbfgs;
        this.settings = settings;
        this.background = background;
    }

    /**
     * Runs both stages.
     *
     * @param problem the problem (its forward model needs a gradient)
     * @param prior the diffusion prior over the unknowns
     * @param gaussian the problem's Gaussian prior: the MAP's prior (and DiffPIR's background, when asked for)
     * @param firstGuess where the MAP starts (null: the prior's mean)
     * @param samples DiffPIR samples from the one MAP
     * @param rng DiffPIR's noise
     * @param callback progress, or null
     * @return the samples
     */
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            GaussianPrior gaussian,
            double[] firstGuess,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        StepCallback cb = callback == null ? StepCallback.NONE : callback;
        int total = lbfgs.maxIterations() + settings.levels();
        Reconstruction start = new PriorMapInversion(1.0, lbfgs, 1.0)
                .invert(
                        problem,
                        gaussian,
                        firstGuess,
                        info -> cb.onStep(new StepInfo(info.step(), total, info.misfit(), info.estimate())));
        int done = start.misfitHistory().length;
        // Only a stationary (periodic) Gaussian prior is diagonal where DiffPIR's data step needs it.
        GaussianPrior metric = background && gaussian.field() instanceof PeriodicGaussianField ? gaussian : null;
        Reconstruction refined = new DiffPir(settings, metric)
                .sample(
                        problem,
                        prior,
                        start.mean(),
                        samples,
                        rng,
                        info -> cb.onStep(new StepInfo(
                                done + info.step(), done + settings.levels(), info.misfit(), info.estimate())));
        double[] history = new double[done + refined.misfitHistory().length];
        System.arraycopy(start.misfitHistory(), 0, history, 0, done);
        System.arraycopy(refined.misfitHistory(), 0, history, done, refined.misfitHistory().length);
        Timings a = start.timings();
        Timings b = refined.timings();
        Timings timings = new Timings(
                a.seconds() + b.seconds(),
                a.forwardSeconds() + b.forwardSeconds(),
                a.forwardEvaluations() + b.forwardEvaluations(),
                a.gradientEvaluations() + b.gradientEvaluations());
        Map<String, Double> statistics = new LinkedHashMap<>(refined.statistics());
        statistics.put("mapIterations", (double) done);
        Double chi = start.statistics().get("chiSquarePerReading");
        if (chi != null) {
            statistics.put("mapChiSquarePerReading", chi);
        }
        return new Reconstruction(
                refined.method() + " from the MAP",
                refined.unknowns(),
                refined.samples(),
                refined.mean(),
                refined.std(),
                history,
                timings,
                statistics);
    }
}
