package org.pdeflow.solvers.sampling;

/**
 * Observes the steps of a {@link Sampler} or {@link FlowSampler}; see {@link SamplerStep} for the
 * lifetime of the arrays it receives.
 */
@FunctionalInterface
public interface SamplerStepListener {

    /** A callback that does nothing. */
    SamplerStepListener NONE = info -> {};

    /** Called once per step, after the step, on the sampling thread. */
    void onStep(SamplerStep info);
}
