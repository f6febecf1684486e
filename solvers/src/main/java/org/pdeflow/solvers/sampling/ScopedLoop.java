package org.pdeflow.solvers.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The memory discipline shared by all samplers: the running state lives in a run sub-manager of the
 * initial state's manager; each step runs in its own sub-manager, which owns the previous state and
 * every temporary and is closed at the end of the step, so the number of live arrays does not grow
 * with the number of steps. The result is attached to the initial state's manager.
 */
final class ScopedLoop {

    /** One step: returns the next state, created in {@code scope}; {@code run} outlives all steps. */
    @FunctionalInterface
    interface Body {
        NDArray step(int index, NDArray x, NDManager scope, NDManager run);
    }

    private ScopedLoop() {
    }

    static NDArray run(NDArray initial, int steps, Body body) {
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
                try (NDManager scope = run.newSubManager()) {
                    x.attach(scope);
                    NDArray next = body.step(i, x, scope, run);
                    next.attach(run);
                    x = next;
                }
            }
            x.attach(owner);
            return x;
        }
    }
}
