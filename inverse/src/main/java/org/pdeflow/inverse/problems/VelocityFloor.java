package org.pdeflow.inverse.problems;

import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.Unknowns;

/**
 * A wave forward model defined for every real c: a speed below {@code floor} is modelled as
 * {@code floor}, {@code G(c) = G_wave(max(c, floor))}. Ensemble methods draw members from a Gaussian
 * prior and move them by linear updates, so a member can go below zero at a node, where the wave
 * equation has no meaning; there the clamped model keeps the run going and tells the update that
 * going lower changes nothing. Without gradient, like the model it wraps.
 */
final class VelocityFloor implements ForwardModel {

    private final ForwardModel wave;
    private final double floor;

    /**
     * @param wave the forward model of the wave speed
     * @param floor the slowest speed modelled, m/s, &gt; 0
     */
    VelocityFloor(ForwardModel wave, double floor) {
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("the velocity floor must be positive and finite, got " + floor);
        }
        this.wave = wave;
        this.floor = floor;
    }

    @Override
    public Unknowns unknowns() {
        return wave.unknowns();
    }

    @Override
    public int outputSize() {
        return wave.outputSize();
    }

    private double[] clamp(double[] c) {
        unknowns().requireLength(c, "wave speed");
        double[] out = c.clone();
        for (int i = 0; i < out.length; i++) {
            // NaN stays NaN, so the wave model still refuses it.
            if (out[i] < floor) {
                out[i] = floor;
            }
        }
        return out;
    }

    @Override
    public double[] apply(double[] x) {
        return wave.apply(clamp(x));
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        double[][] clamped = new double[xs.length][];
        for (int i = 0; i < xs.length; i++) {
            clamped[i] = clamp(xs[i]);
        }
        return wave.applyBatch(clamped);
    }

    @Override
    public String description() {
        return wave.description() + ", speeds below " + floor + " m/s modelled as " + floor;
    }
}
