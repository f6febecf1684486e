package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.schedule.FlowTimes;

/**
 * Euler's method on dx/dt = v(x, t): x_{i+1} = x_i + (t_{i+1} - t_i) v(x_i, t_i), the sampler of
 * rectified flow (Liu, Gong and Liu 2023, "Flow straight and fast") and flow matching (Lipman et al.
 * 2023, "Flow matching for generative modeling"). First order; one evaluation per step.
 */
public final class FlowEulerSampler implements FlowSampler {

    @Override
    public NDArray sample(VelocityField field, NDArray initial, double[] times, SamplerStepListener callback) {
        FlowTimes.validate(times);
        int n = times.length - 1;
        return StepScope.loop(initial, n, (i, x, scope, run) -> {
            double t = times[i];
            double h = times[i + 1] - t;
            NDArray v = field.velocity(x, NoiseLevels.full(scope, x.getShape().get(0), t, x.getDataType()));
            NDArray xNext = v.mul(h).addi(x);
            callback.onStep(
                    new SamplerStep(i, n, t, times[i + 1], xNext, v.mul(1 - t).addi(x)));
            return xNext;
        });
    }

    @Override
    public int evaluations(double[] times) {
        FlowTimes.validate(times);
        return times.length - 1;
    }

    @Override
    public String toString() {
        return "flow Euler";
    }
}
