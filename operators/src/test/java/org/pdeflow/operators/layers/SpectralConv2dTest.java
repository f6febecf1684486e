package org.pdeflow.operators.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.BlockChecks;
import org.pdeflow.operators.engine.Engines;

/**
 * SpectralConv2d against an independent reference: with one input and one output channel and
 * the weight e^{i theta} on every kept mode, the layer must equal the band-limited projection
 * computed here with a plain O(N^4) DFT in double precision,
 * <pre>
 *   y[i, j] = 1/(HW) sum_{kx kept} sum_{0 &lt;= ky &lt; m2}
 *                c_ky Re( e^{i theta} X[kx, ky] e^{2 pi i (kx i/H + ky j/W)} ),
 * </pre>
 * with c_0 = 1 and c_ky = 2 otherwise (the conjugate mode -ky of a real field), X the DFT of x.
 * Tolerance 2e-5 relative to the field's maximum: float32 FFTs of 200-odd points.
 */
class SpectralConv2dTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private SpectralConv2d layer(int cin, int cout, int m1, int m2, int h, int w) {
        SpectralConv2d conv =
                SpectralConv2d.builder().setOutChannels(cout).setModes(m1, m2).build();
        conv.initialize(manager, DataType.FLOAT32, new Shape(2, cin, h, w));
        return conv;
    }

    private static void setWeights(SpectralConv2d conv, double theta) {
        for (var p : conv.getParameters()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray();
            float[] values = new float[(int) a.size()];
            Arrays.fill(values, (float) (p.getKey().equals("weightRe") ? Math.cos(theta) : Math.sin(theta)));
            a.set(values);
        }
    }

    private static double[] reference(double[] x, int h, int w, int m1, int m2, double theta) {
        double[] y = new double[h * w];
        for (int kxi = -m1; kxi < m1; kxi++) {
            for (int ky = 0; ky < m2; ky++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double phase = -2 * Math.PI * ((double) kxi * i / h + (double) ky * j / w);
                        re += x[i * w + j] * Math.cos(phase);
                        im += x[i * w + j] * Math.sin(phase);
                    }
                }
                double wr = Math.cos(theta) * re - Math.sin(theta) * im;
                double wi = Math.sin(theta) * re + Math.cos(theta) * im;
                double c = ky == 0 ? 1 : 2;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double phase = 2 * Math.PI * ((double) kxi * i / h + (double) ky * j / w);
                        y[i * w + j] += c * (wr * Math.cos(phase) - wi * Math.sin(phase)) / (h * w);
                    }
                }
            }
        }
        return y;
    }

    @Test
    void matchesBandLimitedProjectionByPlainDft() {
        int h = 16;
        int w = 12;
        int m1 = 3;
        int m2 = 4;
        Random rng = new Random(7);
        double[] x = new double[h * w];
        float[] xf = new float[h * w];
        for (int k = 0; k < x.length; k++) {
            xf[k] = (float) rng.nextGaussian();
            x[k] = xf[k];
        }
        for (double theta : new double[] {0.0, 0.7}) {
            SpectralConv2d conv = layer(1, 1, m1, m2, h, w);
            setWeights(conv, theta);
            NDArray in = manager.create(xf, new Shape(1, 1, h, w));
            float[] got = conv.forward(new ParameterStore(manager, false), new NDList(in), false)
                    .head()
                    .toFloatArray();
            double[] want = reference(x, h, w, m1, m2, theta);
            double max = Arrays.stream(want).map(Math::abs).max().orElseThrow();
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 2e-5 * Math.max(1, max), "theta " + theta + " at " + k);
            }
        }
    }

    @Test
    void changesResolutionByBandLimitedInterpolation() {
        // A single mode inside the band, sampled on 16 x 16, must come out as the same function
        // sampled on 32 x 32 (up) and 8 x 8 (down) with unit weights.
        int m = 3;
        SpectralConv2d conv = layer(1, 1, m, m, 16, 16);
        setWeights(conv, 0.0);
        NDArray in = manager.create(cosine(16, 16, 2, -1), new Shape(1, 1, 16, 16));
        for (int n : new int[] {32, 8}) {
            float[] got = conv.apply(new ParameterStore(manager, false), in, n, n, false)
                    .toFloatArray();
            assertArrayEquals(cosine(n, n, 2, -1), got, 1e-5f, "size " + n);
        }
    }

    private static float[] cosine(int h, int w, int kx, int ky) {
        float[] f = new float[h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                f[i * w + j] = (float) Math.cos(2 * Math.PI * ((double) kx * i / h + (double) ky * j / w) + 0.3);
            }
        }
        return f;
    }

    @Test
    void shapesAtTwoResolutionsAndGradients() {
        SpectralConv2d conv = layer(3, 5, 4, 3, 16, 16);
        for (int[] hw : new int[][] {{16, 16}, {24, 20}}) {
            NDArray x = manager.randomNormal(new Shape(2, 3, hw[0], hw[1]));
            NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .head();
            assertEquals(new Shape(2, 5, hw[0], hw[1]), y.getShape());
        }
        assertEquals(new Shape(2, 5, 16, 16), conv.getOutputShapes(new Shape[] {new Shape(2, 3, 16, 16)})[0]);
        BlockChecks.assertEveryParameterGetsGradient(
                conv, manager, new NDList(manager.randomNormal(new Shape(2, 3, 16, 16))));
    }

    @Test
    void rejectsGridsTooSmallForTheModes() {
        SpectralConv2d conv = layer(1, 1, 5, 5, 16, 16);
        NDArray small = manager.randomNormal(new Shape(1, 1, 8, 16));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> conv.forward(new ParameterStore(manager, false), new NDList(small), false));
        assertEquals(true, e.getMessage().contains("2*modes1 <= H"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> SpectralConv2d.builder().setModes(2, 2).build());
    }
}
