package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;

/**
 * One step of the probability-flow ODE in EDM form (Karras, Aittala, Aila &amp; Laine 2022, "Elucidating
 * the design space of diffusion-based generative models", eq. 3 with sigma(t) = t, s(t) = 1):
 * <pre>
 *   dx/dsigma = (x - D(x; sigma)) / sigma,
 * </pre>
 * from level sigma to level sigma' &lt; sigma, written exactly as Algorithm 1 of that paper. With
 * d = (x - D(x; sigma)) / sigma,
 * <pre>
 *   Euler:  x' = x + (sigma' - sigma) d,
 *   Heun:   x' as above; then, if sigma' != 0,  x' = x + (sigma' - sigma) (d + (x' - D(x'; sigma')) / sigma') / 2.
 * </pre>
 * Heun's correction would divide by 0 on a step to sigma' = 0, so that step is Euler's (EDM does the
 * same). Euler costs no network call beyond the D(x; sigma) the caller passes in; Heun one more,
 * except on a step to 0.
 *
 * <p>This is the one implementation of the step: the unconditional samplers ({@link EulerSampler},
 * {@link HeunSampler}, {@link EdmStochasticSampler}) and the guided posterior samplers of the inverse
 * module all call it, so they integrate the same ODE with the same floating-point operations. The
 * caller evaluates D(x; sigma) itself because guided samplers need that evaluation inside an
 * autograd graph or report it to a callback.
 *
 * <p>Shapes: x and D(x; sigma) are batches (B, C, H, W) (any equal shapes work; the step is
 * element-wise); the result has the same shape and is created in the manager of x, like every
 * temporary of the step. Nothing passed in is modified or closed.
 */
public final class ProbabilityFlowStep {

    /**
     * The denoiser as a function of the state and one noise level for the whole batch: D(x; sigma).
     * {@link #levels(Denoiser, NDManager)} adapts a {@link Denoiser}; the inverse module passes its
     * prior-space denoiser.
     */
    @FunctionalInterface
    public interface LevelDenoiser {

        /**
         * @param x states (B, C, H, W) at level {@code sigma}
         * @param sigma the noise level of every state in the batch, &gt; 0
         * @return D(x; sigma), the same shape as x
         */
        NDArray denoise(NDArray x, double sigma);
    }

    private ProbabilityFlowStep() {}

    /**
     * A {@link Denoiser} evaluated at one level for the whole batch, with the level array created in
     * {@code scope} (the step's scope, so it is freed with the step).
     */
    public static LevelDenoiser levels(Denoiser denoiser, NDManager scope) {
        return (x, sigma) ->
                denoiser.denoise(x, NoiseLevels.full(scope, x.getShape().get(0), sigma, x.getDataType()));
    }

    /**
     * Euler's step x + (sigma' - sigma) (x - D(x; sigma)) / sigma.
     *
     * @param x the state at {@code sigma}, (B, C, H, W)
     * @param denoised D(x; sigma), same shape
     * @param sigma the level of x, &gt; 0
     * @param next the level to step to, sigma' &gt;= 0
     * @return the state at {@code next}
     */
    public static NDArray euler(NDArray x, NDArray denoised, double sigma, double next) {
        return x.add(slope(x, denoised, sigma).muli(next - sigma));
    }

    /**
     * Heun's step (EDM Algorithm 1, lines 5-8), Euler's on a step to 0.
     *
     * @param denoiser D(.; sigma'), called once on the Euler predictor unless {@code next} is 0
     * @param x the state at {@code sigma}, (B, C, H, W)
     * @param denoised D(x; sigma), same shape
     * @param sigma the level of x, &gt; 0
     * @param next the level to step to, sigma' &gt;= 0
     * @return the state at {@code next}
     */
    public static NDArray heun(LevelDenoiser denoiser, NDArray x, NDArray denoised, double sigma, double next) {
        NDArray slope = slope(x, denoised, sigma);
        NDArray euler = x.add(slope.mul(next - sigma));
        if (next == 0) {
            return euler;
        }
        return corrected(x, slope, euler, denoiser.denoise(euler, next), sigma, next);
    }

    /**
     * Heun's step when its two denoiser evaluations are already known (a guided sampler that takes x̂0 from the
     * corrector and back-propagates through both calls evaluates them itself).
     *
     * @param x the state at {@code sigma}
     * @param denoised D(x; sigma)
     * @param euler the Euler predictor at {@code next} ({@link #euler})
     * @param eulerDenoised D(euler; next)
     * @param sigma the level of x, &gt; 0
     * @param next the level stepped to, &gt; 0
     * @return the state at {@code next}
     */
    public static NDArray heun(
            NDArray x, NDArray denoised, NDArray euler, NDArray eulerDenoised, double sigma, double next) {
        return corrected(x, slope(x, denoised, sigma), euler, eulerDenoised, sigma, next);
    }

    /** x + (sigma' - sigma) (slope + slope at the predictor) / 2; {@code slope} is overwritten. */
    private static NDArray corrected(
            NDArray x, NDArray slope, NDArray euler, NDArray eulerDenoised, double sigma, double next) {
        NDArray slope2 = euler.sub(eulerDenoised).divi(next);
        return slope.addi(slope2).muli(0.5 * (next - sigma)).addi(x);
    }

    /**
     * {@link #heun} when {@code heun} is set, else {@link #euler} (the denoiser is then not called).
     */
    public static NDArray step(
            LevelDenoiser denoiser, NDArray x, NDArray denoised, double sigma, double next, boolean heun) {
        return heun ? heun(denoiser, x, denoised, sigma, next) : euler(x, denoised, sigma, next);
    }

    /** d = (x - D(x; sigma)) / sigma, a new array. */
    private static NDArray slope(NDArray x, NDArray denoised, double sigma) {
        return x.sub(denoised).divi(sigma);
    }
}
