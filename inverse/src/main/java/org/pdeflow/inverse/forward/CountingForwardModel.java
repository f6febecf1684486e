package org.pdeflow.inverse.forward;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.pdeflow.inverse.observe.Observations;

/**
 * Wraps a forward model and counts its evaluations and the wall time spent in them, for the
 * {@link org.pdeflow.inverse.sampling.Timings} of a reconstruction. Batches count one evaluation per
 * member. Thread-safe.
 */
public final class CountingForwardModel implements ForwardModel {

    private final ForwardModel model;
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong gradients = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    /** @param model the model to count */
    public CountingForwardModel(ForwardModel model) {
        if (model == null) {
            throw new IllegalArgumentException("forward model is required");
        }
        this.model = model;
    }

    /** The wrapped model. */
    public ForwardModel model() {
        return model;
    }

    /** Forward evaluations so far (batch members counted singly, misfit-gradient calls included). */
    public long evaluations() {
        return evaluations.get();
    }

    /** Gradient evaluations (vjp or misfit-and-gradient) so far. */
    public long gradientEvaluations() {
        return gradients.get();
    }

    /** Wall time spent inside the model, in seconds (overlapping batch members counted once). */
    public double seconds() {
        return nanos.get() * 1e-9;
    }

    @Override
    public Unknowns unknowns() {
        return model.unknowns();
    }

    @Override
    public int outputSize() {
        return model.outputSize();
    }

    @Override
    public double[] apply(double[] x) {
        long t0 = System.nanoTime();
        try {
            return model.apply(x);
        } finally {
            evaluations.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        long t0 = System.nanoTime();
        try {
            return model.applyBatch(xs);
        } finally {
            evaluations.addAndGet(xs.length);
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public boolean hasGradient() {
        return model.hasGradient();
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        long t0 = System.nanoTime();
        try {
            return model.vjp(x, cotangent);
        } finally {
            gradients.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public Pullback pullback(double[] x, UnaryOperator<double[]> cotangentOf) {
        long t0 = System.nanoTime();
        try {
            return model.pullback(x, cotangentOf);
        } finally {
            evaluations.incrementAndGet();
            gradients.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public Pullback[] pullbackBatch(double[][] xs, UnaryOperator<double[]> cotangentOf) {
        long t0 = System.nanoTime();
        try {
            return model.pullbackBatch(xs, cotangentOf);
        } finally {
            evaluations.addAndGet(xs.length);
            gradients.addAndGet(xs.length);
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public MisfitGradient misfitAndGradient(double[] x, Observations observations) {
        long t0 = System.nanoTime();
        try {
            return model.misfitAndGradient(x, observations);
        } finally {
            evaluations.incrementAndGet();
            gradients.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public String description() {
        return model.description();
    }

    @Override
    public ForwardModel unwrap() {
        return model.unwrap();
    }
}
