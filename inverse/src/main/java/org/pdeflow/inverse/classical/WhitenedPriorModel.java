package org.pdeflow.inverse.classical;

import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.MisfitGradient;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;

/**
 * A forward model in the whitened coordinates of a Gaussian prior N(m, C): {@code xi -> G(m + S xi)}
 * with {@code C = S S^T} ({@link GaussianPrior#colour}), the gradient chained through {@code S^T}. The
 * prior's negative log-density in xi is {@code 1/2 |xi|^2} (the control-variable transform of
 * variational data assimilation). One gradient costs the inner model's plus two applications of S.
 */
final class WhitenedPriorModel implements ForwardModel {

    private final ForwardModel inner;
    private final GaussianPrior prior;
    private final double[] mean;
    private final Unknowns unknowns;

    WhitenedPriorModel(ForwardModel inner, GaussianPrior prior) {
        if (inner == null || prior == null) {
            throw new IllegalArgumentException("an inner model and a prior are required");
        }
        if (inner.unknowns().size() != prior.size()) {
            throw new IllegalArgumentException("the prior is on " + prior.size() + " values but the model has "
                    + inner.unknowns().size() + " unknowns");
        }
        this.inner = inner;
        this.prior = prior;
        this.mean = prior.mean();
        this.unknowns = Unknowns.single("xi", prior.grid());
    }

    /** The inner model's unknowns at xi, {@code m + S xi}. */
    double[] innerUnknowns(double[] xi) {
        double[] x = prior.colour(xi);
        for (int i = 0; i < x.length; i++) {
            x[i] += mean[i];
        }
        return x;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return inner.outputSize();
    }

    @Override
    public double[] apply(double[] xi) {
        return inner.apply(innerUnknowns(xi));
    }

    @Override
    public boolean hasGradient() {
        return inner.hasGradient();
    }

    @Override
    public double[] vjp(double[] xi, double[] cotangent) {
        return prior.colourTranspose(inner.vjp(innerUnknowns(xi), cotangent));
    }

    @Override
    public MisfitGradient misfitAndGradient(double[] xi, Observations observations) {
        MisfitGradient m = inner.misfitAndGradient(innerUnknowns(xi), observations);
        return new MisfitGradient(m.predicted(), m.misfit(), prior.colourTranspose(m.gradient()));
    }

    @Override
    public String description() {
        return "whitened " + prior + " -> " + inner.description();
    }
}
