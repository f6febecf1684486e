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
 * @param attentionHeads heads of a {@link org.pdeflow.operators.layers.SelfAttention} block between the two
 *     middle blocks (on the coarsest grid); 0 for none. Cards written before it existed read as 0.
 * @param conditions K, global conditions per sample fed to the noise embedding beside the noise level
 *     ({@link org.pdeflow.operators.layers.NoiseEmbedding}): the forward's noise input is then (B, 1 + K)
 *     (a (B,) one means conditions all zero); 0 for none. Cards written before it existed read as 0.
 */
public record UnetConfig(
        int inChannels,
        int outChannels,
        int baseWidth,
        List<Integer> channelMultipliers,
        int blocksPerLevel,
        int groups,
        int embeddingDim,
        int attentionHeads,
        int conditions)
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
        if (attentionHeads < 0) {
            throw new IllegalArgumentException(
                    "U-Net attentionHeads must be 0 (none) or positive, got " + attentionHeads);
        }
        if (conditions < 0) {
            throw new IllegalArgumentException("U-Net conditions must be 0 (none) or positive, got " + conditions);
        }
        int coarsest = baseWidth * channelMultipliers.get(channelMultipliers.size() - 1);
        if (attentionHeads > 0 && coarsest % attentionHeads != 0) {
            throw new IllegalArgumentException("U-Net attentionHeads " + attentionHeads
                    + " must divide the coarsest level's " + coarsest + " channels");
        }
    }

    /** A U-Net without attention. */
    public UnetConfig(
            int inChannels,
            int outChannels,
            int baseWidth,
            List<Integer> channelMultipliers,
            int blocksPerLevel,
            int groups,
            int embeddingDim) {
        this(inChannels, outChannels, baseWidth, channelMultipliers, blocksPerLevel, groups, embeddingDim, 0, 0);
    }

    /** A U-Net without global conditions. */
    public UnetConfig(
            int inChannels,
            int outChannels,
            int baseWidth,
            List<Integer> channelMultipliers,
            int blocksPerLevel,
            int groups,
            int embeddingDim,
            int attentionHeads) {
        this(
                inChannels,
                outChannels,
                baseWidth,
                channelMultipliers,
                blocksPerLevel,
                groups,
                embeddingDim,
                attentionHeads,
                0);
    }

    /** This U-Net with a middle attention block of {@code heads} heads (0: none). */
    public UnetConfig withAttentionHeads(int heads) {
        return new UnetConfig(
                inChannels,
                outChannels,
                baseWidth,
                channelMultipliers,
                blocksPerLevel,
                groups,
                embeddingDim,
                heads,
                conditions);
    }

    /** This U-Net with {@code count} global conditions (0: none). */
    public UnetConfig withConditions(int count) {
        return new UnetConfig(
                inChannels,
                outChannels,
                baseWidth,
                channelMultipliers,
                blocksPerLevel,
                groups,
                embeddingDim,
                attentionHeads,
                count);
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
