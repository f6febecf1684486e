package org.pdeflow.operators.models;

import java.util.List;

/**
 * Hyper-parameters of a {@link Unet}.
 *
 * @param inChannels input field channels
 * @param outChannels output field channels
 * @param baseWidth channels at full resolution before multipliers
 * @param channelMultipliers one entry per level: level l has baseWidth * multiplier[l] channels on a grid
 *     H / 2^l x W / 2^l; e.g. [1, 2, 3]
 * @param blocksPerLevel residual blocks per level, in the encoder and in the decoder
 * @param groups group count of the group normalisations
 * @param embeddingDim size of the noise embedding (even, positive: the U-Net is a denoiser)
 */
public record UnetConfig(
        int inChannels,
        int outChannels,
        int baseWidth,
        List<Integer> channelMultipliers,
        int blocksPerLevel,
        int groups,
        int embeddingDim)
        implements ModelConfig {

    /** The architecture name in model cards. */
    public static final String ARCHITECTURE = "unet";

    /** Validates every field and copies the multiplier list. */
    public UnetConfig {
        FnoConfig.positive("inChannels", inChannels);
        FnoConfig.positive("outChannels", outChannels);
        FnoConfig.positive("baseWidth", baseWidth);
        FnoConfig.positive("blocksPerLevel", blocksPerLevel);
        FnoConfig.positive("groups", groups);
        if (channelMultipliers == null || channelMultipliers.isEmpty()) {
            throw new IllegalArgumentException("U-Net needs at least one channel multiplier");
        }
        channelMultipliers = List.copyOf(channelMultipliers);
        for (int mult : channelMultipliers) {
            FnoConfig.positive("channel multiplier", mult);
        }
        if (embeddingDim < 2 || embeddingDim % 2 != 0) {
            throw new IllegalArgumentException(
                    "U-Net embeddingDim must be even and positive (it is a noise-conditioned denoiser), got "
                            + embeddingDim);
        }
    }

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    @Override
    public boolean conditioned() {
        return true;
    }

    /** Number of resolution levels. */
    public int levels() {
        return channelMultipliers.size();
    }

    /** Channels at level l. */
    public int channels(int level) {
        return baseWidth * channelMultipliers.get(level);
    }

    /** The grid sizes a forward pass works on are padded up to a multiple of this, 2^(levels - 1). */
    public int gridMultiple() {
        return 1 << (levels() - 1);
    }

    @Override
    public Unet newBlock() {
        return new Unet(this);
    }
}
