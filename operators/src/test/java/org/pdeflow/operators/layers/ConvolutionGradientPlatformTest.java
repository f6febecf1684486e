package org.pdeflow.operators.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;

/**
 * The platform check behind {@code ONEDNN_MAX_CPU_ISA} (docs/platforms.md): the U-Net's group norm, SiLU and 3 x 3
 * convolution give finite input gradients for random inputs over the grid sizes and channel counts the networks use.
 * On AMD EPYC processors with AVX-512 libtorch's oneDNN kernels returned NaN in 13 of 160 such cases, 1 of 160 when
 * capped at AVX2, none at SSE4.1 (the test build's setting): run without the cap there, this test fails.
 */
class ConvolutionGradientPlatformTest {

    @Test
    void groupNormSiluConvolutionGradientsAreFinite() {
        List<String> bad = new ArrayList<>();
        int cases = 0;
        for (int hw : new int[] {4, 5, 7, 8, 10, 12, 16, 24}) {
            for (int[] c : new int[][] {{12, 12}, {24, 12}, {32, 32}, {64, 32}, {96, 96}, {8, 4}, {16, 16}}) {
                for (int trial = 0; trial < 2; trial++) {
                    cases++;
                    try (NDManager m = NDManager.newBaseManager(Engines.device())) {
                        GroupNorm norm = new GroupNorm(2);
                        Conv2d conv = ResidualBlock.conv3x3(c[1]);
                        NDArray x = m.randomNormal(new Shape(2, c[0], hw, hw));
                        norm.initialize(m, DataType.FLOAT32, x.getShape());
                        conv.initialize(m, DataType.FLOAT32, x.getShape());
                        x.setRequiresGradient(true);
                        ParameterStore ps = new ParameterStore(m, false);
                        try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                            NDArray h = NoiseEmbedding.silu(
                                    norm.forward(ps, new NDList(x), true).head());
                            h = conv.forward(ps, new NDList(h), true).head();
                            gc.backward(h.mul(m.randomNormal(h.getShape())).sum());
                        }
                        for (float f : x.getGradient().toFloatArray()) {
                            if (!Float.isFinite(f)) {
                                bad.add(hw + "x" + hw + " " + c[0] + "->" + c[1]);
                                break;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(
                List.of(),
                bad,
                "non-finite input gradients in " + bad.size() + " of " + cases + " cases; "
                        + Engines.ONEDNN_ISA_VARIABLE + " = " + System.getenv(Engines.ONEDNN_ISA_VARIABLE));
    }
}
