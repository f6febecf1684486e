package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Function;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.operators.engine.Engines;

/**
 * One backward pass of a guidance loss through the denoiser (or any differentiable map), as DPS-type
 * samplers need: a fresh leaf copy of x, the map x -&gt; x̂0 recorded in a {@link GradientCollector}
 * (one open JVM-wide at a time, closed before returning: callers on several threads take turns), the loss
 * reduced over the batch with per-sample constant weights, and the gradient with respect to the leaf.
 *
 * @param gradient d loss / d x, same shape as x, in x's manager
 * @param denoised x̂0 (no graph attached), in x's manager
 * @param values per-sample values reported by the loss
 */
record GuidanceGradient(NDArray gradient, NDArray denoised, double[][] values) {

    /** The loss of x̂0: a differentiable (B,) array to sum, and the per-sample values for logs. */
    interface Loss {
        /**
         * @param x0 the map's output, in the graph
         * @return the loss
         */
        Result apply(NDArray x0);
    }

    /**
     * @param perSample (B,) differentiable; the sum over the batch is backpropagated
     * @param values numbers to hand back (e.g. misfits), any layout
     */
    record Result(NDArray perSample, double[][] values) {}

    /**
     * Computes the gradient.
     *
     * @param x current states (not modified)
     * @param map x -&gt; x̂0 (the denoiser call)
     * @param loss the loss of x̂0
     */
    static GuidanceGradient of(NDArray x, Function<NDArray, NDArray> map, Loss loss) {
        synchronized (Engines.AUTOGRAD) {
            return checked(x, map, loss);
        }
    }

    private static GuidanceGradient checked(NDArray x, Function<NDArray, NDArray> map, Loss loss) {
        GuidanceGradient g = once(x, map, loss);
        if (!finite(g.gradient()) && finite(g.denoised())) {
            // A non-finite gradient of finite values can come from DJL number overloads inside a
            // network (see GraphConstants) whose CPU memory was reclaimed before the backward pass;
            // recomputing gives the true gradient. A second failure is a real divergence.
            g = once(x, map, loss);
            if (!finite(g.gradient())) {
                throw new DivergenceException("the guidance gradient is not finite");
            }
        }
        return g;
    }

    private static boolean finite(NDArray a) {
        return Double.isFinite(a.abs().max().toType(DataType.FLOAT64, false).getDouble());
    }

    private static GuidanceGradient once(NDArray x, Function<NDArray, NDArray> map, Loss loss) {
        NDManager m = x.getManager();
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        NDArray x0;
        double[][] values;
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            x0 = map.apply(leaf);
            Result r = loss.apply(x0);
            values = r.values();
            collector.backward(r.perSample().sum());
        }
        NDArray grad = leaf.getGradient().duplicate();
        NDArray plain = x0.stopGradient();
        plain.attach(m);
        grad.attach(m);
        return new GuidanceGradient(grad, plain, values);
    }

    /** Per-sample weights as a (B,) float32 array in {@code m}. */
    static NDArray weights(NDManager m, double[] w) {
        return m.create(w).toType(DataType.FLOAT32, false);
    }
}
