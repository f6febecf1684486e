package org.pdeflow.solvers.training;

import ai.djl.ndarray.NDArray;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * The conditional flow-matching loss on the linear path (Lipman et al. 2023, "Flow matching for
 * generative modeling", eq. 23 with sigma_min = 0; Liu et al. 2023, rectified flow):
 * <pre>
 *   x_t = (1 - t) n + t x0,   L = E_{t, x0, n} || v(x_t, t) - (x0 - n) ||^2,
 * </pre>
 * n ~ N(0, C) the prior's noise, t from a {@link TimeDistribution}; ||.||^2 is the mean over entries,
 * L the mean over the batch. Its minimiser is v(x, t) = E[x0 - n | x_t = x].
 *
 * @param times the distribution of t
 */
public record FlowMatchingLoss(TimeDistribution times) {

    public FlowMatchingLoss {
        if (times == null) {
            throw new IllegalArgumentException("time distribution is required");
        }
    }

    /** The loss with freshly drawn t and n; a scalar array in x0's manager. */
    public NDArray loss(VelocityField field, NDArray x0, GaussianNoise noise) {
        NDArray t = times.sample(x0.getManager(), x0.getShape().get(0), x0.getDataType());
        return loss(field, x0, t, noise.sampleLike(x0));
    }

    /** The loss for given t (B,) and noise n (B, C, H, W). */
    public NDArray loss(VelocityField field, NDArray x0, NDArray t, NDArray n) {
        NDArray tb = NoiseLevels.perSample(t, x0);
        NDArray tc = NoiseLevels.column(tb, x0);
        // x_t = n + t (x0 - n)
        NDArray target = x0.sub(n);
        NDArray xt = target.mul(tc).addi(n);
        NDArray v = field.velocity(xt, tb);
        return v.sub(target).square().mean();
    }
}
