package org.pdeflow.inverse.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.LinearGaussianProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;

/**
 * The MAP under a Gaussian prior in whitened coordinates ({@link PriorMapInversion}) and the
 * discrepancy principle of {@link TikhonovInversion}: checked against the closed-form posterior of the
 * linear-Gaussian problem, and on a tiny Navier-Stokes problem against the unregularised fit.
 */
class PriorMapInversionTest {

    private static final LinearGaussianProblem LG = LinearGaussianProblem.standard(5);

    /** Without a stopping rule the whitened MAP is the exact posterior mean, to 1e-8. */
    @Test
    void whitenedMapIsThePosteriorMean() {
        Reconstruction r =
                new PriorMapInversion(1.0, new Lbfgs(20, 5000, 1e-13, 0), 0.0).invert(LG.problem(), LG.prior(), null);
        double[] exact = LG.posteriorMean();
        double err = 0;
        double ref = 0;
        for (int i = 0; i < exact.length; i++) {
            err = Math.max(err, Math.abs(r.mean()[i] - exact[i]));
            ref = Math.max(ref, Math.abs(exact[i]));
        }
        assertTrue(err < 1e-8 * ref, "max |MAP - mu| = " + err + " (|mu|max " + ref + ")");
        assertEquals(0.0, r.statistics().get("stoppedByDiscrepancy"));
    }

    /**
     * With tau between chi^2 / M at the prior mean (the start) and at the posterior mean (the MAP, the
     * end of an unstopped run), both computed here from the exact posterior, the discrepancy principle
     * stops at the first iterate with chi^2 / M &lt;= tau, before the MAP; in whitened and in plain
     * coordinates (the dense precision penalty).
     */
    @Test
    void discrepancyPrincipleStopsAtTheFirstIterateWithinTau() {
        InverseProblem problem = LG.problem();
        Observations data = problem.observations();
        int m = data.size();
        double atStart = 2 * data.misfit(problem.forward().apply(LG.prior().mean())) / m;
        double atMap = 2 * data.misfit(problem.forward().apply(LG.posteriorMean())) / m;
        assertTrue(atStart > atMap, "chi^2 / M at the prior mean " + atStart + ", at the MAP " + atMap);
        double tau = Math.sqrt(atStart * atMap);
        Lbfgs lbfgs = new Lbfgs(20, 5000, 1e-13, 0);
        TikhonovInversion plain = new TikhonovInversion(
                1.0, Regulariser.gaussian(LG.prior()), LG.prior().mean(), lbfgs, tau);
        for (int variant = 0; variant < 2; variant++) {
            List<Double> chi = new ArrayList<>();
            Reconstruction r = variant == 0
                    ? new PriorMapInversion(1.0, lbfgs, tau)
                            .invert(problem, LG.prior(), info -> chi.add(2 * info.misfit() / m))
                    : plain.invert(problem, LG.prior().mean(), info -> chi.add(2 * info.misfit() / m));
            String label = variant == 0 ? "whitened" : "plain";
            assertEquals(1.0, r.statistics().get("stoppedByDiscrepancy"), label);
            assertEquals(tau, r.statistics().get("discrepancy"), label);
            assertEquals(chi.size(), r.statistics().get("iterations").intValue(), label);
            double reached = 2 * data.misfit(problem.forward().apply(r.mean())) / m;
            assertEquals(reached, r.statistics().get("chiSquarePerReading"), 1e-9 * reached, label);
            assertTrue(reached <= tau, label + ": chi^2 / M " + reached + " > tau " + tau);
            assertEquals(reached, chi.get(chi.size() - 1), 1e-9 * reached, label);
            for (int i = 0; i < chi.size() - 1; i++) {
                assertTrue(chi.get(i) > tau, label + ": within tau already at iteration " + (i + 1));
            }
            assertTrue(reached > atMap, label + ": stopped at the MAP's misfit, not before it");
        }
    }

    /**
     * ns-inverse in small (16 x 16, T = 0.2 in 20 steps, every 2nd node read, noise 10 % of the
     * readings' RMS): the MAP stopped by the discrepancy principle (tau = 1) is no worse in omega0 than
     * L-BFGS without a penalty run five times as long, which keeps fitting the noise with the
     * unobserved fine scales.
     */
    @Test
    void stoppedMapBeatsTheUnregularisedFitOnNavierStokes() {
        NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(16, Dealiasing.CIRCULAR);
        GaussianPrior prior = GaussianPrior.centred(
                NavierStokesForwardModel.FIELD,
                new PeriodicGaussianField(eq.grid(), new GrfSpec(3.0, 2.0, 30.0, true)));
        double[] truth = prior.sample(new SplittableRandom(7));
        try (NavierStokesForwardModel model =
                new NavierStokesForwardModel(eq, 0.2, 0.01, new GridSubsampling(eq.grid(), 2), 1.0, 32)) {
            double[] clean = model.apply(truth);
            double rms = Math.sqrt(dot(clean, clean) / clean.length);
            Observations data = Observations.synthetic(clean, 0.1 * rms, 0.1 * rms, new SplittableRandom(8));
            InverseProblem problem = new InverseProblem("ns-tiny", model, data, truth);
            Reconstruction map = new PriorMapInversion(1.0, Lbfgs.defaults().withMaxIterations(200), 1.0)
                    .invert(problem, prior, null);
            int stop = map.statistics().get("iterations").intValue();
            assertEquals(1.0, map.statistics().get("stoppedByDiscrepancy"), "stopped after " + stop);
            Reconstruction plain = new TikhonovInversion(
                            0, null, null, Lbfgs.defaults().withMaxIterations(5 * stop))
                    .invert(problem, new double[truth.length], null);
            double mapError = relativeError(map.mean(), truth);
            double plainError = relativeError(plain.mean(), truth);
            assertTrue(
                    mapError <= plainError,
                    "rel L2 of the stopped MAP " + mapError + " (" + stop + " iterations) against " + plainError
                            + " without a penalty");
        }
    }

    private static double relativeError(double[] x, double[] truth) {
        double e = 0;
        for (int i = 0; i < x.length; i++) {
            e += (x[i] - truth[i]) * (x[i] - truth[i]);
        }
        return Math.sqrt(e / dot(truth, truth));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
