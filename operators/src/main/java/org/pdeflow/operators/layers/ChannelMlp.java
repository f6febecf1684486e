package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A two-layer pointwise MLP over channels, out = W2 GELU(W1 v + b1) + b2, applied at every grid
 * point: the projection Q of the FNO (Li et al. 2021, section 4). Input (B, C, H, W), output
 * (B, Cout, H, W).
 */
public final class ChannelMlp extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int hidden;
    private final int outChannels;
    private final Conv2d first;
    private final Conv2d second;

    /**
     * @param hidden hidden channels, positive
     * @param outChannels output channels, positive
     */
    public ChannelMlp(int hidden, int outChannels) {
        super(VERSION);
        if (hidden < 1 || outChannels < 1) {
            throw new IllegalArgumentException(
                    "ChannelMlp: hidden and output channels must be positive, got " + hidden + ", " + outChannels);
        }
        this.hidden = hidden;
        this.outChannels = outChannels;
        this.first = addChildBlock("first", Pointwise.linear(hidden));
        this.second = addChildBlock("second", Pointwise.linear(outChannels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = Activation.gelu(
                first.forward(ps, new NDList(inputs.head()), training).head());
        return second.forward(ps, new NDList(h), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        first.initialize(manager, dataType, in);
        second.initialize(manager, dataType, new Shape(in.get(0), hidden, in.get(2), in.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(hidden);
        os.writeInt(outChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("ChannelMlp: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int h = is.readInt();
        int o = is.readInt();
        if (h != hidden || o != outChannels) {
            throw new MalformedModelException(
                    "ChannelMlp: saved (" + h + ", " + o + ") does not match (" + hidden + ", " + outChannels + ")");
        }
    }
}
