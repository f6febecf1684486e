package org.pdeflow.solvers.sampling;

/** Observes sampler steps; see {@link StepInfo} for the lifetime of the arrays it receives. */
@FunctionalInterface
public interface StepCallback {

    /** A callback that does nothing. */
    StepCallback NONE = info -> { };

    /** Called once per step, after the step, on the sampling thread. */
    void onStep(StepInfo info);
}
