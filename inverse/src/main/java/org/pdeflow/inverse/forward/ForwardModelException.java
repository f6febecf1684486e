package org.pdeflow.inverse.forward;

/**
 * A forward evaluation failed for a reason outside the caller's arguments: an external program
 * exited with an error, timed out or wrote unusable output, or a solver diverged. The message is
 * one line that names the model and says what happened, suitable for a command-line error.
 */
public class ForwardModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one-line description */
    public ForwardModelException(String message) {
        super(message);
    }

    /**
     * @param message one-line description
     * @param cause the underlying failure
     */
    public ForwardModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
