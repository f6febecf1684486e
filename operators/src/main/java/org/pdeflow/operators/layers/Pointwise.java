package org.pdeflow.operators.layers;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Pointwise (1 x 1) linear maps over the channel axis of (B, C, H, W) fields: the lifting, skip and
 * projection maps of neural operators. They act on every grid point alike, so they are
 * independent of the grid size.
 */
public final class Pointwise {

    private Pointwise() {}

    /**
     * A 1 x 1 convolution with bias: out[b, o, i, j] = sum_c W[o, c] x[b, c, i, j] + bias[o].
     *
     * @param outChannels output channels
     * @return a DJL {@link Conv2d} block (input channels are taken from the first input shape)
     */
    public static Conv2d linear(int outChannels) {
        return Conv2d.builder()
                .setKernelShape(new Shape(1, 1))
                .setFilters(outChannels)
                .optBias(true)
                .build();
    }
}
