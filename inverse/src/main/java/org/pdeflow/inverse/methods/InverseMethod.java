package org.pdeflow.inverse.methods;

import java.util.Map;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/**
 * A method that reconstructs the unknowns of an inverse problem from its readings, as registered in
 * {@link Methods}: what it is called and shown as, whether it needs a diffusion prior, what its steps
 * are, and how its settings follow from the user's {@link MethodOptions}. The algorithm itself is a
 * {@link org.pdeflow.inverse.sampling.PosteriorSampler} or an
 * {@link org.pdeflow.inverse.sampling.Inversion}; this is the entry that names it and sets it up.
 */
public interface InverseMethod {

    /** What its results are. */
    enum Output {
        /** Posterior samples, as many as asked for. */
        SAMPLES,
        /** The members of an ensemble (at least two). */
        ENSEMBLE,
        /** One point estimate. */
        POINT_ESTIMATE
    }

    /** The name users type, e.g. {@code "fundps"}. */
    String name();

    /** The name as shown in reports, e.g. {@code "FunDPS"}. */
    String label();

    /** A paragraph for reports: what the method does, and the paper it follows. */
    String description();

    /** What one of its steps is called, e.g. {@code "Heun step"}. */
    String stepName();

    /** Whether it samples with a diffusion prior (else it uses the problem's classical Gaussian measure). */
    boolean needsPrior();

    /** What its results are. */
    Output output();

    /**
     * How many to draw in a run: an ensemble method's members, any other method's samples (a point estimate
     * ignores the count).
     *
     * @param samples the samples asked of a sampling method
     * @param ensemble the members asked of an ensemble method
     */
    default int draws(int samples, int ensemble) {
        return output() == Output.ENSEMBLE ? ensemble : samples;
    }

    /**
     * Network evaluations per sample and step (0 for methods without a network): the denoiser calls of
     * a run are about {@code steps * evaluationsPerStep()}.
     */
    double evaluationsPerStep();

    /**
     * Refuses problems it cannot run on.
     *
     * @throws IllegalArgumentException saying why
     */
    default void requireSupported(ProblemDefinition problem) {}

    /**
     * The method set up for a problem.
     *
     * @param options the user's knobs (unset ones take this method's defaults)
     * @param problem the problem it will run on (some defaults are the problem's)
     * @throws IllegalArgumentException for an invalid option
     */
    Configured configure(MethodOptions options, ProblemDefinition problem);

    /** A method with its settings, ready to run. */
    interface Configured {

        /** The method. */
        InverseMethod method();

        /** Its steps (levels, iterations). */
        int steps();

        /** Its settings as reported, steps first. */
        Map<String, Object> describe();

        /**
         * Runs it.
         *
         * @param problem the formulated problem with its readings
         * @param prior the diffusion prior, or null for methods that need none
         * @param samples samples, ensemble members (ignored by point estimates)
         * @param seed the seed of its only random generator
         * @param callback told after every step
         */
        Reconstruction run(
                InverseProblem problem, DiffusionFieldPrior prior, int samples, long seed, StepCallback callback);
    }
}
