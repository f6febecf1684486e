package org.pdeflow.pde.ns;

/**
 * A time integration diverged: the solution became non-finite or left the range the equation
 * allows for its initial state and forcing. The numbers returned so far are not a solution, and
 * none is returned; the message says when it happened and what to change (usually a smaller step).
 */
public final class DivergenceException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: what grew, by when, and the remedy
     */
    public DivergenceException(String message) {
        super(message);
    }
}
