package org.pdeflow.operators.models;

import java.util.List;

/**
 * Hyper-parameters of a {@link Uno}.
 *
 * @param inChannels input field channels (grid coordinates not counted)
 * @param outChannels output field channels
 * @param baseWidth channels at full resolution before multipliers
 * @param channelMultipliers one entry per level: level l has baseWidth * multiplier[l] channels on
 *     a grid ceil(H / 2^l) x ceil(W / 2^l); e.g. [1, 2, 2]
 * @param modes1 spectral modes per sign along the first axis at level 0; level l keeps
 *     max(1, modes1 / 2^l)
 * @param modes2 spectral modes along the last axis at level 0, halved per level likewise
 * @param projectionChannels hidden channels of the projection MLP
 * @param gridCoordinates whether (x, y) in [0, 1]^2 are appended as input channels
 * @param embeddingDim size of the noise embedding; 0 = unconditioned
 */
public record UnoConfig(
        int inChannels,
        int outChannels,
        int baseWidth,
        List<Integer> channelMultipliers,
        int modes1,
        int modes2,
        int projectionChannels,
        boolean gridCoordinates,
        int embeddingDim)
        implements ModelConfig {

    /** The architecture name in model cards. */
    public static final String ARCHITECTURE = "uno";

    /** Validates every field and copies the multiplier list. */
    public UnoConfig {
        FnoConfig.positive("inChannels", inChannels);
        FnoConfig.positive("outChannels", outChannels);
        FnoConfig.positive("baseWidth", baseWidth);
        FnoConfig.positive("modes1", modes1);
        FnoConfig.positive("modes2", modes2);
        FnoConfig.positive("projectionChannels", projectionChannels);
        if (channelMultipliers == null || channelMultipliers.isEmpty()) {
            throw new IllegalArgumentException("UNO needs at least one channel multiplier");
        }
        channelMultipliers = List.copyOf(channelMultipliers);
        for (int mult : channelMultipliers) {
            FnoConfig.positive("channel multiplier", mult);
        }
        if (embeddingDim < 0 || embeddingDim % 2 != 0) {
            throw new IllegalArgumentException(
                    "UNO embeddingDim must be 0 (unconditioned) or even and positive, got " + embeddingDim);
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

    /** Number of resolution levels. */
    public int levels() {
        return channelMultipliers.size();
    }

    /** Channels at level l. */
    public int channels(int level) {
        return baseWidth * channelMultipliers.get(level);
    }

    /** Modes per sign along the first axis at level l. */
    public int modes1(int level) {
        return Math.max(1, modes1 >> level);
    }

    /** Modes along the last axis at level l. */
    public int modes2(int level) {
        return Math.max(1, modes2 >> level);
    }

    @Override
    public Uno newBlock() {
        return new Uno(this);
    }
}
