package org.pdeflow.solvers.prior;

import java.util.Locale;

/**
 * What a prior network was trained to predict, and hence how it is sampled.
 */
public enum PriorKind {
    /**
     * An EDM-preconditioned denoiser D(x; sigma) (Karras et al. 2022) trained with
     * {@link org.pdeflow.solvers.training.EdmLoss}; the network's conditioning input is
     * c_noise = ln(sigma) / 4. Sampled with any {@link org.pdeflow.solvers.sampling.Sampler}.
     */
    DIFFUSION_EDM("diffusion-edm"),
    /**
     * A velocity v(x, t) on the linear path x_t = (1 - t) n + t x0 (flow matching, Lipman et al.
     * 2023) trained with {@link org.pdeflow.solvers.training.FlowMatchingLoss}; the conditioning
     * input is t. Sampled with a {@link org.pdeflow.solvers.sampling.FlowSampler}.
     */
    FLOW_MATCHING("flow-matching");

    private final String label;

    PriorKind(String label) {
        this.label = label;
    }

    /** The name written in model cards: "diffusion-edm" or "flow-matching". */
    public String label() {
        return label;
    }

    /**
     * Parses a card label or a short command-line name ("edm", "flow").
     *
     * @param text the name
     * @return the kind
     * @throws IllegalArgumentException for an unknown name
     */
    public static PriorKind parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "diffusion-edm", "edm", "diffusion" -> DIFFUSION_EDM;
            case "flow-matching", "flow" -> FLOW_MATCHING;
            default -> throw new IllegalArgumentException("unknown prior kind '" + text + "'; use edm or flow");
        };
    }
}
