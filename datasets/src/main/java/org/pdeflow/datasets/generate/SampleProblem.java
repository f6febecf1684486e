package org.pdeflow.datasets.generate;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A family of random PDE problems to draw samples from: the fields each sample has, the grid, the
 * parameters that define the family, and a solver that turns a random generator into one sample.
 *
 * <p>A sample must depend only on the generator it is given (never on the thread, on earlier
 * samples, or on the clock): that is what makes a dataset reproducible from its seed whatever the
 * number of threads. Implementations are immutable; their {@link Solver}s hold per-thread work
 * state.
 */
public interface SampleProblem {

    /** Short name of the preset, e.g. {@code "darcy"}, stored as the root attribute {@code preset}. */
    String preset();

    /** The fields of one sample, in the order they are stored; the first is the input, the last the output. */
    List<DatasetField> fields();

    /** The coordinate axes that the fields' axes name. */
    List<Coordinate> coordinates();

    /**
     * Everything that defines the family (equation, domain, resolution, random-field parameters,
     * solver settings...), stored as root attributes. Values are String, Long, Integer, Double,
     * Boolean or double[]; iteration order is the order they are listed in.
     */
    Map<String, Object> parameters();

    /** A new solver, for use by one thread at a time. */
    Solver newSolver();

    /** Draws and solves one sample; not thread-safe (one instance per thread). */
    @FunctionalInterface
    interface Solver {
        /**
         * @param rng the sample's own random generator
         * @param out one array per field of {@link #fields()}, each of the field's size, to fill
         */
        void solve(RandomGenerator rng, double[][] out);
    }
}
