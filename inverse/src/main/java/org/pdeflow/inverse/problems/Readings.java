package org.pdeflow.inverse.problems;

import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;

/**
 * Readings of a field: where they are and what they say.
 *
 * @param operator the observation operator (places and interpolation), or null for readings that are not
 *     samples of a field (seismograms: the problem's acquisition says how they were recorded,
 *     {@link ProblemDefinition#readRecording})
 * @param observations the values and their noise levels
 */
public record Readings(ObservationOperator operator, Observations observations) {

    public Readings {
        if (observations == null) {
            throw new IllegalArgumentException("readings need their observations");
        }
        if (operator != null && operator.size() != observations.size()) {
            throw new IllegalArgumentException(
                    observations.size() + " readings but the operator reads " + operator.size());
        }
    }
}
