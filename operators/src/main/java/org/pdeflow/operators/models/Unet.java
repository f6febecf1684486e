package org.pdeflow.operators.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pdeflow.operators.layers.GroupNorm;
import org.pdeflow.operators.layers.NoiseEmbedding;
import org.pdeflow.operators.layers.ResidualBlock;
import org.pdeflow.operators.layers.SelfAttention;

/**
 * A convolutional U-Net denoiser in the DDPM++ / EDM style (Ronneberger et al. 2015; Song et al. 2021;
 * Karras et al. 2022), small enough to train on a CPU:
 * <pre>
 *   x -> conv3x3 -> [R x blocks]_0 ----------------------------------------- concat -> [R x blocks]_0 -> out
 *                     avgpool 2 -> [R x blocks]_1 ----------- concat -> [R]_1 -> nearest x2
 *                                     ...  avgpool 2 -> [R]_{L-1} -> R, R (middle) -> concat ...
 * </pre>
 * R is a {@link ResidualBlock} (GroupNorm, SiLU, 3 x 3 convolutions, FiLM by the noise embedding); level
 * l has baseWidth * multiplier[l] channels on a grid 2^l times coarser; out = conv3x3(silu(GN(h))).
 * With {@link UnetConfig#attentionHeads()} &gt; 0 a {@link SelfAttention} block sits between the two middle
 * blocks, so that the coarsest level sees the whole field at once (as in the DDPM++ / EDM networks, which
 * put attention at 16 x 16).
 * Every layer is local, so unlike a {@link Uno} it removes noise at all wavenumbers (white diffusion noise
 * included), at the price of a fixed receptive field: the network is tied to the scale of its training
 * grid (it runs on other grids, but a field's features then span a different number of pixels).
 *
 * <p>With {@link UnetConfig#conditions()} = K &gt; 0 the noise input may carry K global conditions per
 * sample, (B, 1 + K), embedded with the noise level ({@link NoiseEmbedding}).
 *
 * <p>Grids whose sides are not multiples of 2^(L-1) are padded with zeros at the high end and the output
 * cropped back. Inputs and outputs as {@link Fno}: NDList(x (B, Cin, H, W), noise (B,)), output
 * (B, Cout, H, W).
 */
public final class Unet extends OperatorBlock {

    private final UnetConfig config;
    private final Conv2d input;
    private final List<List<ResidualBlock>> encoder = new ArrayList<>();
    private final List<ResidualBlock> middle = new ArrayList<>();
    private final SelfAttention attention;
    private final List<List<ResidualBlock>> decoder = new ArrayList<>();
    private final GroupNorm outNorm;
    private final Conv2d output;
    private final NoiseEmbedding embedding;

    Unet(UnetConfig config) {
        super(config);
        this.config = config;
        int levels = config.levels();
        int groups = config.groups();
        this.input = addChildBlock("input", ResidualBlock.conv3x3(config.channels(0)));
        int channels = config.channels(0);
        for (int l = 0; l < levels; l++) {
            List<ResidualBlock> blocks = new ArrayList<>();
            for (int k = 0; k < config.blocksPerLevel(); k++) {
                blocks.add(addChildBlock("enc" + l + "_" + k, new ResidualBlock(channels, config.channels(l), groups)));
                channels = config.channels(l);
            }
            encoder.add(blocks);
        }
        for (int k = 0; k < 2; k++) {
            middle.add(addChildBlock("mid" + k, new ResidualBlock(channels, channels, groups)));
        }
        this.attention = config.attentionHeads() == 0
                ? null
                : addChildBlock("midAttention", new SelfAttention(channels, config.attentionHeads(), groups));
        for (int l = levels - 1; l >= 0; l--) {
            List<ResidualBlock> blocks = new ArrayList<>();
            int in = channels + config.channels(l);
            for (int k = 0; k < config.blocksPerLevel(); k++) {
                blocks.add(addChildBlock("dec" + l + "_" + k, new ResidualBlock(in, config.channels(l), groups)));
                in = config.channels(l);
            }
            channels = config.channels(l);
            decoder.add(0, blocks);
        }
        this.outNorm = addChildBlock("outNorm", new GroupNorm(groups));
        this.output = addChildBlock("output", ResidualBlock.conv3x3(config.outChannels()));
        this.embedding = addChildBlock("embedding", new NoiseEmbedding(config.embeddingDim(), config.conditions()));
    }

