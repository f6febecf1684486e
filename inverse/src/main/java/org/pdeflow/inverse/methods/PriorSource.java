package org.pdeflow.inverse.methods;

/**
 * Where the prior of a diffusion method comes from, as far as its tuned defaults depend on it:
 * a guidance strength is tuned for one prior and formulation, and carried to another it can be far too
 * weak or diverge (DPS' step with the joint (a, u) prior of darcy-inverse must be half the one tuned for
 * the prior over a). {@link MethodOptions#priorSource()} carries it; null means {@link #TRAINED}, the
 * shipped prior's kind.
 */
public enum PriorSource {
    /** A trained prior over the problem's unknown, with the solver in the likelihood (the shipped prior's kind). */
    TRAINED("trained"),
    /** A trained joint (unknown, solution) prior: the joint formulation, no solver in the likelihood. */
    TRAINED_JOINT("joint"),
    /** The problem's stationary Gaussian baseline over its unknown. */
    GAUSSIAN("gaussian"),
    /** The data's exact latent generative prior ({@link ExactLatentPrior}). */
    LATENT("latent");

    private final String key;

    PriorSource(String key) {
        this.key = key;
    }

    /** The short name used in the tables of tuned defaults, e.g. {@code "joint"}. */
    public String key() {
        return key;
    }
}
