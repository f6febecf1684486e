package org.pdeflow.inverse.problems;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readings a problem read from its own file format ({@link ProblemDefinition#readRecording}), with
 * the problem set up for them.
 *
 * @param problem the problem adapted to the recording: its grid and forward model follow the file's
 *     description (e.g. wave-inverse with the acquisition's sources, receivers and sampling)
 * @param readings the readings (without an observation operator: they are not samples of a field)
 * @param placesX x of the places the readings were taken (receivers), marked on the figures
 * @param placesY y of those places
 * @param summary one line for the log: what was read and how its noise level was chosen
 * @param report what a report records about the readings (files, counts, noise level and its rule)
 */
public record RecordedReadings(
        ProblemDefinition problem,
        Readings readings,
        double[] placesX,
        double[] placesY,
        String summary,
        Map<String, Object> report) {

    public RecordedReadings {
        if (problem == null || readings == null || placesX == null || placesY == null) {
            throw new IllegalArgumentException("recorded readings need their problem, readings and places");
        }
        if (placesX.length != placesY.length) {
            throw new IllegalArgumentException(placesX.length + " x but " + placesY.length + " y places");
        }
        placesX = placesX.clone();
        placesY = placesY.clone();
        report = Collections.unmodifiableMap(new LinkedHashMap<>(report));
    }

    @Override
    public double[] placesX() {
        return placesX.clone();
    }

    @Override
    public double[] placesY() {
        return placesY.clone();
    }
}