    /** The hyper-parameters. */
    public UnetConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray noise = Conditioning.check("U-Net", inputs, config.inChannels(), true, config.conditions());
        NDArray x = inputs.get(0);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        x = padTo(x, config.gridMultiple());
        NDArray e = embedding.forward(ps, new NDList(noise), training).head();
        NDArray v = input.forward(ps, new NDList(x), training).head();
        int levels = config.levels();
        List<NDArray> skips = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++) {
            if (l > 0) {
                v = Pool.avgPool2d(v, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
            }
            for (ResidualBlock block : encoder.get(l)) {
                v = block.apply(ps, v, e, training);
            }
            skips.add(v);
        }
        v = middle.get(0).apply(ps, v, e, training);
        if (attention != null) {
            v = attention.forward(ps, new NDList(v), training).head();
        }
        v = middle.get(1).apply(ps, v, e, training);
        for (int l = levels - 1; l >= 0; l--) {
            if (l < levels - 1) {
                v = v.repeat(2, 2).repeat(3, 2);
            }
            v = NDArrays.concat(new NDList(v, skips.get(l)), 1);
            for (ResidualBlock block : decoder.get(l)) {
                v = block.apply(ps, v, e, training);
            }
        }
        v = outNorm.forward(ps, new NDList(v), training).head();
        v = output.forward(ps, new NDList(NoiseEmbedding.silu(v)), training).head();
        if (v.getShape().get(2) != h || v.getShape().get(3) != w) {
            v = v.get(new NDIndex(":, :, 0:{}, 0:{}", h, w));
        }
        return new NDList(v);
    }

    /** x padded with zeros at the high end of both grid axes to multiples of {@code multiple}. */
    static NDArray padTo(NDArray x, int multiple) {
        Shape s = x.getShape();
        long ph = (multiple - s.get(2) % multiple) % multiple;
        long pw = (multiple - s.get(3) % multiple) % multiple;
        if (ph == 0 && pw == 0) {
            return x;
        }
        NDManager m = x.getManager();
        NDArray out = x;
        if (ph > 0) {
            out = NDArrays.concat(
                    new NDList(
                            out,
                            m.zeros(new Shape(s.get(0), s.get(1), ph, s.get(3)), x.getDataType())
                                    .toDevice(x.getDevice(), false)),
                    2);
        }
        if (pw > 0) {
            Shape t = out.getShape();
            out = NDArrays.concat(
                    new NDList(
                            out,
                            m.zeros(new Shape(t.get(0), t.get(1), t.get(2), pw), x.getDataType())
                                    .toDevice(x.getDevice(), false)),
                    3);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0);
        int m = config.gridMultiple();
        long h = (in.get(2) + m - 1) / m * m;
        long w = (in.get(3) + m - 1) / m * m;
        Shape e = new Shape(b, config.embeddingDim());
        input.initialize(manager, dataType, new Shape(b, config.inChannels(), h, w));
        int channels = config.channels(0);
        int levels = config.levels();
        for (int l = 0; l < levels; l++) {
            long lh = Math.max(1, h >> l);
            long lw = Math.max(1, w >> l);
            for (ResidualBlock block : encoder.get(l)) {
                block.initialize(manager, dataType, new Shape(b, channels, lh, lw), e);
                channels = config.channels(l);
            }
        }
        long bh = Math.max(1, h >> (levels - 1));
        long bw = Math.max(1, w >> (levels - 1));
        for (ResidualBlock block : middle) {
            block.initialize(manager, dataType, new Shape(b, channels, bh, bw), e);
        }
        if (attention != null) {
            attention.initialize(manager, dataType, new Shape(b, channels, bh, bw));
        }
        for (int l = levels - 1; l >= 0; l--) {
            long lh = Math.max(1, h >> l);
            long lw = Math.max(1, w >> l);
            int in0 = channels + config.channels(l);
            for (ResidualBlock block : decoder.get(l)) {
                block.initialize(manager, dataType, new Shape(b, in0, lh, lw), e);
                in0 = config.channels(l);
            }
            channels = config.channels(l);
        }
        outNorm.initialize(manager, dataType, new Shape(b, channels, h, w));
        output.initialize(manager, dataType, new Shape(b, channels, h, w));
        embedding.initialize(
                manager, dataType, config.conditions() == 0 ? new Shape(b) : new Shape(b, 1 + config.conditions()));
    }
}
