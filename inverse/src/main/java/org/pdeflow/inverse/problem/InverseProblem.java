package org.pdeflow.inverse.problem;

import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;

/**
 * An inverse problem: recover the unknown fields x from data {@code y = G(x) + e}, {@code e ~ N(0,
 * diag(sigma^2))}. Only the problem: the prior and the algorithm are chosen separately and combined
 * when a {@link org.pdeflow.inverse.sampling.PosteriorSampler} or
 * {@link org.pdeflow.inverse.sampling.Inversion} is run (the InverseBench split of operator,
 * prior and algorithm; Zheng et al. 2025).
 *
 * @param name identifier, e.g. {@code "ns-inverse"}
 * @param forward the forward model G (its {@link ForwardModel#unknowns()} are the unknowns)
 * @param observations the data y with their noise levels; {@code forward.outputSize()} values
 * @param truth the packed true unknowns when known (synthetic problems, for error metrics), else
 *     {@code null}; copied
 */
public record InverseProblem(String name, ForwardModel forward, Observations observations, double[] truth) {

    public InverseProblem {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("problem name is required");
        }
        if (forward == null || observations == null) {
            throw new IllegalArgumentException("problem '" + name + "' needs a forward model and observations");
        }
        if (observations.size() != forward.outputSize()) {
            throw new IllegalArgumentException("problem '" + name + "': " + observations.size()
                    + " observations but the forward model predicts " + forward.outputSize());
        }
        if (truth != null) {
            forward.unknowns().requireLength(truth, "true unknowns of '" + name + "'");
            truth = truth.clone();
        }
    }

    /** The unknown fields, those of the forward model. */
    public Unknowns unknowns() {
        return forward.unknowns();
    }

    /** Whether the true unknowns are known. */
    public boolean hasTruth() {
        return truth != null;
    }

    /** The true unknowns (a copy), or null when unknown. */
    @Override
    public double[] truth() {
        return truth == null ? null : truth.clone();
    }

    /** The same problem with other data (e.g. another noise draw or a measurement file). */
    public InverseProblem withObservations(Observations other) {
        return new InverseProblem(name, forward, other, truth);
    }

    /**
     * Relative L2 error {@code |x - x_true| / |x_true|} over all unknowns, the metric of
     * InverseBench's Navier-Stokes task.
     *
     * @throws IllegalStateException when the truth is unknown
     */
    public double relativeError(double[] x) {
        if (truth == null) {
            throw new IllegalStateException("problem '" + name + "' has no known truth");
        }
        unknowns().requireLength(x, "estimate");
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - truth[i];
            num += d * d;
            den += truth[i] * truth[i];
        }
        return Math.sqrt(num / den);
    }
}
