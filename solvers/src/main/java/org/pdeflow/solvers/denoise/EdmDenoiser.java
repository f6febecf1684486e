package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;

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

    /**
     * @param network F
     * @param sigmaData sigma_d, the data's standard deviation the preconditioning assumes (EDM: 0.5)
     */
    public EdmDenoiser(Network network, double sigmaData) {
        if (network == null) {
            throw new IllegalArgumentException("network is required");
        }
        if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
            throw new IllegalArgumentException("sigma_data must be positive and finite, got " + sigmaData);
        }
        this.network = network;
        this.sigmaData = sigmaData;
    }

    /**
     * Inference use of an initialised block (training = false; a parameter store with copying off,
     * created per call in x's manager, so nothing is cached).
     */
    public static EdmDenoiser of(Block block, double sigmaData) {
        if (block == null) {
            throw new IllegalArgumentException("block is required");
        }
        return new EdmDenoiser(
                input -> {
                    NDManager m = input.head().getManager();
                    return block.forward(new ParameterStore(m, false), input, false);
                },
                sigmaData);
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
