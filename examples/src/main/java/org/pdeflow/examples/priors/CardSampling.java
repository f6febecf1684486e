package org.pdeflow.examples.priors;

import java.nio.file.Path;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.solvers.prior.PriorSampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sampling of {@code sample} and {@code evaluate-prior}: what the user gave, else the model card's
 * recommendation ({@link PriorSampling#choose}), else the command's defaults; a malformed recommendation is
 * reported against the card file.
 */
public final class CardSampling {

    private static final Logger LOG = LoggerFactory.getLogger(CardSampling.class);

    private CardSampling() {}

    /**
     * Resolves and logs a run's sampling.
     *
     * @param model the checkpoint folder
     * @param card its card
     * @param sampler {@code --sampler}, or null when not given
     * @param steps {@code --steps}, or null
     * @param churn {@code --churn}, or null
     * @param fallback the command's defaults
     * @return the sampling
     * @throws IllegalArgumentException one line naming the card file and property, or the bad option value
     */
    public static PriorSampling resolve(
            Path model, ModelCard card, String sampler, Integer steps, Double churn, PriorSampling fallback) {
        PriorSampling s;
        try {
            s = PriorSampling.choose(card.properties(), null, null, null, fallback);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(model.resolve(Checkpoints.CARD_FILE) + ": " + e.getMessage(), e);
        }
        PriorSampling chosen = PriorSampling.choose(card.properties(), sampler, steps, churn, fallback);
        boolean recommended = card.properties().containsKey(PriorSampling.SAMPLER_PROPERTY)
                || card.properties().containsKey(PriorSampling.STEPS_PROPERTY);
        LOG.info(
                "sampler {}, {} steps{}{}",
                chosen.sampler(),
                chosen.steps(),
                chosen.sampler().equals("churn") ? ", S_churn " + chosen.churn() : "",
                recommended
                        ? " (the model card recommends " + s.sampler() + ", " + s.steps() + " steps"
                                + (s.sampler().equals("churn") ? ", S_churn " + s.churn() : "") + ")"
                        : "");
        return chosen;
    }
}
