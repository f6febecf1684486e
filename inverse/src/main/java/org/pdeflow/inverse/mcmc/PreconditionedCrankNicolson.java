package org.pdeflow.inverse.mcmc;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.forward.CountingForwardModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;

/**
 * Preconditioned Crank-Nicolson MCMC (Cotter, Roberts, Stuart &amp; White 2013, "MCMC methods for
 * functions: modifying old algorithms to make them faster", Statist. Sci. 28, 424, sec. 4.2): a
 * reference sampler of the posterior {@code p(x | y) ~ exp(-Phi(x)) N(m, C)(dx)} for small problems
 * with a Gaussian prior. The proposal preserves the prior,
 * <pre>
 *   x' = m + sqrt(1 - beta^2) (x - m) + beta xi,   xi ~ N(0, C),
 * </pre>
 * so the acceptance probability involves only the data misfit: {@code min(1, exp(Phi(x) - Phi(x')))},
 * and the acceptance rate does not degrade as the grid is refined.
 *
 * <p><b>Adaptation.</b> During burn-in, beta is adapted every {@value #ADAPT_BLOCK} proposals
 * towards a target acceptance rate by a Robbins-Monro step on log beta,
 * {@code log beta += (rate - target) / sqrt(block)}, beta kept in [1e-4, 1]. After burn-in beta is
 * fixed, so the retained chain is a proper (time-homogeneous) Markov chain.
 *
 * <p>The chain starts at the prior mean. It runs {@code burnIn + samples * thinning} proposals, one
 * forward evaluation each (sequential). The callback is told after every {@code thinning} proposals;
 * the misfit history records Phi of the current state at each of those points. Statistics:
 * {@code acceptanceRate} (after burn-in), {@code burnInAcceptanceRate}, {@code beta} (the value used
 * after burn-in), {@code proposals}.
 */
public final class PreconditionedCrankNicolson implements PosteriorSampler<GaussianPrior> {

    /** Proposals per adaptation block. */
    public static final int ADAPT_BLOCK = 50;

    private final int burnIn;
    private final int thinning;
    private final double initialBeta;
    private final double targetAcceptance;
    private final boolean adapt;

    /**
     * @param burnIn proposals discarded (and used for adaptation), &gt;= 0
     * @param thinning keep every thinning-th state, &gt;= 1
     * @param initialBeta beta in (0, 1]
     * @param targetAcceptance target acceptance rate in (0, 1) for the adaptation (0.25 is common)
     * @param adapt whether to adapt beta during burn-in
     */
    public PreconditionedCrankNicolson(
            int burnIn, int thinning, double initialBeta, double targetAcceptance, boolean adapt) {
        if (burnIn < 0 || thinning < 1) {
            throw new IllegalArgumentException(
                    "burn-in must be >= 0 and thinning >= 1, got " + burnIn + " and " + thinning);
        }
        if (!(initialBeta > 0 && initialBeta <= 1)) {
            throw new IllegalArgumentException("beta must be in (0, 1], got " + initialBeta);
        }
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("target acceptance must be in (0, 1), got " + targetAcceptance);
        }
        this.burnIn = burnIn;
        this.thinning = thinning;
        this.initialBeta = initialBeta;
        this.targetAcceptance = targetAcceptance;
        this.adapt = adapt;
    }

    /** Adaptive pCN: beta from 0.2 towards 25 % acceptance during burn-in. */
    public static PreconditionedCrankNicolson adaptive(int burnIn, int thinning) {
        return new PreconditionedCrankNicolson(burnIn, thinning, 0.2, 0.25, true);
    }

    @Override
    public String name() {
        return "pcn";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem, GaussianPrior prior, int samples, RandomGenerator rng, StepCallback callback) {
        Observations observations = problem.observations();
        long t0 = System.nanoTime();
        CountingForwardModel model = new CountingForwardModel(problem.forward());
        Unknowns unknowns = model.unknowns();
        if (prior == null || !prior.unknowns().equals(unknowns)) {
            throw new IllegalArgumentException("the prior must be on the problem's unknowns " + unknowns.names());
        }
        if (samples < 1) {
            throw new IllegalArgumentException("at least one sample is required, got " + samples);
        }
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        int n = unknowns.size();
        double[] m = prior.mean();
        double[] x = m.clone();
        double phi = observations.misfit(model.apply(x));
        double[] xi = new double[n];
        double[] proposal = new double[n];
        double beta = initialBeta;
        long total = burnIn + (long) samples * thinning;
        double[][] kept = new double[samples][];
        double[] history = new double[(int) (total / thinning)];
        int accepted = 0;
        int acceptedBurnIn = 0;
        int blockAccepted = 0;
        int block = 0;
        int kept0 = 0;
        for (long it = 1; it <= total; it++) {
            prior.sampleDeviation(rng, xi);
            double keep = Math.sqrt(1 - beta * beta);
            for (int i = 0; i < n; i++) {
                proposal[i] = m[i] + keep * (x[i] - m[i]) + beta * xi[i];
            }
            double phiNew;
            try {
                phiNew = observations.misfit(model.apply(proposal));
            } catch (IllegalArgumentException e) {
                phiNew = Double.POSITIVE_INFINITY;
            }
            boolean accept = phiNew <= phi || Math.log(rng.nextDouble()) < phi - phiNew;
            if (accept) {
                double[] t = x;
                x = proposal;
                proposal = t;
                phi = phiNew;
            }
            if (it <= burnIn) {
                if (accept) {
                    acceptedBurnIn++;
                    blockAccepted++;
                }
                if (adapt && it % ADAPT_BLOCK == 0) {
                    block++;
                    double rate = blockAccepted / (double) ADAPT_BLOCK;
                    beta = Math.min(1.0, Math.max(1e-4, beta * Math.exp((rate - targetAcceptance) / Math.sqrt(block))));
                    blockAccepted = 0;
                }
            } else {
                if (accept) {
                    accepted++;
                }
                if ((it - burnIn) % thinning == 0) {
                    kept[kept0++] = x.clone();
                }
            }
            if (it % thinning == 0) {
                int step = (int) (it / thinning);
                history[step - 1] = phi;
                listener.onStep(new StepInfo(step, history.length, phi, x));
            }
        }
        Timings timings = new Timings((System.nanoTime() - t0) * 1e-9, model.seconds(), model.evaluations(), 0);
        return Reconstruction.of(
                name(),
                unknowns,
                kept,
                history,
                timings,
                Map.of(
                        "acceptanceRate",
                        accepted / (double) ((long) samples * thinning),
                        "burnInAcceptanceRate",
                        burnIn == 0 ? Double.NaN : acceptedBurnIn / (double) burnIn,
                        "beta",
                        beta,
                        "proposals",
                        (double) total));
    }
}
