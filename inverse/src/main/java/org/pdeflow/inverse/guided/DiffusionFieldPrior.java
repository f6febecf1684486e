package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * What the guided diffusion samplers need from a diffusion prior over one or more fields on one
 * grid: the denoiser of the prior's (normalised) model space, the noise it was trained with, and the
 * map between model space and physical units.
 *
 * <p>Shapes follow the toolkit's field-batch convention (B, C, H, W), float32: C the prior's
 * channels in the order of {@link #unknowns()} (e.g. a joint Darcy prior has channels {@code a},
 * {@code u}; a Navier-Stokes prior the single channel {@code omega0}), H = nx, W = ny. The samplers
 * run the diffusion in model space and hand physical fields to the forward model; channels are
 * matched to a problem's unknowns by name, and channels the problem does not name are sampled but not
 * returned.
 *
 * <p>{@link #toPhysical} must be built from differentiable DJL operations (gradient-guided samplers
 * backpropagate through it); per-channel affine maps {@code physical = shift + scale * model} are the
 * usual case ({@link org.pdeflow.operators.checkpoint.ChannelNormalizer#denormalize}).
 */
public interface DiffusionFieldPrior {

    /** The prior's channels as named fields on one grid. */
    Unknowns unknowns();

    /** The denoiser D(x; sigma) of model-space fields, (B, C, H, W) in, same shape out. */
    Denoiser denoiser();

    /** The noise of the diffusion (white, or a Gaussian random field for function-space priors). */
    GaussianNoise noise();

    /**
     * Physical fields to model space.
     *
     * @param physical (B, C, H, W)
     * @return a new array in the manager of {@code physical}
     */
    NDArray toModel(NDArray physical);

    /**
     * Model-space fields to physical units; differentiable.
     *
     * @param model (B, C, H, W)
     * @return a new array in the manager of {@code model}
     */
    NDArray toPhysical(NDArray model);

    /** Largest noise level the samplers start from (EDM: 80). */
    default double sigmaMax() {
        return 80.0;
    }

    /** Smallest positive noise level of the samplers' schedules (EDM: 0.002). */
    default double sigmaMin() {
        return 0.002;
    }

    /** One line for logs and reports. */
    String description();
}
