package org.pdeflow.solvers.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Fno;
import org.pdeflow.operators.models.FnoConfig;
import org.pdeflow.operators.models.ModelConfig;
import org.pdeflow.operators.models.Uno;
import org.pdeflow.operators.models.UnoConfig;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.NoiseType;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorData;
import org.pdeflow.solvers.prior.PriorKind;
import org.pdeflow.solvers.prior.PriorSettings;
import org.pdeflow.solvers.prior.PriorTrainer;
import org.pdeflow.solvers.prior.PriorTrainingSpec;

/**
 * Prior training step and sampling cost per network evaluation (NFE) at 64 x 64, batch 16, for the
 * shipped U-NO and an FNO of similar size, against the bare FFT + spectral matmul + 1 x 1 matmul work
 * of the same shapes (not a unit test: {@code java -cp ... PriorBenchmark}; set
 * {@code -Dai.djl.pytorch.num_threads=1}).
 */
public final class PriorBenchmark {

    private static final int S = 64;
    private static final int B = 16;

    private PriorBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.println(Engines.describe() + ", threads " + System.getProperty("ai.djl.pytorch.num_threads"));
        UnoConfig uno = Uno.builder()
                .setInChannels(2)
                .setOutChannels(2)
                .setModes(16, 16)
                .optBaseWidth(16)
                .optChannelMultipliers(List.of(1, 2, 4))
                .optProjectionChannels(32)
                .optConditioning(32)
                .config();
        FnoConfig fno = Fno.builder()
                .setInChannels(2)
                .setOutChannels(2)
                .setModes(16, 16)
                .optWidth(32)
                .optLayers(4)
                .optProjectionChannels(32)
                .optDomainPadding(0)
                .optConditioning(32)
                .config();
        for (ModelConfig config : new ModelConfig[] {uno, fno}) {
            run(config);
        }
    }

    private static void run(ModelConfig config) throws Exception {
        List<String> ch = List.of("a", "u");
        ChannelNormalizer n =
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, new double[2], new double[] {1, 1});
        ModelCard card = new PriorSettings(PriorKind.DIFFUSION_EDM, 1.0, NoiseType.WHITE, null, 1, 1, 1000, 0.05)
                .writeTo(ModelCard.of(config, ch, ch).withNormalizers(n, n));
        float[] v = new float[64 * 2 * S * S];
        Random r = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        int steps = 14;
        long[] t = new long[steps + 1];
        Path out = Files.createTempDirectory("prior-bench").resolve("m");
        new PriorTrainer(new PriorTrainingSpec(steps, B, 1e-4, false, 0, 1000, 0, 0))
                .optListener((d, tot, l, sm) -> t[(int) d] = System.nanoTime())
                .train(card, new PriorData(v, ch, S, S), out);
        double train = (t[steps] - t[4]) * 1e-9 / (steps - 4);
        long bytes = Files.size(out.resolve("model-0000.params"));
        double nfe;
        try (DiffusionPrior prior = DiffusionPrior.load(out);
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            Engines.inferenceOnThisThread();
            NDArray x = m.randomNormal(new Shape(B, 2, S, S));
            NDArray sigma = NoiseLevels.full(m, B, 1.0, DataType.FLOAT32);
            nfe = median(() -> {
                try (NDManager scope = m.newSubManager()) {
                    scope.tempAttachAll(x, sigma);
                    prior.denoiser().denoise(x, sigma).toFloatArray();
                }
            });
        }
        double raw = rawKernels(config);
        System.out.printf(
                "%s: params %.2f MB; train step %.3f s (batch %d); sampling %.1f ms per NFE (batch %d); "
                        + "bare FFT + spectral matmul + 1x1 matmul of the same shapes %.1f ms (NFE / bare = %.1f)%n",
                config.architecture(), bytes / 1e6, train, B, nfe * 1e3, B, raw * 1e3, nfe / raw);
    }

    /**
     * Seconds for the bare kernels of one forward pass: per Fourier layer rfft+fft, mode matmul, inverse, 1x1
     * matmul.
     */
    private static double rawKernels(ModelConfig config) {
        List<int[]> layers = new ArrayList<>(); // {cin, cout, hin, hout, m1, m2}
        if (config instanceof UnoConfig u) {
            int levels = u.levels();
            int[] h = new int[levels];
            for (int l = 0; l < levels; l++) {
                h[l] = l == 0 ? S : (h[l - 1] + 1) / 2;
            }
            for (int l = 0; l < levels; l++) {
                layers.add(new int[] {
                    u.channels(Math.max(l - 1, 0)), u.channels(l), l == 0 ? S : h[l - 1], h[l], u.modes1(l), u.modes2(l)
                });
            }
            layers.add(new int[] {
                u.channels(levels - 1),
                u.channels(levels - 1),
                h[levels - 1],
                h[levels - 1],
                u.modes1(levels - 1),
                u.modes2(levels - 1)
            });
            for (int l = levels - 1; l >= 0; l--) {
                layers.add(new int[] {
                    2 * u.channels(l),
                    u.channels(Math.max(l - 1, 0)),
                    h[l],
                    h[Math.max(l - 1, 0)],
                    u.modes1(l),
                    u.modes2(l)
                });
            }
        } else {
            FnoConfig f = (FnoConfig) config;
            for (int l = 0; l < f.layers(); l++) {
                layers.add(new int[] {f.width(), f.width(), S, S, f.modes1(), f.modes2()});
            }
        }
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            List<NDArray[]> inputs = new ArrayList<>();
            for (int[] L : layers) {
                int modes = 2 * L[4] * L[5];
                inputs.add(new NDArray[] {
                    m.randomNormal(new Shape(B, L[0], L[2], L[2])),
                    m.randomNormal(new Shape(modes, 2 * B, L[0])),
                    m.randomNormal(new Shape(modes, L[0], 2 * L[1])),
                    m.randomNormal(new Shape(B, L[1], L[3], L[3] / 2 + 1, 2)).complex(),
                    m.randomNormal(new Shape((long) B * L[3] * L[3], L[0])),
                    m.randomNormal(new Shape(L[0], L[1]))
                });
            }
            return median(() -> {
                try (NDManager scope = m.newSubManager()) {
                    for (int k = 0; k < layers.size(); k++) {
                        int[] L = layers.get(k);
                        NDArray[] in = inputs.get(k);
                        scope.tempAttachAll(in);
                        in[0].rfft(L[2], -1).fft(L[2], -2);
                        // complex (B x Cin) by (Cin x Cout) per mode, as one real matmul of twice the size each way
                        in[1].matMul(in[2]);
                        in[3].ifft(L[3], -2).irfft(L[3], -1);
                        in[4].matMul(in[5]);
                    }
                }
            });
        }
    }

    private static double median(Runnable r) {
        r.run();
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
