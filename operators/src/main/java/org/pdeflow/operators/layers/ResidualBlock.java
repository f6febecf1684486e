package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
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
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The residual block of the DDPM++ / EDM U-Nets (Song et al. 2021; Karras et al. 2022, appendix B),
 * local 3 x 3 convolutions modulated by the noise embedding:
 * <pre>
 *   h = conv3x3(silu(GN(x)))
 *   h = h (1 + s(e)) + t(e)                         (FiLM; s, t = a dense layer of the embedding e)
 *   h = conv3x3(silu(GN(h)))
 *   y = (skip(x) + h) / sqrt(2)                      (skip = 1 x 1 convolution when channels change)
 * </pre>
 * Zero padding keeps the grid size. The convolutions see a 3 x 3 neighbourhood, so a stack of them
 * removes noise at every wavenumber, which the Fourier layers of an FNO / U-NO, truncated to their
 * modes, cannot.
 *
 * <p>Input NDList(x (B, Cin, H, W), e (B, E)), output NDList((B, Cout, H, W)).
 */
public final class ResidualBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final double SKIP_SCALE = Math.sqrt(0.5);

    private final int outChannels;
    private final int groups;
    private final GroupNorm norm0;
    private final Conv2d conv0;
    private final Linear film;
    private final GroupNorm norm1;
    private final Conv2d conv1;
    private final Conv2d skip;
    private final int inChannels;

    /**
     * @param inChannels input channels
     * @param outChannels output channels
     * @param groups group count of the normalisations
     */
    public ResidualBlock(int inChannels, int outChannels, int groups) {
        super(VERSION);
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(
                    "ResidualBlock: channels must be positive, got " + inChannels + " -> " + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.groups = groups;
        this.norm0 = addChildBlock("norm0", new GroupNorm(groups));
        this.conv0 = addChildBlock("conv0", conv3x3(outChannels));
        this.film = addChildBlock(
                "film", Linear.builder().setUnits(2L * outChannels).build());
        this.norm1 = addChildBlock("norm1", new GroupNorm(groups));
        this.conv1 = addChildBlock("conv1", conv3x3(outChannels));
        this.skip = inChannels == outChannels ? null : addChildBlock("skip", Pointwise.linear(outChannels));
    }

    /** A 3 x 3 convolution with bias and zero padding 1 (the grid size is kept). */
    public static Conv2d conv3x3(int outChannels) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(outChannels)
                .optBias(true)
                .build();
    }

    /** Output channels. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }

    /**
     * @param ps parameter store
     * @param x fields (B, Cin, H, W)
     * @param embedding noise embedding (B, E)
     * @param training whether this is a training pass
     * @return (B, Cout, H, W)
     */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray embedding, boolean training) {
        NDArray h =
                NoiseEmbedding.silu(norm0.forward(ps, new NDList(x), training).head());
        h = conv0.forward(ps, new NDList(h), training).head();
        h = Film.modulate(h, film.forward(ps, new NDList(embedding), training).head(), outChannels);
        h = NoiseEmbedding.silu(norm1.forward(ps, new NDList(h), training).head());
        h = conv1.forward(ps, new NDList(h), training).head();
        NDArray identity =
                skip == null ? x : skip.forward(ps, new NDList(x), training).head();
        return GraphScalars.times(identity.add(h), SKIP_SCALE);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape out = new Shape(in.get(0), outChannels, in.get(2), in.get(3));
        norm0.initialize(manager, dataType, in);
        conv0.initialize(manager, dataType, in);
        film.initialize(manager, dataType, inputShapes[1]);
        norm1.initialize(manager, dataType, out);
        conv1.initialize(manager, dataType, out);
        if (in.get(1) != inChannels) {
            throw new IllegalArgumentException("ResidualBlock: built for " + inChannels + " input channels, got " + in);
        }
        if (skip != null) {
            skip.initialize(manager, dataType, in);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(inChannels);
        os.writeInt(outChannels);
        os.writeInt(groups);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("ResidualBlock: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int in = is.readInt();
        int out = is.readInt();
        int g = is.readInt();
        if (in != inChannels || out != outChannels || g != groups) {
            throw new MalformedModelException("ResidualBlock: saved (" + in + " -> " + out + ", groups " + g
                    + ") does not match (" + inChannels + " -> " + outChannels + ", groups " + groups + ")");
        }
    }
}
