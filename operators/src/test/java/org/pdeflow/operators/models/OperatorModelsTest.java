package org.pdeflow.operators.models;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdeflow.operators.BlockChecks;
import org.pdeflow.operators.engine.Engines;

/** FNO, UNO and U-Net: shapes at two resolutions, gradients reach every parameter, conditioning works. */
class OperatorModelsTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    static Stream<ModelConfig> configs() {
        return Stream.of(
                Fno.builder()
                        .setInChannels(2)
                        .setOutChannels(3)
                        .setModes(4, 4)
                        .optWidth(6)
                        .optLayers(2)
                        .optProjectionChannels(8)
                        .config(),
                Fno.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setModes(3, 4)
                        .optWidth(6)
                        .optLayers(3)
                        .optProjectionChannels(8)
                        .optDomainPadding(0.125)
                        .optGridCoordinates(false)
                        .optConditioning(8)
                        .config(),
                Uno.builder()
                        .setInChannels(2)
                        .setOutChannels(1)
                        .setModes(4, 4)
                        .optBaseWidth(4)
                        .optChannelMultipliers(List.of(1, 2, 2))
                        .optProjectionChannels(8)
                        .config(),
                Uno.builder()
                        .setInChannels(1)
                        .setOutChannels(2)
                        .setModes(4, 3)
                        .optBaseWidth(4)
                        .optChannelMultipliers(List.of(1, 2))
                        .optProjectionChannels(8)
                        .optConditioning(8)
                        .config(),
                // 17 x 20 is padded to 20 x 20 (a multiple of 2^(3-1)) and cropped back
                new UnetConfig(2, 1, 4, List.of(1, 2, 3), 1, 2, 8),
                new UnetConfig(1, 1, 4, List.of(1, 2), 2, 4, 8),
                // a self-attention block between the middle blocks (8 channels, 2 heads)
                new UnetConfig(1, 1, 4, List.of(1, 2), 1, 4, 8, 2));
    }

    private NDList inputs(ModelConfig c, int b, int h, int w) {
        NDArray x = manager.randomNormal(new Shape(b, c.inChannels(), h, w));
        return c.conditioned() ? new NDList(x, manager.randomUniform(-1, 2, new Shape(b))) : new NDList(x);
    }

    private Block initialized(ModelConfig c) {
        Block block = c.newBlock();
        Shape x = new Shape(2, c.inChannels(), 16, 16);
        if (c.conditioned()) {
            block.initialize(manager, DataType.FLOAT32, x, new Shape(2));
        } else {
            block.initialize(manager, DataType.FLOAT32, x);
        }
        return block;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void outputShapeAtTwoResolutions(ModelConfig c) {
        Block block = initialized(c);
        // 16 x 16 and an odd, non-square 17 x 20 (UNO levels 17 -> 9 -> 5 and back)
        for (int[] hw : new int[][] {{16, 16}, {17, 20}}) {
            NDList in = inputs(c, 2, hw[0], hw[1]);
            NDArray y =
                    block.forward(new ParameterStore(manager, false), in, false).head();
            assertEquals(new Shape(2, c.outChannels(), hw[0], hw[1]), y.getShape(), c.toString());
            assertEquals(y.getShape(), block.getOutputShapes(in.getShapes())[0]);
            float[] v = y.toFloatArray();
            for (float f : v) {
                assertTrue(Float.isFinite(f));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyParameterGetsAGradient(ModelConfig c) {
        Block block = initialized(c);
        // a layer initialised to zero (an attention block's output projection) passes no gradient to the
        // layers before it until it has moved: move it first
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.abs().max().getFloat() == 0f) {
                a.set(manager.randomNormal(0, 0.1f, a.getShape(), DataType.FLOAT32)
                        .toFloatArray());
            }
        }
        BlockChecks.assertEveryParameterGetsGradient(block, manager, inputs(c, 2, 16, 16));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void inputsFollowTheConditioningConvention(ModelConfig c) {
        Block block = initialized(c);
        NDArray x = manager.randomNormal(new Shape(2, c.inChannels(), 16, 16));
        NDList wrong = c.conditioned() ? new NDList(x) : new NDList(x, manager.zeros(new Shape(2)));
        assertThrows(
                IllegalArgumentException.class, () -> block.forward(new ParameterStore(manager, false), wrong, false));
        NDList badChannels = new NDList(manager.randomNormal(new Shape(2, c.inChannels() + 1, 16, 16)));
        assertThrows(
                IllegalArgumentException.class,
                () -> block.forward(new ParameterStore(manager, false), badChannels, false));
    }

    @Test
    void conditioningChangesTheOutput() {
        for (ModelConfig c : configs().filter(ModelConfig::conditioned).toList()) {
            Block block = initialized(c);
            NDArray x = manager.randomNormal(new Shape(2, c.inChannels(), 16, 16));
            NDArray y1 = block.forward(
                            new ParameterStore(manager, false),
                            new NDList(x, manager.create(new float[] {0.1f, 0.1f})),
                            false)
                    .head();
            NDArray y2 = block.forward(
                            new ParameterStore(manager, false),
                            new NDList(x, manager.create(new float[] {1.5f, 0.1f})),
                            false)
                    .head();
            NDArray diff = y1.sub(y2).abs();
            // sample 0 changed noise: clearly different; sample 1 kept it: identical (per-sample conditioning)
            assertTrue(diff.get(0).max().getFloat() > 1e-3f, c.toString());
            assertEquals(0f, diff.get(1).max().getFloat(), 1e-6f, c.toString());
        }
    }

    @Test
    void configsValidate() {
        // the attention heads split the coarsest level's 4 * 2 channels
        assertThrows(IllegalArgumentException.class, () -> new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 8, 3));
        assertThrows(IllegalArgumentException.class, () -> new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 8, -1));
        assertEquals(
                2,
                new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 8)
                        .withAttentionHeads(2)
                        .attentionHeads());
        assertThrows(
                IllegalArgumentException.class,
                () -> Fno.builder().setInChannels(1).setOutChannels(1).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Fno.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setModes(4, 4)
                        .optConditioning(7)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Uno.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setModes(4, 4)
                        .optChannelMultipliers(List.of())
                        .build());
        assertThrows(IllegalArgumentException.class, () -> new UnetConfig(1, 1, 4, List.of(1, 2), 1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new UnetConfig(1, 1, 4, List.of(), 1, 2, 8));
        assertEquals(4, new UnetConfig(1, 1, 4, List.of(1, 2, 2), 1, 2, 8).gridMultiple());
        assertEquals(
                8,
                Fno.builder()
                        .setInChannels(1)
                        .setOutChannels(1)
                        .setModes(4, 3)
                        .config()
                        .minimumSize());
    }
}
