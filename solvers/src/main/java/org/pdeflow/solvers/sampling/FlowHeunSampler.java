package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.schedule.FlowTimes;

/**
 * Heun's method (explicit trapezoid) on dx/dt = v(x, t):
 * <pre>
 *   x' = x_i + h v(x_i, t_i),   x_{i+1} = x_i + h (v(x_i, t_i) + v(x', t_{i+1})) / 2,   h = t_{i+1} - t_i,
 * </pre>
 * as used for rectified-flow / flow-matching sampling (Liu et al. 2023; Lipman et al. 2023 sample with
 * generic ODE solvers). Second order; two evaluations per step (v is evaluated at t = 1 on the last
 * step, which a flow model defines; a denoiser-derived field uses its limit there).
 */
public final class FlowHeunSampler implements FlowSampler {

    @Override
    public NDArray sample(VelocityField field, NDArray initial, double[] times, SamplerStepListener callback) {
        FlowTimes.validate(times);
        int n = times.length - 1;
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double t = times[i];
            double next = times[i + 1];
            double h = next - t;
            long b = x.getShape().get(0);
            NDArray v = field.velocity(x, NoiseLevels.full(scope, b, t, x.getDataType()));
            NDArray euler = v.mul(h).addi(x);
            NDArray v2 = field.velocity(euler, NoiseLevels.full(scope, b, next, x.getDataType()));
            NDArray xNext = v.add(v2).muli(0.5 * h).addi(x);
            callback.onStep(new SamplerStep(i, n, t, next, xNext, v.mul(1 - t).addi(x)));
            return xNext;
        });
    }

    @Override
    public int evaluations(double[] times) {
        FlowTimes.validate(times);
        return 2 * (times.length - 1);
    }

    @Override
    public String toString() {
        return "flow Heun";
    }
}
