package org.pdeflow.datasets.measurements;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of sensor readings, as read from one measurement file (see {@link MeasurementReader}) or
 * built in memory.
 *
 * <p>Either every reading carries a time or none does. Readings keep the order of the file; the
 * grouping views ({@link #byField()}, {@link #forField}, {@link #atTime}) keep it too.
 *
 * @param source the file the readings came from, for messages; {@code null} when built in memory
 * @param readings the readings, copied into an unmodifiable list
 */
public record Measurements(Path source, List<Reading> readings) {

    public Measurements {
        readings = List.copyOf(readings);
        for (int k = 1; k < readings.size(); k++) {
            if (readings.get(k).hasTime() != readings.get(0).hasTime()) {
                throw new IllegalArgumentException("readings 0 and " + k + " disagree on having a time: "
                        + "either all readings carry a time or none does");
            }
        }
    }

    /** Number of readings. */
    public int size() {
        return readings.size();
    }

    /** True when there are no readings. */
    public boolean isEmpty() {
        return readings.isEmpty();
    }

    /** True when the readings carry times (a time-dependent problem); false when empty. */
    public boolean hasTime() {
        return !readings.isEmpty() && readings.get(0).hasTime();
    }

    /** Names of the observed fields, each once, in order of first appearance. */
    public List<String> fields() {
        return List.copyOf(byField().keySet());
    }

    /** The readings grouped by observed field, fields in order of first appearance. */
    public Map<String, Measurements> byField() {
        Map<String, List<Reading>> groups = new LinkedHashMap<>();
        for (Reading r : readings) {
            groups.computeIfAbsent(r.field(), f -> new ArrayList<>()).add(r);
        }
        Map<String, Measurements> out = new LinkedHashMap<>();
        groups.forEach((f, list) -> out.put(f, new Measurements(source, list)));
        return Collections.unmodifiableMap(out);
    }

    /** The readings of one field (possibly none). */
    public Measurements forField(String field) {
        List<Reading> list = new ArrayList<>();
        for (Reading r : readings) {
            if (r.field().equals(field)) {
                list.add(r);
            }
        }
        return new Measurements(source, list);
    }

    /** The distinct reading times in increasing order; empty for a steady problem. */
    public double[] times() {
        if (!hasTime()) {
            return new double[0];
        }
        return readings.stream()
                .mapToDouble(Reading::t)
                .map(t -> t + 0.0)
                .sorted()
                .distinct()
                .toArray();
    }

    /** The readings taken at exactly time {@code t} (possibly none). */
    public Measurements atTime(double t) {
        List<Reading> list = new ArrayList<>();
        for (Reading r : readings) {
            if (r.t() == t) {
                list.add(r);
            }
        }
        return new Measurements(source, list);
    }

    /** The x coordinates of the readings, in order. */
    public double[] x() {
        return readings.stream().mapToDouble(Reading::x).toArray();
    }

    /** The y coordinates of the readings, in order. */
    public double[] y() {
        return readings.stream().mapToDouble(Reading::y).toArray();
    }

    /** The measured values, in order. */
    public double[] values() {
        return readings.stream().mapToDouble(Reading::value).toArray();
    }

    /** The noise standard deviations, in order. */
    public double[] sigmas() {
        return readings.stream().mapToDouble(Reading::sigma).toArray();
    }

    @Override
    public String toString() {
        return "Measurements[" + readings.size() + " readings of " + fields()
                + (source == null ? "" : " from " + source) + (hasTime() ? " at " + times().length + " times" : "")
                + "]";
    }
}
