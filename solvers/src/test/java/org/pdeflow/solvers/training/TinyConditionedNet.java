package org.pdeflow.solvers.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A tiny conditioned network for tests and the stand-in benchmark, with pdeflow's denoiser-network
 * signature NDList(x (B, C, H, W), noise (B,)) -&gt; NDList(out (B, C, H, W)):
 * out = conv3x3(tanh(conv3x3(x) + linear(noise))).
 */
public final class TinyConditionedNet extends AbstractBlock {

    private final int width;
    private final Conv2d in;
    private final Linear embed;
    private final Conv2d out;

    /**
     * @param channels C, the field channels in and out
     * @param width hidden channels
     */
    public TinyConditionedNet(int channels, int width) {
        super((byte) 1);
        this.width = width;
        in = addChildBlock(
                "in",
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(width)
                        .build());
        embed = addChildBlock("embed", Linear.builder().setUnits(width).build());
        out = addChildBlock(
                "out",
                Conv2d.builder()
                        .setKernelShape(new Shape(3, 3))
                        .optPadding(new Shape(1, 1))
                        .setFilters(channels)
                        .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray noise = inputs.get(1);
        long b = x.getShape().get(0);
        NDArray h = in.forward(store, new NDList(x), training).head();
        NDArray e = embed.forward(store, new NDList(noise.reshape(b, 1)), training)
                .head()
                .reshape(b, width, 1, 1);
        NDArray a = h.add(e).tanh();
        return out.forward(store, new NDList(a), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        in.initialize(manager, dataType, x);
        embed.initialize(manager, dataType, new Shape(x.get(0), 1));
        out.initialize(manager, dataType, new Shape(x.get(0), width, x.get(2), x.get(3)));
    }
}
