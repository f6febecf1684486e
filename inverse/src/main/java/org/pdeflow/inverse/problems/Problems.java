package org.pdeflow.inverse.problems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of inverse problems by name: {@code darcy-inverse} ({@link DarcyInverse}),
 * {@code darcy-forward} ({@link DarcyForward}), {@code ns-inverse} ({@link NavierStokesInverse}) and
 * {@code wave-inverse} ({@link WaveInverse}) are built in; a library user adds their own with
 * {@link #register} before looking it up (see CONTRIBUTING.md, "adding a problem").
 */
public final class Problems {

    private static final Map<String, ProblemDefinition> ENTRIES = new LinkedHashMap<>();

    static {
        register(new DarcyInverse());
        register(new DarcyForward());
        register(new NavierStokesInverse());
        register(new WaveInverse());
    }

    private Problems() {}

    /**
     * Adds a problem.
     *
     * @throws IllegalArgumentException when its name is taken by another problem
     */
    public static synchronized void register(ProblemDefinition problem) {
        ProblemDefinition previous = ENTRIES.putIfAbsent(problem.name(), problem);
        if (previous != null && previous != problem) {
            throw new IllegalArgumentException("problem '" + problem.name() + "' is already registered");
        }
    }

    /**
     * The problem of a name.
     *
     * @throws IllegalArgumentException naming the known problems when the name is unknown
     */
    public static synchronized ProblemDefinition get(String name) {
        ProblemDefinition p = name == null ? null : ENTRIES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown problem '" + name + "'; the problems are " + names());
        }
        return p;
    }

    /** Every registered problem, in registration order. */
    public static synchronized List<ProblemDefinition> all() {
        return new ArrayList<>(ENTRIES.values());
    }

    /** The registered names, in registration order. */
    public static synchronized List<String> names() {
        return new ArrayList<>(ENTRIES.keySet());
    }

    /** The names of the problems whose readings a measurement file of point readings can hold. */
    public static synchronized List<String> pointReadingNames() {
        return ENTRIES.values().stream()
                .filter(ProblemDefinition::readsPointMeasurements)
                .map(ProblemDefinition::name)
                .toList();
    }
}
