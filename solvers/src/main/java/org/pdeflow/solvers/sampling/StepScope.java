package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The per-step memory discipline of every iterative sampler, unconditional or guided: a step runs in
 * its own sub-manager of the state's manager, so everything it creates (temporaries, network
 * activations, autograd graphs) is freed when the step ends, and only its result survives. The number
 * of live arrays then does not grow with the number of steps.
 *
 * <p>{@link #keep} is the single mechanism; {@link #advance} replaces a state by its successor and
 * {@link #loop} runs a whole sampler. The state is attached to the step's scope only temporarily
 * ({@link NDManager#tempAttachAll}): arrays created from it land in the scope, and it returns to its
 * own manager when the scope closes.
 */
public final class StepScope {

    /** One step: returns the next state, created in (or attached to) {@code scope}. */
    @FunctionalInterface
    public interface Step {

        /**
         * @param x the state, temporarily attached to {@code scope}
         * @param scope the step's manager, closed when the step returns
         * @return the step's result
         */
        NDArray apply(NDArray x, NDManager scope);
    }

    /** Step {@code index} of a {@link #loop}; {@code run} outlives all steps (multistep history). */
    @FunctionalInterface
    public interface LoopStep {
        NDArray step(int index, NDArray x, NDManager scope, NDManager run);
    }

    private StepScope() {}

    /**
     * Computes {@code step(input)} in a sub-manager of the input's manager and keeps only the result,
     * which is attached to the input's manager. The input is not closed.
     *
     * @param input the state; its manager owns the result
     * @param step the computation
     * @return the step's result
     */
    public static NDArray keep(NDArray input, Step step) {
        NDManager owner = input.getManager();
        try (NDManager scope = owner.newSubManager()) {
            scope.tempAttachAll(input);
            NDArray out = step.apply(input, scope);
            out.attach(owner);
            return out;
        }
    }

    /**
     * {@link #keep}, then closes {@code x} (unless the step returned it): the successor replaces the
     * state in its manager.
     *
     * @param x the state, closed by this call
     * @param step the computation
     * @return the next state, attached to x's manager
     */
    public static NDArray advance(NDArray x, Step step) {
        NDArray next = keep(x, step);
        if (next != x) {
            x.close();
        }
        return next;
    }

    /**
     * Runs {@code steps} steps from {@code initial}: the running state lives in a run sub-manager of
     * the initial state's manager and each step {@link #advance}s it. The input array is neither
     * modified nor closed; the result is attached to its manager.
     *
     * @param initial the state before step 0, (B, C, H, W)
     * @param steps number of steps
     * @param body step i
     * @return the state after the last step
     */
    public static NDArray loop(NDArray initial, int steps, LoopStep body) {
        if (initial == null) {
            throw new IllegalArgumentException("initial state is required");
        }
        if (initial.getShape().dimension() != 4) {
            throw new IllegalArgumentException("samplers act on (B, C, H, W) batches, got " + initial.getShape());
        }
        NDManager owner = initial.getManager();
        try (NDManager run = owner.newSubManager()) {
            NDArray x = initial.duplicate();
            x.attach(run);
            for (int i = 0; i < steps; i++) {
                int index = i;
                x = advance(x, (xi, scope) -> body.step(index, xi, scope, run));
            }
            x.attach(owner);
            return x;
        }
    }
}
