package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The velocity v(x, t) of a flow model (flow matching, Lipman et al. 2023; rectified flow, Liu et
 * al. 2023) on the linear interpolation path x_t = (1 - t) n + t x0, n ~ N(0, C), t in [0, 1]:
 * t = 0 is noise, t = 1 is data, and the minimiser of the flow-matching loss is
 * v(x, t) = E[x0 - n | x_t = x]. Samples follow dx/dt = v(x, t) from t = 0 to 1.
 *
 * <p>Same memory rule as {@link Denoiser}: results and temporaries live in x's manager.
 */
@FunctionalInterface
public interface VelocityField {

    /**
     * Evaluates v(x, t).
     *
     * @param x states (B, C, H, W)
     * @param t times in [0, 1], shape (B,) or scalar
     * @return the velocity, same shape and type as x, attached to x's manager
     */
    NDArray velocity(NDArray x, NDArray t);

    /**
     * The velocity implied by a denoiser, for t in (0, 1]. Dividing x_t = (1 - t) n + t x0 by t gives
     * x_t / t = x0 + sigma n with sigma = (1 - t) / t, so x0hat = D(x_t / t; sigma) = E[x0 | x_t] and
     * E[n | x_t] = (x_t - t x0hat) / (1 - t), hence
     * <pre>
     *   v(x, t) = x0hat - E[n | x_t] = (x0hat - x) / (1 - t),   t in (0, 1),
     *   v(x, 1) = x                                              (the limit: E[n | x_1] = 0).
     * </pre>
     * t = 0 would need sigma = infinity and is rejected; sample from the times
     * {@code FlowTimes.fromSigmas} gives, which map the denoiser's sigma range to (0, 1].
     * This reads t on the host (one small device-to-host copy per call).
     */
    static VelocityField fromDenoiser(Denoiser denoiser) {
        if (denoiser == null) {
            throw new IllegalArgumentException("denoiser is required");
        }
        return (x, t) -> {
            NDManager m = x.getManager();
            NDArray tb = NoiseLevels.perSample(t, x);
            double[] tv = tb.toType(DataType.FLOAT64, false).toDoubleArray();
            double[] sigma = new double[tv.length];
            double[] invT = new double[tv.length];
            double[] invOneMinusT = new double[tv.length];
            boolean[] atOne = new boolean[tv.length];
            boolean anyAtOne = false;
            for (int b = 0; b < tv.length; b++) {
                if (!(tv[b] > 0) || tv[b] > 1) {
                    throw new IllegalArgumentException("a velocity from a denoiser needs t in (0, 1], got " + tv[b]);
                }
                atOne[b] = tv[b] == 1.0;
                anyAtOne |= atOne[b];
                sigma[b] = atOne[b] ? 1.0 : (1 - tv[b]) / tv[b];
                invT[b] = 1 / tv[b];
                invOneMinusT[b] = atOne[b] ? 0.0 : 1 / (1 - tv[b]);
            }
            DataType dt = x.getDataType();
            NDArray scaled = x.mul(NoiseLevels.column(NoiseLevels.of(m, invT, dt), x));
            NDArray x0hat = denoiser.denoise(scaled, NoiseLevels.of(m, sigma, dt));
            scaled.close();
            NDArray v = x0hat.sub(x).muli(NoiseLevels.column(NoiseLevels.of(m, invOneMinusT, dt), x));
            x0hat.close();
            if (anyAtOne) {
                double[] keep = new double[tv.length];
                for (int b = 0; b < tv.length; b++) {
                    keep[b] = atOne[b] ? 1.0 : 0.0;
                }
                // v(x, 1) = x for the samples at t = 1 (their x0hat above was a throw-away evaluation).
                v.addi(x.mul(NoiseLevels.column(NoiseLevels.of(m, keep, dt), x)));
            }
            return v;
        };
    }
}
