package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Multi-head self-attention over the grid points of a (B, C, H, W) field, as in the attention blocks of the
 * DDPM / EDM U-Nets (Vaswani et al. 2017; Ho et al. 2020; Karras et al. 2022, appendix B):
 * <pre>
 *   q, k, v = split(conv1x1(GN(x)))                   (each B, heads, C / heads, H W)
 *   o = v softmax(q^T k / sqrt(C / heads))^T           (softmax over the keys)
 *   y = x + proj(o)                                    (proj = 1 x 1 convolution, initialised to zero)
 * </pre>
 * Every output point sees every input point, so a denoiser can decide whole-field quantities (how many
 * islands, how long the interfaces) from the whole field rather than from the receptive field of its
 * convolutions. The projection starts at zero, so a new block is the identity: it can be inserted into
 * a trained network without changing what that network computes, and is then trained from there.
 *
 * <p>Input NDList(x (B, C, H, W)), output NDList((B, C, H, W)). Cost O(B C (H W)^2): meant for coarse levels.
 */
public final class SelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int heads;
    private final GroupNorm norm;
    private final Conv2d qkv;
    private final Conv2d proj;

    /**
     * @param channels channels of the field (a multiple of {@code heads})
     * @param heads number of attention heads
     * @param groups group count of the normalisation
     */
    public SelfAttention(int channels, int heads, int groups) {
        super(VERSION);
        if (channels < 1 || heads < 1 || channels % heads != 0) {
            throw new IllegalArgumentException(
                    "SelfAttention: channels must be a positive multiple of heads, got " + channels + " / " + heads);
        }
        this.channels = channels;
        this.heads = heads;
        this.norm = addChildBlock("norm", new GroupNorm(groups));
        this.qkv = addChildBlock("qkv", Pointwise.linear(3 * channels));
        this.proj = addChildBlock("proj", Pointwise.linear(channels));
        proj.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(2) * s.get(3);
        long d = channels / heads;
        NDArray h = norm.forward(ps, new NDList(x), training).head();
        NDArray t = qkv.forward(ps, new NDList(h), training).head().reshape(b, 3, heads, d, n);
        NDArray q = t.get(":, 0");
        NDArray k = t.get(":, 1");
        NDArray v = t.get(":, 2");
        NDArray scores = GraphScalars.times(q.transpose(0, 1, 3, 2).matMul(k), 1.0 / Math.sqrt(d));
        NDArray weights = scores.softmax(-1);
        NDArray o = v.matMul(weights.transpose(0, 1, 3, 2)).reshape(s);
        return new NDList(x.add(proj.forward(ps, new NDList(o), training).head()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.get(1) != channels) {
            throw new IllegalArgumentException("SelfAttention: built for " + channels + " channels, got " + in);
        }
        norm.initialize(manager, dataType, in);
        qkv.initialize(manager, dataType, in);
        proj.initialize(manager, dataType, in);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(channels);
        os.writeInt(heads);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("SelfAttention: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int c = is.readInt();
        int hd = is.readInt();
        if (c != channels || hd != heads) {
            throw new MalformedModelException("SelfAttention: saved (" + c + " channels, " + hd
                    + " heads) does not match (" + channels + ", " + heads + ")");
        }
    }
}
