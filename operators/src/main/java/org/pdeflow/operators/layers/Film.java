package org.pdeflow.operators.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Feature-wise linear modulation (FiLM, Perez et al. 2018) of fields by a noise embedding, as the
 * conditioned layers use it: {@code h (1 + s) + t}, with s and t the two halves of a dense layer's output.
 */
final class Film {

    private Film() {}

    /**
     * @param h fields (B, C, H, W)
     * @param scaleShift the dense layer's output (B, 2 C): s then t
     * @param channels C
     * @return h (1 + s) + t, same shape as h
     */
    static NDArray modulate(NDArray h, NDArray scaleShift, int channels) {
        long b = scaleShift.getShape().get(0);
        NDArray scale = scaleShift.get(new NDIndex(":, 0:{}", channels)).reshape(b, channels, 1, 1);
        NDArray shift = scaleShift.get(new NDIndex(":, {}:", channels)).reshape(b, channels, 1, 1);
        return h.mul(GraphScalars.plus(scale, 1.0)).add(shift);
    }
}
