package org.pdeflow.operators.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.pdeflow.operators.layers.ChannelMlp;
import org.pdeflow.operators.layers.FourierLayer;
import org.pdeflow.operators.layers.GridCoordinates;
import org.pdeflow.operators.layers.NoiseEmbedding;
import org.pdeflow.operators.layers.Pointwise;

/**
 * The Fourier neural operator (Li et al. 2021, "Fourier neural operator for parametric partial
 * differential equations", section 4):
 * <pre>
 *   u = Q( L_T( ... L_1( P([a, x, y]) ) ) ),    L_t(v) = act( K_t v + W_t v ),
 * </pre>
 * with P a pointwise lifting to {@code width} channels, L_t {@link FourierLayer}s (spectral
 * convolution K_t keeping modes1 x modes2 modes, pointwise skip W_t, GELU on all but the last
 * layer) and Q a two-layer pointwise {@link ChannelMlp}. Options: grid coordinates appended to
 * the input (on by default, as in the paper); zero domain padding after lifting for non-periodic
 * problems (neuraloperator's domain_padding); and conditioning on a noise level for use as a
 * denoiser (a {@link NoiseEmbedding} modulating every layer, FiLM).
 *
 * <p><b>Inputs.</b> Unconditioned: NDList(x (B, Cin, H, W)); a second input is rejected.
 * Conditioned: NDList(x, noise (B,)); a missing noise is rejected. Output NDList((B, Cout, H, W)).
 *
 * <p><b>Resolution.</b> Any H, W with 2 modes1 &lt;= H_p and modes2 &lt;= W_p/2 + 1, where H_p =
 * H + round(domainPadding H) is the padded size ({@link FnoConfig#minimumSize()}); a model
 * trained at 64^2 with 12 modes runs unchanged at 32^2 or 128^2.
 */
public final class Fno extends OperatorBlock {

    private final FnoConfig config;
    private final Conv2d lifting;
    private final List<FourierLayer> layers = new ArrayList<>();
    private final ChannelMlp projection;
    private final NoiseEmbedding embedding;

    Fno(FnoConfig config) {
        super(config);
        this.config = config;
        this.lifting = addChildBlock("lifting", Pointwise.linear(config.width()));
        for (int l = 0; l < config.layers(); l++) {
            layers.add(addChildBlock(
                    "layer" + l,
                    FourierLayer.builder()
                            .setOutChannels(config.width())
                            .setModes(config.modes1(), config.modes2())
                            .optActivation(l < config.layers() - 1)
                            .optConditioning(config.embeddingDim())
                            .build()));
        }
        this.projection =
                addChildBlock("projection", new ChannelMlp(config.projectionChannels(), config.outChannels()));
        this.embedding =
                config.conditioned() ? addChildBlock("embedding", new NoiseEmbedding(config.embeddingDim())) : null;
    }

    /** A builder with the paper's defaults for everything but the channels and modes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The hyper-parameters. */
    public FnoConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray noise = Conditioning.check("FNO", inputs, config.inChannels(), config.conditioned());
        NDArray x = inputs.get(0);
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (config.gridCoordinates()) {
            x = GridCoordinates.append(x);
        }
        NDArray v = lifting.forward(ps, new NDList(x), training).head();
        int padH = (int) Math.round(config.domainPadding() * h);
        int padW = (int) Math.round(config.domainPadding() * w);
        if (padH > 0 || padW > 0) {
            v = zeroPad(v, padH, padW);
        }
        NDArray e = noise == null
                ? null
                : embedding.forward(ps, new NDList(noise), training).head();
        for (FourierLayer layer : layers) {
            v = layer.apply(ps, v, e, h + padH, w + padW, training);
        }
        if (padH > 0 || padW > 0) {
            v = v.get(new NDIndex(":, :, 0:{}, 0:{}", h, w));
        }
        return projection.forward(ps, new NDList(v), training);
    }

    static NDArray zeroPad(NDArray v, int padH, int padW) {
        Shape s = v.getShape();
        NDManager m = v.getManager();
        if (padH > 0) {
            NDArray z = m.zeros(new Shape(s.get(0), s.get(1), padH, s.get(3)), v.getDataType(), v.getDevice());
            v = NDArrays.concat(new NDList(v, z), 2);
        }
        if (padW > 0) {
            Shape t = v.getShape();
            NDArray z = m.zeros(new Shape(t.get(0), t.get(1), t.get(2), padW), v.getDataType(), v.getDevice());
            v = NDArrays.concat(new NDList(v, z), 3);
        }
        return v;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0);
        int extra = config.gridCoordinates() ? 2 : 0;
        lifting.initialize(manager, dataType, new Shape(b, config.inChannels() + extra, in.get(2), in.get(3)));
        Shape hidden = new Shape(b, config.width(), in.get(2), in.get(3));
        for (FourierLayer layer : layers) {
            if (config.conditioned()) {
                layer.initialize(manager, dataType, hidden, new Shape(b, config.embeddingDim()));
            } else {
                layer.initialize(manager, dataType, hidden);
            }
        }
        projection.initialize(manager, dataType, hidden);
        if (embedding != null) {
            embedding.initialize(manager, dataType, new Shape(b));
        }
    }

    /** Builder over {@link FnoConfig}; {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private int inChannels;
        private int outChannels;
        private int modes1;
        private int modes2;
        private int width = 32;
        private int layers = 4;
        private int projectionChannels = 128;
        private boolean gridCoordinates = true;
        private double domainPadding;
        private int embeddingDim;

        private Builder() {}

        /** Input channels (required). */
        public Builder setInChannels(int inChannels) {
            this.inChannels = inChannels;
            return this;
        }

        /** Output channels (required). */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /** Modes per sign along x and non-negative modes along y (required). */
        public Builder setModes(int modes1, int modes2) {
            this.modes1 = modes1;
            this.modes2 = modes2;
            return this;
        }

        /** Hidden width (default 32). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** Number of Fourier layers (default 4). */
        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        /** Hidden channels of the projection MLP (default 128). */
        public Builder optProjectionChannels(int projectionChannels) {
            this.projectionChannels = projectionChannels;
            return this;
        }

        /** Append (x, y) coordinate channels (default true). */
        public Builder optGridCoordinates(boolean gridCoordinates) {
            this.gridCoordinates = gridCoordinates;
            return this;
        }

        /** Domain padding fraction (default 0). */
        public Builder optDomainPadding(double domainPadding) {
            this.domainPadding = domainPadding;
            return this;
        }

        /** Condition on a noise level with an embedding of this (even) size (default 0 = off). */
        public Builder optConditioning(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** The validated hyper-parameters. */
        public FnoConfig config() {
            return new FnoConfig(
                    inChannels,
                    outChannels,
                    width,
                    modes1,
                    modes2,
                    layers,
                    projectionChannels,
                    gridCoordinates,
                    domainPadding,
                    embeddingDim);
        }

        /** Builds the network; throws {@link IllegalArgumentException} for a missing or invalid value. */
        public Fno build() {
            return new Fno(config());
        }
    }
}
