package org.pdeflow.examples.cli;

/**
 * A run that failed for a reason the program understands and can say in one line (a simulation
 * that diverged, say): reported as {@code pdeflow: failed: <message>} with exit code 1 and no
 * stack trace, and nothing written.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming what failed, when, and what to change
     * @param cause the underlying exception (its stack trace is shown with PDEFLOW_DEBUG=1)
     */
    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
