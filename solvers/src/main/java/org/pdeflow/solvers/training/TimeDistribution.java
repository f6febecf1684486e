package org.pdeflow.solvers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The distribution of the flow time t in (0, 1) during flow-matching training: uniform (Lipman et
 * al. 2023; Liu et al. 2023), or logit-normal, t = 1 / (1 + exp(-(m + s z))), z ~ N(0, 1), which puts
 * more weight on intermediate times (Esser et al. 2024, "Scaling rectified flow transformers", section
 * 3.1).
 *
 * @param logitNormal whether t is logit-normal (else uniform on [0, 1))
 * @param location m (logit-normal only)
 * @param scale s &gt; 0 (logit-normal only)
 */
public record TimeDistribution(boolean logitNormal, double location, double scale) {

    public TimeDistribution {
        if (logitNormal && (!(scale > 0) || Double.isInfinite(scale) || !Double.isFinite(location))) {
            throw new IllegalArgumentException(
                    "logit-normal needs finite location and positive finite scale, got " + location + ", " + scale);
        }
    }

    /** U(0, 1). */
    public static TimeDistribution uniform() {
        return new TimeDistribution(false, 0.0, 1.0);
    }

    /** Logit-normal with location m and scale s (Esser et al. use m = 0, s = 1). */
    public static TimeDistribution logitNormal(double location, double scale) {
        return new TimeDistribution(true, location, scale);
    }

    /** Draws B times as a (B,) array in {@code manager}. */
    public NDArray sample(NDManager manager, long batch, DataType dataType) {
        if (!logitNormal) {
            return manager.randomUniform(0f, 1f, new Shape(batch), dataType);
        }
        NDArray z = manager.randomNormal(0f, 1f, new Shape(batch), dataType);
        NDArray t = z.muli(scale).addi(location).neg().exp().addi(1.0).pow(-1);
        z.close();
        return t;
    }
}
