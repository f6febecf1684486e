package org.pdeflow.inverse.sampling;

import java.util.random.RandomGenerator;
import org.pdeflow.inverse.problem.InverseProblem;

/**
 * An algorithm that draws (approximate) samples of the posterior
 * {@code p(x | y) ~ exp(-Phi(x)) p(x)} of an inverse problem under a prior of type {@code P}.
 *
 * <p>Problem, prior and algorithm are independent and meet only here (InverseBench's
 * operator / prior / algorithm split). The prior's type is a parameter because the algorithms need
 * different things from it: pCN and ensemble Kalman inversion need a Gaussian measure they can
 * sample ({@link org.pdeflow.inverse.prior.GaussianPrior}); the guided diffusion samplers (DPS,
 * DAPS, EnKG, ...) need a denoiser with its noise schedule. A type parameter keeps each pairing
 * checked by the compiler, with no common "prior" abstraction that would have to be empty.
 * Prior-free point estimates implement {@link Inversion} instead.
 *
 * @param <P> what the algorithm needs from the prior
 */
public interface PosteriorSampler<P> {

    /**
     * Runs the algorithm on the problem's own readings ({@link InverseProblem#observations()}; condition
     * on other readings with {@link InverseProblem#withObservations}).
     *
     * @param problem the forward model and the readings (and, for metrics, the truth)
     * @param prior the prior
     * @param samples number of samples to return (the ensemble size of ensemble methods, the number
     *     of retained states of a Markov chain)
     * @param rng the only source of randomness, for reproducible runs
     * @param callback told after every step
     * @return the samples with their mean and standard deviation
     */
    Reconstruction sample(InverseProblem problem, P prior, int samples, RandomGenerator rng, StepCallback callback);

    /** Short name for logs and result files, e.g. {@code "pcn"}. */
    String name();
}
