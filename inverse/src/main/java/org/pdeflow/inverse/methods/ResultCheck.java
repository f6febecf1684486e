package org.pdeflow.inverse.methods;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.Reconstruction;

/**
 * The rule that separates a result from a run that blew up. Every run of a registered method
 * ({@link MethodEntry}) is held to it; a run that breaks it fails with a
 * {@link org.pdeflow.inverse.sampling.DivergenceException} instead of returning samples. A result
 * passes when
 *
 * <ol>
 *   <li>every value of every sample, and the final data misfit, are finite;
 *   <li>the final data misfit per reading, {@code Phi / m} with {@code Phi = 1/2 sum ((G(x) - y) /
 *       sigma)^2}, is at most {@link #MAX_MISFIT_PER_READING} = 1e12: the readings are missed by
 *       less than about 1.4e6 noise standard deviations (root mean square), which any sample that
 *       explains them at all does, even with a tiny sigma floor for exact readings;
 *   <li>each field of each sample lies within {@link #MAX_RMS_PRIOR_DEVIATIONS} = 10 of the prior's
 *       mean, as the root mean square over the field's nodes of {@code z = (x - shift) / scale}, the
 *       prior's model units ({@link DiffusionFieldPrior#toModel}, with the shift and scale of its
 *       training data or of the Gaussian baseline) in which the prior's own fields have a root mean
 *       square of about one: the field is an order of magnitude outside the prior's range (one node
 *       alone trips it when it is {@code 10 sqrt(n)} away, 640 prior standard deviations at 64 x 64),
 *       while a few stray nodes of a poor but sane sample do not;
 *   <li>every value of an unknown the problem bounds node by node
 *       ({@link ProblemDefinition#maxPriorDeviations}; Darcy's log a: 10, a within a factor e^7 of
 *       its prior mean, three orders of magnitude) lies within that bound in the same units.
 * </ol>
 *
 * <p>The prior of rules 3 and 4 is the run's diffusion prior, or for methods without one the
 * problem's Gaussian baseline ({@link ProblemDefinition#gaussianPrior}) when it has one; fields the
 * prior does not model (a derived one) are not held to them. The bounds are far from any posterior
 * sample: they catch runs whose guidance has diverged (a permeability of 4000 where the data are 3
 * and 12, a misfit of 1e48), or readings the prior cannot explain at all, not merely poor
 * reconstructions.
 */
public final class ResultCheck {

    /** The largest final data misfit per reading. */
    public static final double MAX_MISFIT_PER_READING = 1e12;

    /** The largest root-mean-square distance of a sample field from the prior's mean, in the prior's units. */
    public static final double MAX_RMS_PRIOR_DEVIATIONS = 10;

    private ResultCheck() {}

    /**
     * Whether a misfit reported after a step is acceptable while a run goes on: only a non-finite
     * one is not (intermediate estimates of a diffusion run may miss the readings widely).
     *
     * @return the reason, or empty
     */
    public static Optional<String> stepViolation(double misfit) {
        return Double.isFinite(misfit) ? Optional.empty() : Optional.of("the data misfit is " + misfit);
    }

    /**
     * Holds a result to the rule.
     *
     * @param r the result
     * @param readings the number of readings m
     * @param prior the prior whose model units measure the samples, or null to skip rules 3 and 4
     * @param bound the node-by-node bound per unknown, in the prior's model units (infinite: none)
     * @return the first broken rule as one line, or empty when the result passes
     */
    public static Optional<String> violation(
            Reconstruction r, int readings, DiffusionFieldPrior prior, ToDoubleFunction<String> bound) {
        for (FieldSpec f : r.unknowns().fields()) {
            for (int k = 0; k < r.sampleCount(); k++) {
                double[] x = r.sample(k, f.name());
                for (int i = 0; i < x.length; i++) {
                    if (!Double.isFinite(x[i])) {
                        return Optional.of("sample " + k + " of " + f.name() + " is " + x[i] + " at node " + i);
                    }
                }
            }
        }
        double[] history = r.misfitHistory();
        if (history.length > 0) {
            double misfit = r.finalMisfit();
            if (!Double.isFinite(misfit)) {
                return Optional.of("the final data misfit is " + misfit);
            }
            if (readings > 0 && misfit / readings > MAX_MISFIT_PER_READING) {
                return Optional.of(String.format(
                        Locale.ROOT,
                        "the final data misfit per reading is %.3g, above the bound %.0e: the readings are missed"
                                + " by %.3g noise standard deviations (RMS)",
                        misfit / readings,
                        MAX_MISFIT_PER_READING,
                        Math.sqrt(2 * misfit / readings)));
            }
        }
        return prior == null ? Optional.empty() : outsidePrior(r, prior, bound);
    }

    private static Optional<String> outsidePrior(
            Reconstruction r, DiffusionFieldPrior prior, ToDoubleFunction<String> bound) {
        List<FieldSpec> channels = prior.unknowns().fields();
        int c = channels.size();
        FieldSpec first = channels.get(0);
        int n = first.grid().size();
        boolean[] checked = new boolean[c];
        boolean any = false;
        for (int k = 0; k < c; k++) {
            String name = channels.get(k).name();
            checked[k] = r.unknowns().names().contains(name)
                    && r.unknowns().field(name).grid().size() == n;
            any |= checked[k];
        }
        if (!any) {
            return Optional.empty();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            for (int s = 0; s < r.sampleCount(); s++) {
                float[] physical = new float[c * n];
                for (int k = 0; k < c; k++) {
                    if (checked[k]) {
                        double[] x = r.sample(s, channels.get(k).name());
                        for (int i = 0; i < n; i++) {
                            physical[k * n + i] = (float) x[i];
                        }
                    }
                }
                NDArray in = m.create(
                        physical,
                        new Shape(1, c, first.grid().nx(), first.grid().ny()));
                float[] model = prior.toModel(in).toFloatArray();
                for (int k = 0; k < c; k++) {
                    if (checked[k]) {
                        Optional<String> bad =
                                outside(model, k * n, n, s, channels.get(k).name(), bound);
                        if (bad.isPresent()) {
                            return bad;
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Rules 3 and 4 for one field of one sample, {@code z[from .. from + n)} in the prior's units. */
    private static Optional<String> outside(
            float[] z, int from, int n, int sample, String field, ToDoubleFunction<String> bound) {
        double sum = 0;
        int worst = from;
        for (int i = from; i < from + n; i++) {
            sum += (double) z[i] * z[i];
            if (!(Math.abs(z[i]) <= Math.abs(z[worst]))) {
                worst = i;
            }
        }
        double rms = Math.sqrt(sum / n);
        if (!(rms <= MAX_RMS_PRIOR_DEVIATIONS)) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "sample %d of %s lies %.3g prior standard deviations from the prior's mean (root mean square"
                            + " over the field; the bound is %.0f)",
                    sample,
                    field,
                    rms,
                    MAX_RMS_PRIOR_DEVIATIONS));
        }
        double allowed = bound.applyAsDouble(field);
        if (!(Math.abs(z[worst]) <= allowed)) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "sample %d of %s reaches %.3g prior standard deviations from the prior's mean at node %d"
                            + " (the bound for %s is %.0f)",
                    sample,
                    field,
                    Math.abs(z[worst]),
                    worst - from,
                    field,
                    allowed));
        }
        return Optional.empty();
    }
}
