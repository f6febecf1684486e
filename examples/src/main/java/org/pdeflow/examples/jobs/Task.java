package org.pdeflow.examples.jobs;

import java.io.Serializable;

/**
 * The work of one unit: a function of the unit alone, serializable so that a cluster can ship it to its executors
 * with everything it captures (keep that small: the command's arguments, a few paths).
 *
 * @param <I> the unit
 * @param <O> its result, sent back to the caller
 */
@FunctionalInterface
public interface Task<I, O> extends Serializable {
    /**
     * @param unit the unit of work
     * @return its result
     * @throws Exception any failure, which stops the whole list
     */
    O apply(I unit) throws Exception;
}
