package org.pdeflow.examples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.datasets.measurements.MeasurementReader;
import org.pdeflow.datasets.measurements.MeasurementWriter;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.measurements.Reading;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The synthetic Darcy case of {@code pdeflow demo}: a true permeability, its pressure and noisy
 * readings of the pressure, written as files a user would have.
 *
 * <p>-div(a grad u) = 1 on [0, 1]^2, u = 0 on the boundary, s x s nodes. The truth a is the FNO
 * {12, 3} thresholded Gaussian field ({@link DarcyCoefficient}), u its five-point solution
 * ({@link DarcySolver}). Readings: u at {@code count} places drawn uniformly in the middle 90 % of the
 * square (as darcy-inverse's synthetic readings), interpolated bilinearly, plus Gaussian noise of
 * standard deviation sigma = {@code relativeNoise} times the RMS of u. They are written as a
 * measurement CSV file ({@code docs/measurement-files.md}) and read back through
 * {@link MeasurementReader}, so the methods see exactly what {@code pdeflow solve} would read from the
 * file.
 *
 * @param grid the nodes
 * @param a the true permeability
 * @param u the true pressure
 * @param readings the readings as read from the file
 * @param points the observation operator of the readings
 * @param observations the readings as data
 * @param sigma the noise standard deviation
 */
public record DarcyDemoCase(
        Grid2D grid,
        double[] a,
        double[] u,
        Measurements readings,
        PointSampling points,
        Observations observations,
        double sigma) {

    /** File names inside the report folder. */
    public static final String READINGS = "readings.csv";

    public static final String TRUTH_A = "truth_a.npy";
    public static final String TRUTH_U = "truth_u.npy";

    /**
     * Draws the case and writes {@link #READINGS}, {@link #TRUTH_A} and {@link #TRUTH_U} into {@code dir}.
     *
     * @param s nodes per axis
     * @param count number of readings
     * @param relativeNoise sigma / RMS(u)
     * @param seed fixes the truth, the reading places and the noise
     * @param dir the folder to write into
     */
    public static DarcyDemoCase create(int s, int count, double relativeNoise, long seed, Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Grid2D grid = Grid2D.nodes(s, 1.0);
        double[] a = new DarcyCoefficient(s).sample(rng);
        double[] u = new DarcySolver(grid).solve(a);
        PointSampling places = PointSampling.interior(grid, count, rng);
        double[] px = places.x();
        double[] py = places.y();
        double[] clean = new double[count];
        places.apply(u, clean);
        double rms = 0;
        for (double v : u) {
            rms += v * v / u.length;
        }
        double sigma = relativeNoise * Math.sqrt(rms);
        List<Reading> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            list.add(Reading.steady(px[k], py[k], clean[k] + sigma * rng.nextGaussian(), sigma, "u"));
        }
        Path file = dir.resolve(READINGS);
        MeasurementWriter.write(file, new Measurements(null, list));
        Npy.write(dir.resolve(TRUTH_A), NdArray.of2d(s, s, a));
        Npy.write(dir.resolve(TRUTH_U), NdArray.of2d(s, s, u));

        Measurements read = MeasurementReader.forGrid(grid, "u").read(file);
        return new DarcyDemoCase(grid, a, u, read, PointSampling.of(grid, read), Observations.of(read), sigma);
    }

    /** The true fields by name, as {@code pdeflow solve --truth} gives them. */
    public Map<String, double[]> truth() {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("u", u);
        return m;
    }

    /** The number of readings. */
    public int count() {
        return readings.size();
    }
}
