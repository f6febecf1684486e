package org.pdeflow.inverse.classical;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;

/**
 * The MAP estimate under a Gaussian prior N(m, C) (variational data assimilation, "4D-Var" when G is a
 * time integration): Tikhonov's objective with the prior's precision as penalty, weight lambda = 1,
 * <pre>
 *   minimise  J(x) = 1/2 |(G(x) - y) / sigma|^2 + (lambda / 2) (x - m)^T C^{-1} (x - m),
 * </pre>
 * the negative log-posterior, so the penalty scales with the readings' sigma and needs no tuning.
 * It is solved in whitened coordinates, {@code x = m + S xi} with {@code C = S S^T}
 * ({@link GaussianPrior#colour}, matrix-free for periodic and Neumann fields), where
 * {@code J = 1/2 |(G(m + S xi) - y) / sigma|^2 + (lambda / 2) |xi|^2} (the control-variable transform
 * of operational 4D-Var), by {@link TikhonovInversion} with {@link Regulariser#euclidean} from xi = 0,
 * i.e. from the prior mean, or from the whitened coordinates of a first guess
 * ({@link GaussianPrior#whiten}; the objective is the same, only L-BFGS's start differs). Whitening
 * needs neither C^{-1} nor a factorisation, keeps x in the prior's support (a removed mean stays
 * removed) and preconditions L-BFGS with the prior: the Hessian in xi is I + S^T G'^T G' S / sigma^2
 * instead of C^{-1} + G'^T G' / sigma^2.
 *
 * <p>Stopping: optionally by the discrepancy principle (tau, {@link TikhonovInversion}): at the first
 * iterate whose misfit per reading chi^2 / M is at most tau. The result is in the problem's unknowns; its
 * statistics are {@link TikhonovInversion}'s ({@code penalty} is {@code lambda/2 |xi|^2}).
 */
public final class PriorMapInversion {

    private final TikhonovInversion search;

    /**
     * @param lambda weight of the prior term, 1 for the MAP (other values temper the prior), &gt;= 0
     * @param optimizer the L-BFGS settings
     * @param discrepancy tau of the discrepancy principle, 0 for none
     */
    public PriorMapInversion(double lambda, Lbfgs optimizer, double discrepancy) {
        this.search = new TikhonovInversion(lambda, Regulariser.euclidean(), null, optimizer, discrepancy);
    }

    /**
     * Finds the MAP (or the discrepancy principle's iterate).
     *
     * @param problem the problem, with a gradient; a single unknown field on the prior's grid
     * @param prior its Gaussian prior
     * @param callback told after every iteration (its estimate: the problem's unknowns), or null
     * @return the estimate as a one-sample reconstruction in the problem's unknowns
     */
    public Reconstruction invert(InverseProblem problem, GaussianPrior prior, StepCallback callback) {
        return invert(problem, prior, null, callback);
    }

    /**
     * Finds the MAP (or the discrepancy principle's iterate) starting from a first guess. The guess's
     * component outside the prior's support (e.g. its mean, when the prior removes it) is dropped; a guess
     * that already fits the readings within the discrepancy tau is returned as it is (the rule applies to
     * the start too). The statistics add {@code firstGuess} (1 when started from one, else 0); the time to
     * make the guess is the caller's, not in the timings.
     *
     * @param problem the problem, with a gradient; a single unknown field on a periodic prior's grid when
     *     a guess is given
     * @param prior its Gaussian prior
     * @param start the first guess in the problem's unknowns, or null for the prior mean
     * @param callback told after every iteration (its estimate: the problem's unknowns), or null
     * @return the estimate as a one-sample reconstruction in the problem's unknowns
     */
    public Reconstruction invert(InverseProblem problem, GaussianPrior prior, double[] start, StepCallback callback) {
        WhitenedPriorModel whitened = new WhitenedPriorModel(problem.forward(), prior);
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        Reconstruction map = search.invert(
                new InverseProblem(problem.name(), whitened, problem.observations(), null),
                start == null ? new double[whitened.unknowns().size()] : prior.whiten(start),
                info -> listener.onStep(new StepInfo(
                        info.step(), info.total(), info.misfit(), whitened.innerUnknowns(info.estimate()))));
        Map<String, Double> statistics = new LinkedHashMap<>(map.statistics());
        statistics.put("firstGuess", start == null ? 0.0 : 1.0);
        return Reconstruction.of(
                map.method(),
                problem.unknowns(),
                new double[][] {whitened.innerUnknowns(map.samples()[0])},
                map.misfitHistory(),
                map.timings(),
                statistics);
    }
}
