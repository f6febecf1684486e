package org.pdeflow.examples.spark;

/**
 * A Spark job that failed: a task threw, an executor was lost, or the cluster could not be reached. The message is
 * one line naming the job and the first task failure's own message; the command-line program reports it as such.
 */
public final class SparkFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line
     * @param cause what Spark reported
     */
    public SparkFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
