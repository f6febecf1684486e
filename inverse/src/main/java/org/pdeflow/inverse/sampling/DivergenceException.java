package org.pdeflow.inverse.sampling;

/**
 * A run of an inverse-problem method blew up: its guidance gradient, its misfit or its samples are
 * not finite, or its result fails the plausibility rule of
 * {@link org.pdeflow.inverse.methods.ResultCheck}. Thrown by the algorithms with the bare reason and
 * by the method registry ({@link org.pdeflow.inverse.methods.MethodEntry}) with the method and the
 * step in front, as one line fit for a command-line error; a failed run has no result.
 */
public class DivergenceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line: what is not finite or implausible */
    public DivergenceException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the method, the step and the reason
     * @param cause the algorithm's own report
     */
    public DivergenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
