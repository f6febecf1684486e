package org.pdeflow.operators.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.BlockChecks;
import org.pdeflow.operators.engine.Engines;

/**
 * SelfAttention against a plain double-precision transcription of its equation (group normalisation, the
 * 1 x 1 maps, per-head softmax attention over all grid points, the residual), with random weights on every
 * parameter; and the two properties the U-Net relies on: a new block is exactly the identity, and every
 * output point depends on every input point.
 */
class SelfAttentionTest {

    private static final int B = 2;
    private static final int C = 4;
    private static final int H = 3;
    private static final int W = 2;
    private static final int HEADS = 2;
    private static final int GROUPS = 2;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private SelfAttention block() {
        SelfAttention a = new SelfAttention(C, HEADS, GROUPS);
        a.initialize(manager, DataType.FLOAT32, new Shape(B, C, H, W));
        return a;
    }

    private static Map<String, float[]> randomise(SelfAttention a, long seed) {
        Random r = new Random(seed);
        Map<String, float[]> values = new HashMap<>();
        for (var p : a.getParameters()) {
            Parameter param = p.getValue();
            float[] v = new float[(int) param.getArray().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 * r.nextGaussian() + (p.getKey().endsWith("gamma") ? 1 : 0));
            }
            param.getArray().set(v);
            values.put(p.getKey().replaceAll("^\\d{2}|_\\d{2}", "_").replaceAll("^_", ""), v);
        }
        return values;
    }

    private float[] forward(SelfAttention a, float[] x) {
        NDArray in = manager.create(x, new Shape(B, C, H, W));
        return a.forward(new ParameterStore(manager, false), new NDList(in), false)
                .head()
                .toFloatArray();
    }

    private static float[] input(long seed) {
        Random r = new Random(seed);
        float[] x = new float[B * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @Test
    void aNewBlockIsTheIdentity() {
        float[] x = input(1);
        assertArrayEquals(x, forward(block(), x), 0f);
    }

    @Test
    void equalsTheEquationWrittenOut() {
        SelfAttention a = block();
        Map<String, float[]> p = randomise(a, 3);
        float[] x = input(2);
        float[] y = forward(a, x);
        double[] ref = reference(x, p);
        for (int i = 0; i < y.length; i++) {
            assertEquals(ref[i], y[i], 2e-5 * (1 + Math.abs(ref[i])), "element " + i);
        }
    }

    @Test
    void everyOutputPointSeesEveryInputPoint() {
        SelfAttention a = block();
        randomise(a, 4);
        float[] x = input(5);
        float[] y0 = forward(a, x);
        // perturb grid point (0, 0) of sample 0 in every channel; the far corner (H-1, W-1) must move
        for (int c = 0; c < C; c++) {
            x[c * H * W] += 1f;
        }
        float[] y1 = forward(a, x);
        for (int c = 0; c < C; c++) {
            int far = c * H * W + (H - 1) * W + (W - 1);
            assertTrue(Math.abs(y1[far] - y0[far]) > 1e-4, "channel " + c);
            // sample 1 did not change: attention is per sample
            int other = C * H * W + far;
            assertEquals(y0[other], y1[other], 0f);
        }
    }

    @Test
    void everyParameterGetsAGradientOnceTheProjectionHasMoved() {
        SelfAttention a = block();
        randomise(a, 6);
        BlockChecks.assertEveryParameterGetsGradient(
                a, manager, new NDList(manager.create(input(7), new Shape(B, C, H, W))));
    }

    @Test
    void headsMustDivideTheChannels() {
        assertThrows(IllegalArgumentException.class, () -> new SelfAttention(6, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new SelfAttention(4, 0, 2));
    }

    /** y = x + proj(attention(qkv(GN(x)))) in double precision, (B, C, H, W) row-major. */
    private static double[] reference(float[] x, Map<String, float[]> p) {
        int n = H * W;
        int d = C / HEADS;
        double[] y = new double[x.length];
        for (int b = 0; b < B; b++) {
            double[][] h = new double[C][n];
            int per = C / GROUPS;
            for (int g = 0; g < GROUPS; g++) {
                double mean = 0;
                double sq = 0;
                for (int c = g * per; c < (g + 1) * per; c++) {
                    for (int i = 0; i < n; i++) {
                        mean += x[(b * C + c) * n + i];
                    }
                }
                mean /= per * n;
                for (int c = g * per; c < (g + 1) * per; c++) {
                    for (int i = 0; i < n; i++) {
                        double t = x[(b * C + c) * n + i] - mean;
                        sq += t * t;
                    }
                }
                double sd = Math.sqrt(sq / (per * n) + 1e-5);
                for (int c = g * per; c < (g + 1) * per; c++) {
                    for (int i = 0; i < n; i++) {
                        h[c][i] = p.get("norm_gamma")[c] * (x[(b * C + c) * n + i] - mean) / sd + p.get("norm_beta")[c];
                    }
                }
            }
            double[][] t = pointwise(h, p.get("qkv_weight"), p.get("qkv_bias"), 3 * C);
            double[][] o = new double[C][n];
            for (int head = 0; head < HEADS; head++) {
                for (int i = 0; i < n; i++) {
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        for (int k = 0; k < d; k++) {
                            s[j] += t[head * d + k][i] * t[C + head * d + k][j];
                        }
                        s[j] /= Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < n; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int k = 0; k < d; k++) {
                        for (int j = 0; j < n; j++) {
                            o[head * d + k][i] += t[2 * C + head * d + k][j] * s[j] / z;
                        }
                    }
                }
            }
            double[][] out = pointwise(o, p.get("proj_weight"), p.get("proj_bias"), C);
            for (int c = 0; c < C; c++) {
                for (int i = 0; i < n; i++) {
                    y[(b * C + c) * n + i] = x[(b * C + c) * n + i] + out[c][i];
                }
            }
        }
        return y;
    }

    private static double[][] pointwise(double[][] in, float[] weight, float[] bias, int out) {
        int cin = in.length;
        int n = in[0].length;
        double[][] r = new double[out][n];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < n; i++) {
                double v = bias[o];
                for (int c = 0; c < cin; c++) {
                    v += weight[o * cin + c] * in[c][i];
                }
                r[o][i] = v;
            }
        }
        return r;
    }
}
