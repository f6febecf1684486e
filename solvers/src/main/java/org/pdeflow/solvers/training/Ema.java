package org.pdeflow.solvers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a network's parameters (Polyak averaging), the weights a
 * diffusion prior is sampled with:
 * <pre>
 *   theta_ema &lt;- beta theta_ema + (1 - beta) theta,
 * </pre>
 * applied after each optimiser step; after k updates from theta_ema = theta_0 with parameters
 * theta_1 .. theta_k, theta_ema = beta^k theta_0 + (1 - beta) sum_j beta^(k-j) theta_j.
 * EDM (Karras et al. 2022, appendix; training/training_loop.py) chooses beta per step from a
 * half-life in images, beta = 0.5^(batch / halfLife), with the half-life ramped up early in training
 * as min(halfLife, imagesSeen * rampUp) ({@link #edmDecay}).
 *
 * <p>The shadow copies live in their own manager (closed by {@link #close()}), on the parameters'
 * devices.
 */
public final class Ema implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();

    /**
     * Starts the average at the current parameter values.
     *
     * @param parameters an initialised block's parameters ({@code block.getParameters()})
     * @param parent manager whose sub-manager holds the copies
     */
    public Ema(ParameterList parameters, NDManager parent) {
        if (parameters == null || parent == null) {
            throw new IllegalArgumentException("parameters and a manager are required");
        }
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getValue().isInitialized()) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " is not initialised");
            }
            NDArray copy = p.getValue().getArray().duplicate();
            copy.attach(manager);
            shadow.put(p.getKey(), copy);
        }
    }

    /** beta = 0.5^(batch / halfLifeImages): the decay for a half-life counted in training images. */
    public static double decayForHalfLife(double halfLifeImages, long batchSize) {
        if (!(halfLifeImages > 0) || batchSize < 1) {
            throw new IllegalArgumentException(
                    "need a positive half-life and batch size, got " + halfLifeImages + ", " + batchSize);
        }
        return Math.pow(0.5, batchSize / halfLifeImages);
    }

    /**
     * EDM's decay with ramp-up: half-life min(halfLifeImages, imagesSeen * rampUp) (rampUp &lt;= 0
     * disables the ramp), then {@link #decayForHalfLife}. A zero effective half-life gives beta = 0.
     */
    public static double edmDecay(double halfLifeImages, long batchSize, double imagesSeen, double rampUp) {
        double h = halfLifeImages;
        if (rampUp > 0) {
            h = Math.min(h, imagesSeen * rampUp);
        }
        if (!(h > 0)) {
            return 0.0;
        }
        return decayForHalfLife(h, batchSize);
    }

    /**
     * theta_ema &lt;- decay theta_ema + (1 - decay) theta, for every parameter.
     *
     * @param parameters the same parameter list as at construction
     * @param decay beta in [0, 1]
     */
    public void update(ParameterList parameters, double decay) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("EMA decay must lie in [0, 1], got " + decay);
        }
        for (Pair<String, Parameter> p : parameters) {
            NDArray avg = shadowOf(p.getKey());
            try (NDManager scope = manager.newSubManager()) {
                // stopGradient is a detached view sharing the parameter's storage: never modify it in place.
                NDArray theta = p.getValue().getArray().stopGradient();
                theta.attach(scope);
                avg.muli(decay).addi(theta.mul(1 - decay));
            }
        }
    }

    /** Writes the averaged values into {@code parameters} (e.g. a block used for sampling or saving). */
    public void copyTo(ParameterList parameters) {
        for (Pair<String, Parameter> p : parameters) {
            p.getValue()
                    .getArray()
                    .set(shadowOf(p.getKey())
                            .toType(p.getValue().getArray().getDataType(), false)
                            .toByteBuffer());
        }
    }

    /** The averaged value of one parameter (owned by this object). */
    public NDArray get(String name) {
        return shadowOf(name);
    }

    private NDArray shadowOf(String name) {
        NDArray a = shadow.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no EMA copy of parameter " + name);
        }
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
