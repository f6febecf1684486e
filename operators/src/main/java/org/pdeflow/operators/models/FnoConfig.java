package org.pdeflow.operators.models;

/**
 * Hyper-parameters of a {@link Fno}.
 *
 * @param inChannels input field channels (grid coordinates not counted)
 * @param outChannels output field channels
 * @param width channels of the hidden layers (FNO's "width", 32 or 64 in Li et al.)
 * @param modes1 spectral modes per sign along the first spatial axis
 * @param modes2 spectral modes along the last spatial axis
 * @param layers number of Fourier layers (4 in Li et al.)
 * @param projectionChannels hidden channels of the projection MLP (128 in Li et al.)
 * @param gridCoordinates whether (x, y) in [0, 1]^2 are appended as input channels
 * @param domainPadding zero padding appended after lifting, as a fraction of each side (0 = none;
 *     0.125 suits non-periodic problems such as Darcy); removed before projection
 * @param embeddingDim size of the noise embedding; 0 = unconditioned surrogate
 */
public record FnoConfig(
        int inChannels,
        int outChannels,
        int width,
        int modes1,
        int modes2,
        int layers,
        int projectionChannels,
        boolean gridCoordinates,
        double domainPadding,
        int embeddingDim)
        implements ModelConfig {

    /** The architecture name in model cards. */
    public static final String ARCHITECTURE = "fno";

    /** Validates every field; throws {@link IllegalArgumentException} with the offending value. */
    public FnoConfig {
        positive("inChannels", inChannels);
        positive("outChannels", outChannels);
        positive("width", width);
        positive("modes1", modes1);
        positive("modes2", modes2);
        positive("layers", layers);
        positive("projectionChannels", projectionChannels);
        if (!(domainPadding >= 0 && domainPadding <= 1)) {
            throw new IllegalArgumentException("FNO domainPadding must be in [0, 1], got " + domainPadding);
        }
        if (embeddingDim < 0 || embeddingDim % 2 != 0) {
            throw new IllegalArgumentException(
                    "FNO embeddingDim must be 0 (unconditioned) or even and positive, got " + embeddingDim);
        }
    }

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public boolean conditioned() {
        return embeddingDim > 0;
    }

    /**
     * The smallest grid side this model runs on: 2 modes1 rows (and modes2 &lt;= W/2 + 1 columns)
     * must fit the padded grid.
     */
    public int minimumSize() {
        return Math.max(2 * modes1, 2 * (modes2 - 1));
    }

    @Override
    public Fno newBlock() {
        return new Fno(this);
    }
}
