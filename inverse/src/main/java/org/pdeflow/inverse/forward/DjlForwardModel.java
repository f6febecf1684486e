package org.pdeflow.inverse.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A forward model written in DJL: implements the {@code double[]} API of {@link ForwardModel} on
 * top of {@link #forward(NDArray)}, with gradients by autograd.
 *
 * <ul>
 *   <li>{@link #applyBatch} stacks up to {@link #batchSize()} inputs along the batch axis per
 *       call of {@link #forward} (no threads: the engine parallelises inside each operation).</li>
 *   <li>{@link #vjp} and {@link #misfitAndGradient} record one forward pass in a
 *       {@link GradientCollector} and backpropagate, so the gradient is the exact adjoint of the
 *       float32 computation. DJL allows one open collector per JVM, so these calls are serialised
 *       on a lock shared by all {@code DjlForwardModel}s.</li>
 * </ul>
 * Inputs and outputs are converted between double and float32 at the boundary; every call runs in
 * its own {@link NDManager} scope on {@link Engines#device()}, so nothing leaks between calls.
 */
public abstract class DjlForwardModel implements ForwardModel, TensorForwardModel {

    private final Unknowns unknowns;
    private final Grid2D grid;
    private final int batchSize;

    /**
     * @param unknowns the unknown fields, all on the same grid (they become the channels)
     * @param batchSize the most inputs stacked into one {@link #forward} call, &gt;= 1
     */
    protected DjlForwardModel(Unknowns unknowns, int batchSize) {
        if (unknowns == null) {
            throw new IllegalArgumentException("unknowns are required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        Grid2D g = unknowns.fields().get(0).grid();
        for (FieldSpec f : unknowns.fields()) {
            if (!f.grid().equals(g)) {
                throw new IllegalArgumentException("a DJL forward model needs all unknown fields on one grid; '"
                        + f.name() + "' is on " + f.grid() + ", not " + g);
            }
        }
        this.unknowns = unknowns;
        this.grid = g;
        this.batchSize = batchSize;
    }

    /** The most inputs evaluated in one tensor call. */
    public int batchSize() {
        return batchSize;
    }

    /** The device the computations run on. */
    protected Device device() {
        return Engines.device();
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public double[] apply(double[] x) {
        return applyBatch(new double[][] {x})[0];
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        double[][] out = new double[xs.length][];
        for (int start = 0; start < xs.length; start += batchSize) {
            int count = Math.min(batchSize, xs.length - start);
            try (NDManager manager = NDManager.newBaseManager(device())) {
                NDArray x = stack(manager, xs, start, count);
                NDArray y = forward(x);
                copyRows(y, out, start, count);
            }
        }
        return out;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public double[] vjp(double[] x, double[] cotangent) {
        Cotangents.require(cotangent, outputSize());
        synchronized (Engines.AUTOGRAD) {
            try (NDManager manager = NDManager.newBaseManager(device())) {
                NDArray input = stack(manager, new double[][] {x}, 0, 1);
                input.setRequiresGradient(true);
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    NDArray y = forward(input);
                    NDArray w = manager.create(toFloat(cotangent), new Shape(1, cotangent.length));
                    collector.backward(y.mul(w).sum());
                }
                return toDouble(input.getGradient());
            }
        }
    }

    @Override
    public MisfitGradient misfitAndGradient(double[] x, Observations observations) {
        if (observations.size() != outputSize()) {
            throw new IllegalArgumentException(
                    observations.size() + " observations for a model predicting " + outputSize());
        }
        synchronized (Engines.AUTOGRAD) {
            try (NDManager manager = NDManager.newBaseManager(device())) {
                NDArray input = stack(manager, new double[][] {x}, 0, 1);
                input.setRequiresGradient(true);
                double[] predicted;
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    NDArray y = forward(input);
                    predicted = toDouble(y);
                    double[] weights = observations.misfitGradient(predicted);
                    // d/dy of 1/2 |(y - d)/s|^2 is (y - d)/s^2: backpropagate <stopgrad(weights), y>,
                    // whose gradient is the misfit's gradient, and take the misfit in double.
                    NDArray w = manager.create(toFloat(weights), new Shape(1, weights.length));
                    collector.backward(y.mul(w).sum());
                }
                double misfit = observations.misfit(predicted);
                return new MisfitGradient(predicted, misfit, toDouble(input.getGradient()));
            }
        }
    }

    private NDArray stack(NDManager manager, double[][] xs, int start, int count) {
        int n = unknowns.size();
        float[] data = new float[count * n];
        for (int b = 0; b < count; b++) {
            double[] x = xs[start + b];
            unknowns.requireLength(x, "input " + (start + b));
            for (int i = 0; i < n; i++) {
                data[b * n + i] = (float) x[i];
            }
        }
        return manager.create(data, new Shape(count, unknowns.count(), grid.nx(), grid.ny()));
    }

    private void copyRows(NDArray y, double[][] out, int start, int count) {
        Shape s = y.getShape();
        if (s.dimension() != 2 || s.get(0) != count || s.get(1) != outputSize()) {
            throw new IllegalStateException(
                    description() + " returned shape " + s + ", expected (" + count + ", " + outputSize() + ")");
        }
        float[] flat = y.toType(DataType.FLOAT32, false).toFloatArray();
        int m = outputSize();
        for (int b = 0; b < count; b++) {
            double[] row = new double[m];
            for (int k = 0; k < m; k++) {
                row[k] = flat[b * m + k];
                if (!Double.isFinite(row[k])) {
                    throw new ForwardModelException(description() + " produced a non-finite prediction for input "
                            + (start + b) + " (the solve diverged; reduce the time step or check the input scale)");
                }
            }
            out[start + b] = row;
        }
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double[] toDouble(NDArray a) {
        float[] f = a.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
