package org.pdeflow.inverse.sampling;

import org.pdeflow.inverse.problem.InverseProblem;

/**
 * A prior-free, deterministic reconstruction: a point estimate from the data alone plus whatever
 * regularisation the method itself is configured with (e.g. Tikhonov's penalty). The sibling of
 * {@link PosteriorSampler} for methods that take neither a prior nor a random generator; its
 * result is a {@link Reconstruction} with one sample and zero spread.
 */
public interface Inversion {

    /**
     * Runs the method.
     *
     * @param problem the forward model and the readings
     * @param start the initial iterate (packed unknowns), not modified
     * @param callback told after every iteration
     * @return the estimate as a one-sample reconstruction
     */
    Reconstruction invert(InverseProblem problem, double[] start, StepCallback callback);

    /** Short name for logs and result files, e.g. {@code "tikhonov"}. */
    String name();
}
