package org.pdeflow.examples.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.NavierStokesInverse;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.ReadingPlan;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.pde.grid.Grid2D;

/**
 * One ns-inverse case of the experiment drivers, posed as {@code benchmark inverse} poses it: the truth omega0 of a
 * data set's field, readings of omega(T) on every 2nd node with noise sigma drawn from the benchmark's stream for
 * (seed, field), and the problem over the unknown omega0.
 *
 * @param field the data set's field index
 * @param truth omega0, row-major
 * @param definition ns-inverse set up for the data set
 * @param grid the unknown's grid
 * @param problem the problem (its forward model is a {@link NavierStokesModel}; the caller closes it)
 */
record NsCase(int field, double[] truth, ProblemDefinition definition, Grid2D grid, InverseProblem problem) {

    /** The omega0 fields {@code first .. first + count - 1} of a data set, in physical units. */
    static double[][] truths(Path file, int first, int count) throws IOException {
        try (DatasetReader data = DatasetReader.open(file)) {
            double[][] out = new double[count][];
            for (int f = 0; f < count; f++) {
                out[f] = data.readSample("a", first + f);
            }
            return out;
        }
    }

    /** Every sample of one field of a data set (e.g. an archive of omega0 states, field {@code a}). */
    static List<double[]> all(Path file, String field) throws IOException {
        try (DatasetReader data = DatasetReader.open(file)) {
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < data.sampleCount(); i++) {
                out.add(data.readSample(field, i));
            }
            return out;
        }
    }

    /** The case of one field, readings seed {@code seed}. */
    static NsCase of(Path file, int field, double sigma, long seed) throws IOException {
        ProblemDefinition definition;
        double[] truth;
        try (DatasetReader data = DatasetReader.open(file)) {
            truth = data.readSample("a", field);
            definition = new NavierStokesInverse().forDataset(data.attributes());
        }
        Grid2D grid = definition.grid((int) Math.round(Math.sqrt(truth.length)));
        Map<String, double[]> fields = Map.of(NavierStokesModel.FIELD, truth);
        Readings readings = definition.readings(
                grid, fields, new ReadingPlan(null, 2, sigma), new SplittableRandom(seed * 1_000_003L + field));
        InverseProblem problem =
                definition.formulate(Formulation.UNKNOWN, grid, readings.operator(), readings.observations(), fields);
        return new NsCase(field, truth, definition, grid, problem);
    }

    /** The forward model, to close after use. */
    NavierStokesModel model() {
        return (NavierStokesModel) problem.forward();
    }

    /** "mean +- population sd" of per-field values. */
    static String meanAndSpread(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean) / values.length;
        }
        return String.format(Locale.ROOT, "%.4f +- %.4f", mean, Math.sqrt(var));
    }
}
