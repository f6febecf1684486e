package org.pdeflow.operators.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
 * A U-shaped neural operator (Rahman et al. 2023, "U-NO: U-shaped neural operators"), in the
 * layout of FunDPS' ddpmpp-uno: Fourier layers on a pyramid of grids with skip connections.
 * <pre>
 *   level 0:   lift -> E_0 ------------------------------------------- concat -> D_0 -> project
 *   level 1:            E_1 (H/2) ----------------------- concat -> D_1 (up to H)
 *   ...                                                    |
 *   level L-1:               E_{L-1} (H/2^{L-1}) -> bottleneck
 * </pre>
 * Every box is a {@link FourierLayer} with GELU: E_l maps C_{l-1} to C_l = baseWidth *
 * multiplier[l] channels and, for l &gt; 0, halves the grid (ceil(n/2)) by truncating its inverse
 * Fourier transform to the smaller grid, with the skip path resampled band-limitedly; D_l takes
 * the concatenation of the signal coming up and E_l's output (2 C_l channels) and returns C_{l-1}
 * channels on exactly E_{l-1}'s grid. Level l keeps max(1, modes / 2^l) modes. All sizes are
 * derived from the input at run time, so the network is discretisation-agnostic; it runs on any
 * grid with 2 modes1 &lt;= H and modes2 &lt;= W/2 + 1.
 *
 * <p>Inputs and outputs as {@link Fno}: NDList(x) or, when conditioned, NDList(x, noise (B,)),
 * output (B, Cout, H, W); the noise embedding modulates every layer (FiLM).
 */
public final class Uno extends OperatorBlock {

    private final UnoConfig config;
    private final Conv2d lifting;
    private final List<FourierLayer> encoder = new ArrayList<>();
    private final FourierLayer bottleneck;
    private final List<FourierLayer> decoder = new ArrayList<>();
    private final ChannelMlp projection;
    private final NoiseEmbedding embedding;

    Uno(UnoConfig config) {
        super(config);
        this.config = config;
        int levels = config.levels();
        this.lifting = addChildBlock("lifting", Pointwise.linear(config.channels(0)));
        for (int l = 0; l < levels; l++) {
            encoder.add(addChildBlock("enc" + l, layer(config.channels(l), l)));
        }
        this.bottleneck = addChildBlock("bottleneck", layer(config.channels(levels - 1), levels - 1));
        for (int l = 0; l < levels; l++) {
            decoder.add(addChildBlock("dec" + l, layer(config.channels(Math.max(l - 1, 0)), l)));
        }
        this.projection =
                addChildBlock("projection", new ChannelMlp(config.projectionChannels(), config.outChannels()));
        this.embedding =
                config.conditioned() ? addChildBlock("embedding", new NoiseEmbedding(config.embeddingDim())) : null;
    }

    private FourierLayer layer(int outChannels, int level) {
        return FourierLayer.builder()
                .setOutChannels(outChannels)
                .setModes(config.modes1(level), config.modes2(level))
                .optConditioning(config.embeddingDim())
                .build();
    }

    /** A builder; channels and modes are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The hyper-parameters. */
    public UnoConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray noise = Conditioning.check("UNO", inputs, config.inChannels(), config.conditioned());
        NDArray x = inputs.get(0);
        if (config.gridCoordinates()) {
            x = GridCoordinates.append(x);
        }
        NDArray e = noise == null
                ? null
                : embedding.forward(ps, new NDList(noise), training).head();
        NDArray v = lifting.forward(ps, new NDList(x), training).head();
        int levels = config.levels();
        List<NDArray> skips = new ArrayList<>(levels);
        for (int l = 0; l < levels; l++) {
            Shape s = v.getShape();
            int h = (int) s.get(2);
            int w = (int) s.get(3);
            if (l > 0) {
                h = (h + 1) / 2;
                w = (w + 1) / 2;
            }
            v = encoder.get(l).apply(ps, v, e, h, w, training);
            skips.add(v);
        }
        v = bottleneck.apply(
                ps, v, e, (int) v.getShape().get(2), (int) v.getShape().get(3), training);
        for (int l = levels - 1; l >= 0; l--) {
            Shape target = skips.get(Math.max(l - 1, 0)).getShape();
            NDArray joined = NDArrays.concat(new NDList(v, skips.get(l)), 1);
            v = decoder.get(l).apply(ps, joined, e, (int) target.get(2), (int) target.get(3), training);
        }
        return projection.forward(ps, new NDList(v), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long b = in.get(0);
        long h = in.get(2);
        long w = in.get(3);
        int extra = config.gridCoordinates() ? 2 : 0;
        lifting.initialize(manager, dataType, new Shape(b, config.inChannels() + extra, h, w));
        int levels = config.levels();
        for (int l = 0; l < levels; l++) {
            init(encoder.get(l), manager, dataType, new Shape(b, config.channels(Math.max(l - 1, 0)), h, w));
            init(decoder.get(l), manager, dataType, new Shape(b, 2L * config.channels(l), h, w));
        }
        init(bottleneck, manager, dataType, new Shape(b, config.channels(levels - 1), h, w));
        projection.initialize(manager, dataType, new Shape(b, config.channels(0), h, w));
        if (embedding != null) {
            embedding.initialize(manager, dataType, new Shape(b));
        }
    }

    private void init(FourierLayer layer, NDManager manager, DataType dataType, Shape shape) {
        if (config.conditioned()) {
            layer.initialize(manager, dataType, shape, new Shape(shape.get(0), config.embeddingDim()));
        } else {
            layer.initialize(manager, dataType, shape);
        }
    }

    /** Builder over {@link UnoConfig}; {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private int inChannels;
        private int outChannels;
        private int modes1;
        private int modes2;
        private int baseWidth = 32;
        private List<Integer> multipliers = List.of(1, 2, 2);
        private int projectionChannels = 128;
        private boolean gridCoordinates = true;
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

        /** Modes at the finest level (required). */
        public Builder setModes(int modes1, int modes2) {
            this.modes1 = modes1;
            this.modes2 = modes2;
            return this;
        }

        /** Base channel count (default 32). */
        public Builder optBaseWidth(int baseWidth) {
            this.baseWidth = baseWidth;
            return this;
        }

        /** Channel multiplier per level (default [1, 2, 2]). */
        public Builder optChannelMultipliers(List<Integer> multipliers) {
            this.multipliers = multipliers;
            return this;
        }

        /** Hidden channels of the projection (default 128). */
        public Builder optProjectionChannels(int projectionChannels) {
            this.projectionChannels = projectionChannels;
            return this;
        }

        /** Append (x, y) coordinate channels (default true). */
        public Builder optGridCoordinates(boolean gridCoordinates) {
            this.gridCoordinates = gridCoordinates;
            return this;
        }

        /** Condition on a noise level with an embedding of this (even) size (default 0 = off). */
        public Builder optConditioning(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** The validated hyper-parameters. */
        public UnoConfig config() {
            return new UnoConfig(
                    inChannels,
                    outChannels,
                    baseWidth,
                    multipliers,
                    modes1,
                    modes2,
                    projectionChannels,
                    gridCoordinates,
                    embeddingDim);
        }

        /** Builds the network; throws {@link IllegalArgumentException} for a missing or invalid value. */
        public Uno build() {
            return new Uno(config());
        }
    }
}
