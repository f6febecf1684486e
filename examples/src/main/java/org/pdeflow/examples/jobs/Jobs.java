package org.pdeflow.examples.jobs;

import java.io.Serializable;
import java.util.List;
import java.util.function.IntConsumer;

/** Runs a list of independent units of work and returns their results in input order. */
public interface Jobs extends AutoCloseable {

    /**
     * Runs {@code task} on every unit.
     *
     * @param job a short name for logs and the error message, e.g. "solve 12 files"
     * @param units the units
     * @param task the work of one unit
     * @param progress told the number of finished units as they finish (from any thread), or null
     * @return the results, in the order of {@code units}
     * @throws Exception the first failure (a local unit's own exception; a cluster's as a one-line failure)
     */
    <I extends Serializable, O extends Serializable> List<O> map(
            String job, List<I> units, Task<I, O> task, IntConsumer progress) throws Exception;

    /** How many units run at once. */
    int parallelism();

    @Override
    void close();
}
