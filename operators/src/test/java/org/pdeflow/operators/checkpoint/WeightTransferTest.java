package org.pdeflow.operators.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.ModelConfig;
import org.pdeflow.operators.models.UnetConfig;

/**
 * Growing a trained U-Net by an attention block: the grown network must compute exactly what the trained one
 * did (the block starts as the identity and every other layer carries the trained weights), and weights that do
 * not fit are refused by name.
 */
class WeightTransferTest {

    private static final UnetConfig TRAINED = new UnetConfig(1, 1, 4, List.of(1, 2, 2), 1, 4, 8);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Block initialized(ModelConfig c, int seed) {
        Engines.engine().setRandomSeed(seed);
        Block block = c.newBlock();
        int conditions = c instanceof UnetConfig u ? u.conditions() : 0;
        block.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(2, 1, 16, 16),
                conditions == 0 ? new Shape(2) : new Shape(2, 1 + conditions));
        return block;
    }

    private float[] denoise(Block block, NDList in) {
        return block.forward(new ParameterStore(manager, false), in, false)
                .head()
                .toFloatArray();
    }

    @Test
    void aGrownUnetComputesWhatTheTrainedOneDid() {
        Block trained = initialized(TRAINED, 1);
        Block grown = initialized(TRAINED.withAttentionHeads(2), 2);
        NDList in =
                new NDList(manager.randomNormal(new Shape(2, 1, 16, 16)), manager.create(new float[] {0.3f, -1.2f}));
        float[] before = denoise(grown, in);
        List<String> fresh = WeightTransfer.copy(trained, grown);
        assertEquals(
                List.of(
                        "midAttention_norm_beta",
                        "midAttention_norm_gamma",
                        "midAttention_proj_bias",
                        "midAttention_proj_weight",
                        "midAttention_qkv_bias",
                        "midAttention_qkv_weight"),
                fresh);
        float[] expected = denoise(trained, in);
        float[] after = denoise(grown, in);
        assertArrayEquals(expected, after, 1e-6f);
        // and it did not before the copy (different seeds): the comparison can fail
        double gap = 0;
        for (int i = 0; i < expected.length; i++) {
            gap = Math.max(gap, Math.abs(expected[i] - before[i]));
        }
        assertTrue(gap > 1e-3, "gap " + gap);
        // the copied weights still train
        for (var p : grown.getParameters()) {
            assertTrue(p.getValue().requiresGradient(), p.getKey());
            NDArray a = p.getValue().getArray();
            assertTrue(a.hasGradient(), p.getKey());
        }
    }

    @Test
    void aUnetGrownByConditionsComputesWhatTheTrainedOneDidUntilTheyAreLearnt() {
        Block trained = initialized(TRAINED, 1);
        Block grown = initialized(TRAINED.withConditions(2), 2);
        assertEquals(
                List.of("embedding_condition_bias", "embedding_condition_weight"), WeightTransfer.copy(trained, grown));
        NDArray x = manager.randomNormal(new Shape(2, 1, 16, 16));
        NDArray level = manager.create(new float[] {0.3f, -1.2f});
        NDArray withConditions = manager.create(new float[] {0.3f, 1.5f, 1f, -1.2f, -0.7f, 1f}, new Shape(2, 3));
        float[] expected = denoise(trained, new NDList(x, level));
        assertArrayEquals(expected, denoise(grown, new NDList(x, withConditions)), 1e-6f);
        assertArrayEquals(expected, denoise(grown, new NDList(x, level)), 1e-6f);

        // once the condition's weights are not zero the conditions change the output, and a (B,) noise input
        // means conditions all zero
        grown.freezeParameters(true);
        for (var p : grown.getParameters()) {
            if (WeightTransfer.key(p.getKey()).equals("embedding_condition_weight")) {
                p.getValue()
                        .getArray()
                        .set(manager.randomNormal(p.getValue().getArray().getShape())
                                .toFloatArray());
            }
        }
        grown.freezeParameters(false);
        float[] conditioned = denoise(grown, new NDList(x, withConditions));
        double gap = 0;
        for (int i = 0; i < expected.length; i++) {
            gap = Math.max(gap, Math.abs(expected[i] - conditioned[i]));
        }
        assertTrue(gap > 1e-3, "gap " + gap);
        NDArray zeros = manager.create(new float[] {0.3f, 0f, 0f, -1.2f, 0f, 0f}, new Shape(2, 3));
        assertArrayEquals(denoise(grown, new NDList(x, zeros)), denoise(grown, new NDList(x, level)), 1e-6f);

        NDArray wrong = manager.zeros(new Shape(2, 2));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> denoise(grown, new NDList(x, wrong)));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> denoise(trained, new NDList(x, withConditions)));
    }

    @Test
    void weightsThatDoNotFitAreRefusedByName() {
        Block trained = initialized(TRAINED, 1);
        Block wider = initialized(new UnetConfig(1, 1, 8, List.of(1, 2, 2), 1, 4, 8, 2), 2);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WeightTransfer.copy(trained, wider));
        assertTrue(e.getMessage().contains("of shape"), e.getMessage());
        // a network cannot shrink: the attention block's weights have nowhere to go
        Block grown = initialized(TRAINED.withAttentionHeads(2), 3);
        e = assertThrows(IllegalArgumentException.class, () -> WeightTransfer.copy(grown, trained));
        assertTrue(e.getMessage().contains("midAttention"), e.getMessage());
    }

    @Test
    void aCardWrittenBeforeAttentionReadsAsAUnetWithout() {
        String old = "{\"architecture\":\"unet\",\"config\":{\"inChannels\":1,\"outChannels\":1,\"baseWidth\":4,"
                + "\"channelMultipliers\":[1,2,2],\"blocksPerLevel\":1,\"groups\":4,\"embeddingDim\":8}}";
        assertEquals(TRAINED, ModelCardJson.configFromJson(old));
        assertEquals(0, ((UnetConfig) ModelCardJson.configFromJson(old)).conditions());
    }
}
