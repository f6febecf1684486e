package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import org.pdeflow.operators.engine.Engines;

/**
 * A network F wrapped with EDM preconditioning (Karras et al. 2022, "Elucidating the design space of
 * diffusion-based generative models", section 5 and Table 1):
 * <pre>
 *   D(x; sigma) = c_skip(sigma) x + c_out(sigma) F(c_in(sigma) x, c_noise(sigma))
 * </pre>
 * with the coefficients of {@link EdmScalings}. F is a DJL {@link Block} whose forward takes
 * {@code NDList(x (B, C, H, W), noise (B,))} and returns {@code NDList(out (B, C, H, W))} (the
 * pdeflow convention for conditioned operators, e.g. the FNO/UNO of {@code org.pdeflow.operators});
 * here noise = c_noise = ln(sigma) / 4 per sample.
 *
 * <p>sigma must be &gt; 0 (c_noise is ln sigma); samplers never evaluate at sigma = 0.
 */
public final class EdmDenoiser implements Denoiser {

    /** How the wrapper calls F: a block's forward, in inference or training mode. */
    @FunctionalInterface
    public interface Network {
        /**
         * @param input {@code NDList(x (B, C, H, W), noise (B,))}
         * @return {@code NDList(out (B, C, H, W))}
         */
        NDList forward(NDList input);
    }

    private final Network network;
    private final double sigmaData;
    private final NDArray conditions;

    /**
     * @param network F
     * @param sigmaData sigma_d, the data's standard deviation the preconditioning assumes (EDM: 0.5)
     */
    public EdmDenoiser(Network network, double sigmaData) {
        this(network, sigmaData, null);
    }

