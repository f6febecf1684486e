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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One Fourier layer of an FNO / U-NO:
 * <pre>
 *   v' = act( FiLM_e( K v + resample(W v) ) ),     FiLM_e(h) = h (1 + s(e)) + t(e),
 * </pre>
 * with K a {@link SpectralConv2d}, W a pointwise linear skip (1 x 1 convolution), act = GELU
 * (optional: FNO's last layer has none) and, when conditioned, per-channel scale s and shift t
 * from a dense map of the noise embedding e (feature-wise linear modulation, Perez et al. 2018, as
 * used for the noise level in EDM/DDPM++ blocks). With an output grid different from the input,
 * K changes resolution by mode truncation (U-NO, Rahman et al. 2023) and the skip path is
 * resampled band-limitedly ({@link Spectral#resample}), both relative to the input size.
 *
 * <p>Input NDList(v (B, Cin, H, W)) or, when conditioned, NDList(v, e (B, E)); {@link #forward}
 * keeps the grid, {@link #apply} returns any grid allowed by the spectral layer's mode rule.
 */
public final class FourierLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final boolean activation;
    private final int embeddingDim;
    private final SpectralConv2d spectral;
    private final Conv2d skip;
    private final Linear film;

    private FourierLayer(Builder b) {
        super(VERSION);
        this.outChannels = b.outChannels;
        this.activation = b.activation;
        this.embeddingDim = b.embeddingDim;
        this.spectral = addChildBlock(
                "spectral",
                SpectralConv2d.builder()
                        .setOutChannels(b.outChannels)
                        .setModes(b.modes1, b.modes2)
                        .build());
        this.skip = addChildBlock("skip", Pointwise.linear(b.outChannels));
        this.film = b.embeddingDim > 0
                ? addChildBlock(
                        "film", Linear.builder().setUnits(2L * b.outChannels).build())
                : null;
    }

    /** A builder; {@code setOutChannels} and {@code setModes} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this layer takes a noise embedding. */
    public boolean isConditioned() {
        return film != null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray e = inputs.size() > 1 ? inputs.get(1) : null;
        Shape s = x.getShape();
        return new NDList(apply(ps, x, e, (int) s.get(2), (int) s.get(3), training));
    }

    /**
     * Applies the layer, returning fields on a grid of the given size.
     *
     * @param ps parameter store
     * @param x fields (B, Cin, H, W)
     * @param embedding noise embedding (B, E) when conditioned, else null
     * @param outH output height
     * @param outW output width
     * @param training whether this is a training pass
     * @return fields (B, Cout, outH, outW)
     */
    public NDArray apply(ParameterStore ps, NDArray x, NDArray embedding, int outH, int outW, boolean training) {
        if ((embedding != null) != isConditioned()) {
            throw new IllegalArgumentException(
                    isConditioned()
                            ? "this layer is conditioned: a noise embedding is required"
                            : "this layer is not conditioned: no noise embedding is accepted");
        }
        NDArray h = spectral.apply(ps, x, outH, outW, training);
        NDArray w = skip.forward(ps, new NDList(x), training).head();
        h = h.add(Spectral.resample(w, outH, outW));
        if (film != null) {
            h = Film.modulate(
                    h, film.forward(ps, new NDList(embedding), training).head(), outChannels);
        }
        return activation ? Activation.gelu(h) : h;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        spectral.initialize(manager, dataType, inputShapes[0]);
        skip.initialize(manager, dataType, inputShapes[0]);
        if (film != null) {
            film.initialize(manager, dataType, new Shape(inputShapes[0].get(0), embeddingDim));
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
        os.writeInt(outChannels);
        os.writeBoolean(activation);
        os.writeInt(embeddingDim);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("FourierLayer: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int out = is.readInt();
        boolean act = is.readBoolean();
        int emb = is.readInt();
        if (out != outChannels || act != activation || emb != embeddingDim) {
            throw new MalformedModelException("FourierLayer: saved layer (out " + out + ", activation " + act
                    + ", embedding " + emb + ") does not match this one");
        }
    }

    /** Builder: {@code setX} required, {@code optX} optional, validated in {@link #build()}. */
    public static final class Builder {
        private int outChannels;
        private int modes1;
        private int modes2;
        private boolean activation = true;
        private int embeddingDim;

        private Builder() {}

        /** Output channels (required). */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /** Spectral modes (required), see {@link SpectralConv2d}. */
        public Builder setModes(int modes1, int modes2) {
            this.modes1 = modes1;
            this.modes2 = modes2;
            return this;
        }

        /** Whether GELU follows the sum (default true). */
        public Builder optActivation(boolean activation) {
            this.activation = activation;
            return this;
        }

        /** Size of the noise embedding this layer is modulated by; 0 (default) = unconditioned. */
        public Builder optConditioning(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /** Builds the layer. */
        public FourierLayer build() {
            if (outChannels < 1) {
                throw new IllegalArgumentException(
                        "FourierLayer: outChannels must be set and positive, got " + outChannels);
            }
            if (modes1 < 1 || modes2 < 1) {
                throw new IllegalArgumentException("FourierLayer: modes must be set and positive");
            }
            if (embeddingDim < 0) {
                throw new IllegalArgumentException("FourierLayer: embedding size must be >= 0, got " + embeddingDim);
            }
            return new FourierLayer(this);
        }
    }
}
