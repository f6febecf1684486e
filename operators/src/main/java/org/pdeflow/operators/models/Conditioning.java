package org.pdeflow.operators.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Checks the forward inputs of a network against the pdeflow convention (see {@link ModelConfig}). */
final class Conditioning {

    private Conditioning() {}

    /**
     * @return the noise array (B,) of a conditioned network, or null for an unconditioned one
     * @throws IllegalArgumentException when the inputs do not match the network
     */
    static NDArray check(String name, NDList inputs, int inChannels, boolean conditioned) {
        return check(name, inputs, inChannels, conditioned, 0);
    }

    /**
     * As {@link #check(String, NDList, int, boolean)} for a network that also takes {@code conditions} global
     * conditions per sample: the noise array is then (B,) or (B, 1 + conditions).
     */
    static NDArray check(String name, NDList inputs, int inChannels, boolean conditioned, int conditions) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(name + ": no input");
        }
        Shape s = inputs.get(0).getShape();
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException(name + ": expected x of shape (B, " + inChannels + ", H, W), got " + s);
        }
        if (!conditioned) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException(
                        name + " is unconditioned: forward takes NDList(x) only, got " + inputs.size() + " inputs");
            }
            return null;
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    name + " is conditioned: forward takes NDList(x, noise (B,)), got " + inputs.size() + " inputs");
        }
        NDArray noise = inputs.get(1);
        Shape n = noise.getShape();
        boolean withConditions = conditions > 0 && n.dimension() == 2 && n.get(1) == 1 + conditions;
        if ((n.dimension() != 1 && !withConditions) || n.get(0) != s.get(0)) {
            throw new IllegalArgumentException(name + ": noise must have shape (" + s.get(0) + ",)"
                    + (conditions > 0 ? " or (" + s.get(0) + ", " + (1 + conditions) + ")" : "") + ", got " + n);
        }
        return noise;
    }
}
