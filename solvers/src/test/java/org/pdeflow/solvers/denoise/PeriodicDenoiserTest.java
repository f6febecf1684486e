package org.pdeflow.solvers.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The periodic wrap of a zero-padding denoiser. The stand-in network is the 3 x 3 box mean with zero padding
 * (what a convolution without periodic padding computes); wrapped with margin 1 it must be the box mean on the
 * torus, computed here independently with index arithmetic modulo the grid.
 */
class PeriodicDenoiserTest {

    private static final int H = 6;
    private static final int W = 8;

    /** The 3 x 3 mean with zeros outside the grid, written with NDArray ops (differentiable), any H x W. */
    private static final Denoiser ZERO_PADDED_BOX = (x, sigma) -> {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        NDManager m = x.getManager();
        NDArray rows = m.zeros(new Shape(b, c, 1, w), x.getDataType());
        NDArray padded = NDArrays.concat(new NDList(rows, x, rows), 2);
        NDArray cols = m.zeros(new Shape(b, c, h + 2, 1), x.getDataType());
        padded = NDArrays.concat(new NDList(cols, padded, cols), 3);
        NDArray sum = null;
        for (int di = 0; di < 3; di++) {
            for (int dj = 0; dj < 3; dj++) {
                NDArray part = padded.get(new NDIndex(":, :, {}:{}, {}:{}", di, di + h, dj, dj + w));
                sum = sum == null ? part : sum.add(part);
            }
        }
        return sum.div(9);
    };

    private static double[] field(long seed) {
        Random r = new Random(seed);
        double[] v = new double[2 * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** The box mean on the torus, per batch entry (one channel), from the definition. */
    private static double[] periodicBox(double[] x) {
        double[] out = new double[x.length];
        for (int b = 0; b < x.length / (H * W); b++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    double s = 0;
                    for (int di = -1; di <= 1; di++) {
                        for (int dj = -1; dj <= 1; dj++) {
                            s += x[b * H * W + Math.floorMod(i + di, H) * W + Math.floorMod(j + dj, W)];
                        }
                    }
                    out[b * H * W + i * W + j] = s / 9;
                }
            }
        }
        return out;
    }

    @Test
    void wrappingAZeroPaddedStencilGivesTheStencilOnTheTorus() {
        double[] x = field(1);
        double[] expected = periodicBox(x);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray in = m.create(x, new Shape(2, 1, H, W));
            NDArray sigma = m.create(0.5);
            double[] wrapped =
                    new PeriodicDenoiser(ZERO_PADDED_BOX, 1).denoise(in, sigma).toDoubleArray();
            double[] wider =
                    new PeriodicDenoiser(ZERO_PADDED_BOX, 3).denoise(in, sigma).toDoubleArray();
            double[] bare = ZERO_PADDED_BOX.denoise(in, sigma).toDoubleArray();
            double worstBare = 0;
            for (int k = 0; k < x.length; k++) {
                assertEquals(expected[k], wrapped[k], 1e-12, "node " + k);
                assertEquals(expected[k], wider[k], 1e-12, "node " + k);
                worstBare = Math.max(worstBare, Math.abs(expected[k] - bare[k]));
            }
            // the stand-in really is wrong at the edges without the wrap, or this test proves nothing
            assertTrue(worstBare > 0.05, "zero padding differs at the edge by " + worstBare);
        }
    }

    @Test
    void wrappedDenoiserCommutesWithPeriodicShifts() {
        double[] x = field(2);
        double[] shifted = new double[x.length];
        int si = 2;
        int sj = 5;
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < W; j++) {
                    shifted[b * H * W + ((i + si) % H) * W + (j + sj) % W] = x[b * H * W + i * W + j];
                }
            }
        }
        Denoiser d = new PeriodicDenoiser(ZERO_PADDED_BOX, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sigma = m.create(1.0);
            double[] out = d.denoise(m.create(x, new Shape(2, 1, H, W)), sigma).toDoubleArray();
            double[] outShifted =
                    d.denoise(m.create(shifted, new Shape(2, 1, H, W)), sigma).toDoubleArray();
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        assertEquals(
                                out[b * H * W + i * W + j],
                                outShifted[b * H * W + ((i + si) % H) * W + (j + sj) % W],
                                1e-12);
                    }
                }
            }
        }
    }

    /**
     * The sum of the torus box mean's outputs is the sum of its inputs, so its gradient is 1 at every node
     * (with zero padding an edge node feeds only 6 or 4 of 9 windows: 2/3 or 4/9).
     */
    @Test
    void gradientsFlowThroughTheWrapAndTheCrop() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(field(3), new Shape(2, 1, H, W)).toType(DataType.FLOAT32, false);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray out = new PeriodicDenoiser(ZERO_PADDED_BOX, 1).denoise(x, m.create(0.1f));
                collector.backward(out.sum());
            }
            for (float g : x.getGradient().toFloatArray()) {
                assertEquals(1f, g, 1e-6f);
            }
        }
    }

    @Test
    void refusesMarginsItCannotWrap() {
        assertThrows(IllegalArgumentException.class, () -> new PeriodicDenoiser(ZERO_PADDED_BOX, 0));
        assertThrows(IllegalArgumentException.class, () -> new PeriodicDenoiser(null, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, H, W));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> new PeriodicDenoiser(ZERO_PADDED_BOX, H + 1).denoise(x, m.create(1f)));
            assertTrue(e.getMessage().contains("exceeds the grid 6 x 8"), e.getMessage());
        }
    }
}