    private EdmDenoiser(Network network, double sigmaData, NDArray conditions) {
        if (network == null) {
            throw new IllegalArgumentException("network is required");
        }
        if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
            throw new IllegalArgumentException("sigma_data must be positive and finite, got " + sigmaData);
        }
        this.network = network;
        this.sigmaData = sigmaData;
        this.conditions = conditions;
    }

    /**
     * This denoiser with K global conditions per sample fed to F beside c_noise: F's noise input becomes
     * (B, 1 + K), [c_noise, conditions] (a network built with K conditions, e.g. a U-Net with
     * {@code UnetConfig.conditions()} = K). Every call must then denoise a batch of exactly B samples.
     *
     * @param conditions (B, K); owned by the caller, who keeps it open while this denoiser is used
     */
    public EdmDenoiser withConditions(NDArray conditions) {
        if (conditions == null || conditions.getShape().dimension() != 2) {
            throw new IllegalArgumentException(
                    "conditions must have shape (B, K), got " + (conditions == null ? "none" : conditions.getShape()));
        }
        return new EdmDenoiser(network, sigmaData, conditions);
    }

    /**
     * Grid nodes (batch x height x width) one CPU forward pass of an inference block is given at most,
     * {@value}: larger batches are split into micro-batches, each run in its own sub-manager that keeps only
     * its output, and the outputs concatenated. Why: the time per sample quadruples past about 2^17 nodes per
     * pass (measured on the 2-core machine, PyTorch 2.7.1 CPU, the shipped 64^2 U-Net prior,
     * {@code pdeflow sample --steps 5 --sampler euler --n 64}: 8.5-9.4 s in batches of 4 to 32, 33.6 s as one
     * batch of 64; at 128^2, 16 samples took 6.6 s in batches of 8 and 27.5 s as one of 16): the memory a
     * pass touches (about 24 MB of activations per 64^2 sample, in fresh pages) stops being reused. With this
     * limit the batch of 64 takes 7.2 s. The result is the same function of x (each sample's output depends
     * on that sample alone); on a GPU, and while autograd records, the whole batch goes in one pass.
     */
    public static final int MAX_CPU_NODES_PER_PASS = 1 << 16;

    /**
     * Inference use of an initialised block (training = false; a parameter store with copying off,
     * created per call in x's manager, so nothing is cached). On the CPU a batch of more than
     * {@link #MAX_CPU_NODES_PER_PASS} grid nodes runs in micro-batches.
     */
    public static EdmDenoiser of(Block block, double sigmaData) {
        return of(block, sigmaData, MAX_CPU_NODES_PER_PASS);
    }

    /**
     * Inference use with another CPU limit of grid nodes per forward pass (at least one sample per pass).
     *
     * @param maxCpuNodesPerPass batch x height x width one CPU pass is given at most, &gt;= 1
     */
    public static EdmDenoiser of(Block block, double sigmaData, int maxCpuNodesPerPass) {
        if (maxCpuNodesPerPass < 1) {
            throw new IllegalArgumentException("maxCpuNodesPerPass must be >= 1, got " + maxCpuNodesPerPass);
        }
        if (block == null) {
            throw new IllegalArgumentException("block is required");
        }
        return new EdmDenoiser(
                input -> {
                    NDManager m = input.head().getManager();
                    int chunk = microBatch(input.head(), maxCpuNodesPerPass);
                    long batch = input.head().getShape().get(0);
                    if (batch <= chunk) {
                        return block.forward(new ParameterStore(m, false), input, false);
                    }
                    // Each pass in its own sub-manager that keeps only its output: otherwise every pass's
                    // activations stay alive until the caller's scope closes, and the memory touched per call
                    // (fresh pages, about 24 MB per 64^2 sample for the shipped U-Net) is that of the whole batch.
                    NDList parts = new NDList();
                    for (long from = 0; from < batch; from += chunk) {
                        NDIndex rows = new NDIndex("{}:{}", from, Math.min(batch, from + chunk));
                        try (NDManager pass = m.newSubManager()) {
                            NDList slice = new NDList(
                                    input.head().get(rows), input.get(1).get(rows));
                            slice.attach(pass);
                            NDList result = block.forward(new ParameterStore(pass, false), slice, false);
                            if (result.size() != 1) {
                                throw new IllegalStateException("network must return one array, got " + result.size());
                            }
                            NDArray out = result.head();
                            out.attach(m);
                            parts.add(out);
                        }
                    }
                    NDArray joined = NDArrays.concat(parts, 0);
                    parts.close();
                    return new NDList(joined);
                },
                sigmaData);
    }

    /**
     * Samples per forward pass for x (B, C, H, W): all of them on a GPU or while autograd records on this
     * thread, else at most the node limit allows. Under autograd the passes' scopes must not close before the
     * backward pass: the networks create scalar constants in their input's manager (see the operators'
     * GraphScalars) whose buffers the graph still reads, so a batch inside a gradient collector (DPS, FunDPS
     * with many samples) runs whole. (DJL reports requires_grad for leaves only, so the input cannot tell.)
     */
    static int microBatch(NDArray x, int maxCpuNodes) {
        if (x.getDevice().isGpu() || Engines.recordsGradients()) {
            return Integer.MAX_VALUE;
        }
        long nodes = x.getShape().get(2) * x.getShape().get(3);
        return (int) Math.max(1, maxCpuNodes / nodes);
    }

    /** Training use: F is the trainer's model block, called through {@link Trainer#forward(NDList)}. */
    public static EdmDenoiser training(Trainer trainer, double sigmaData) {
        if (trainer == null) {
            throw new IllegalArgumentException("trainer is required");
        }
        return new EdmDenoiser(trainer::forward, sigmaData);
    }

    /** sigma_d. */
    public double sigmaData() {
        return sigmaData;
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma) {
        NDArray s = NoiseLevels.perSample(sigma, x);
        double sd2 = sigmaData * sigmaData;
        NDArray total = s.square().addi(sd2);
        NDArray root = total.sqrt();
        NDArray cSkip = total.pow(-1).muli(sd2);
        NDArray cOut = s.mul(sigmaData).divi(root);
        NDArray cIn = root.pow(-1);
        NDArray cNoise = s.log().divi(4.0);
        NDArray input = x.mul(NoiseLevels.column(cIn, x));
        if (conditions != null) {
            if (conditions.getShape().get(0) != x.getShape().get(0)) {
                throw new IllegalArgumentException("this denoiser is conditioned for batches of "
                        + conditions.getShape().get(0) + " samples, got "
                        + x.getShape().get(0));
            }
            NDArray level = cNoise.reshape(-1, 1);
            cNoise.close();
            // toDevice / toType return the array itself when nothing changes
            NDArray c = conditions.toDevice(level.getDevice(), false).toType(level.getDataType(), false);
            cNoise = NDArrays.concat(new NDList(level, c), 1);
            level.close();
        }
        NDList out = network.forward(new NDList(input, cNoise));
        if (out.size() != 1 || !out.head().getShape().equals(x.getShape())) {
            throw new IllegalStateException("network must return one array of shape " + x.getShape() + ", got "
                    + out.size() + " array(s), first "
                    + (out.isEmpty() ? "none" : out.head().getShape()));
        }
        NDArray f = out.head();
        NDArray d = x.mul(NoiseLevels.column(cSkip, x)).addi(f.mul(NoiseLevels.column(cOut, x)));
        for (NDArray a : new NDArray[] {s, total, root, cSkip, cOut, cIn, cNoise, input, f}) {
            a.close();
        }
        return d;
    }
}
