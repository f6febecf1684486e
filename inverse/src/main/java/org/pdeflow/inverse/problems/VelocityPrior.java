package org.pdeflow.inverse.problems;

/**
 * The Gaussian prior of a wave speed c: {@code c = mean + std z}, z a smooth stationary Gaussian field
 * of unit pointwise variance whose correlation length is a third of the model's width
 * ({@link FieldPriors#velocityDiffusion}, {@link FieldPriors#velocityClassical}).
 *
 * @param mean the prior mean, m/s
 * @param std the pointwise standard deviation, m/s
 */
public record VelocityPrior(double mean, double std) {

    /**
     * Without other knowledge: 2000 m/s, the synthetic case's background (shallow sediments), with a
     * spread of 300 m/s, the synthetic case's largest anomaly.
     */
    public static final VelocityPrior DEFAULT = new VelocityPrior(2000.0, 300.0);

    public VelocityPrior {
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("the prior mean velocity must be positive and finite, got " + mean);
        }
        if (!(std > 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("the prior velocity spread must be positive and finite, got " + std);
        }
    }

    /** The slowest speed the inversion models, a tenth of the mean (slower members are clamped to it). */
    public double floor() {
        return 0.1 * mean;
    }

    /**
     * The prior of velocities drawn uniformly from [vMin, vMax] (pdeflow's layered wave datasets: a
     * node's velocity is uniform on that range whatever its layer, since the layers are exchangeable):
     * mean (vMin + vMax) / 2, spread (vMax - vMin) / sqrt(12).
     */
    public static VelocityPrior uniform(double vMin, double vMax) {
        if (!(vMax > vMin)) {
            return new VelocityPrior(vMin, 0.1 * vMin);
        }
        return new VelocityPrior(0.5 * (vMin + vMax), (vMax - vMin) / Math.sqrt(12.0));
    }
}
