package org.pdeflow.inverse.sampling;

/**
 * Told after every step of an algorithm, on the thread that runs it. Drive progress bars and
 * plots from here, not from inside the algorithms.
 */
@FunctionalInterface
public interface StepCallback {

    /** A callback that does nothing. */
    StepCallback NONE = info -> {};

    /**
     * @param info the step just finished
     */
    void onStep(StepInfo info);
}
