package org.pdeflow.inverse.forward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;

/**
 * A linear forward model that observes one of the unknown fields directly, {@code G(x) = A x_f}:
 * e.g. sparse readings of the coefficient a in DiffusionPDE's "forward" Darcy problem (unknowns a
 * and u), or the point observations of the linear-Gaussian verification problem. The gradient is
 * exact ({@code J^T w = A^T w} on field f, zero elsewhere), on {@code double[]} and through DJL.
 */
public final class ObservedFieldModel implements ForwardModel, TensorForwardModel {

    private final Unknowns unknowns;
    private final String field;
    private final int channel;
    private final int offset;
    private final ObservationOperator observation;

    /**
     * @param unknowns all unknown fields
     * @param field the observed one
     * @param observation the operator, on that field's grid
     */
    public ObservedFieldModel(Unknowns unknowns, String field, ObservationOperator observation) {
        if (unknowns == null || observation == null) {
            throw new IllegalArgumentException("unknowns and observation operator are required");
        }
        this.channel = unknowns.indexOf(field);
        if (!unknowns.fields().get(channel).grid().equals(observation.grid())) {
            throw new IllegalArgumentException("observation operator acts on " + observation.grid() + " but field '"
                    + field + "' lives on " + unknowns.fields().get(channel).grid());
        }
        this.unknowns = unknowns;
        this.field = field;
        this.offset = unknowns.offset(channel);
        this.observation = observation;
    }

    /** The observed field's name. */
    public String field() {
        return field;
    }

    /** The observation operator. */
    public ObservationOperator observation() {
        return observation;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return observation.size();
    }

    @Override
    public double[] apply(double[] x) {
        return observation.apply(unknowns.extract(x, field));
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        unknowns.requireLength(x, "unknowns");
        Cotangents.require(cotangent, outputSize());
        double[] g = new double[unknowns.size()];
        double[] f = new double[observation.grid().size()];
        observation.applyTranspose(cotangent, f);
        System.arraycopy(f, 0, g, offset, f.length);
        return g;
    }

    @Override
    public MisfitGradient misfitAndGradient(double[] x, Observations observations) {
        double[] predicted = apply(x);
        return new MisfitGradient(
                predicted, observations.misfit(predicted), vjp(x, observations.misfitGradient(predicted)));
    }

    @Override
    public NDArray forward(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != unknowns.count()) {
            throw new IllegalArgumentException("input must have shape (B, " + unknowns.count() + ", nx, ny), got " + s);
        }
        return observation.apply(x.get(new NDIndex(":, " + channel)));
    }

    @Override
    public String description() {
        return "observation of '" + field + "': " + observation.description();
    }
}
