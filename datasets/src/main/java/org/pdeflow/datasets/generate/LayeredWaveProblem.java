package org.pdeflow.datasets.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.AcousticWave2D;
import org.pdeflow.pde.wave.LeapfrogIntegrator;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * Seismic shot gathers over random layered media: the acoustic wave equation
 * {@code u_tt = c^2 Laplace u + w(t) delta(x - x_s)} ({@link AcousticWave2D}, SI units) on an
 * s x s node grid of spacing h (x along the first array axis, depth along the second, the surface
 * at depth 0), absorbing sponge on all sides, one Ricker shot at the middle of the surface line and
 * s receivers, one per node along that line.
 *
 * <p><b>Velocity family.</b> Each sample draws a number of layers L uniformly in
 * [minLayers, maxLayers], L - 1 interface depths uniformly in (0, D) (D = (s-1) h, sorted), and L
 * velocities uniformly in [vMin, vMax] m/s, sorted so that velocity increases with depth (the usual
 * compaction trend, which also keeps the refracted arrivals on the record); a node at depth y gets
 * the velocity of the layer containing it (interfaces belong to the layer below). Source and
 * receivers sit one grid spacing below the top edge.
 *
 * <p><b>Recording.</b> Leapfrog ({@link LeapfrogIntegrator}, automatic step at Courant 0.9), sample
 * interval dt = 1/(20 f) rounded down to 0.1 ms, duration the two-way vertical travel time through
 * the model at vMin plus the wavelet delay 1.5/f, rounded up to a whole number of samples.
 * Fields: {@code a} = velocity [s, s] (axes x, y), {@code u} = traces [s, K] (axes receiver, t).
 */
public final class LayeredWaveProblem implements SampleProblem {

    /** Defaults: 10 m spacing, 10 Hz Ricker, 2 to 5 layers between 1500 and 4500 m/s. */
    public static final double DEFAULT_SPACING = 10.0;
    /** Default Ricker peak frequency, Hz: at h = 10 m it gives c_min / (2.5 f h) = 6 points per shortest wavelength. */
    public static final double DEFAULT_FREQUENCY = 10.0;
    /** Default fewest layers. */
    public static final int DEFAULT_MIN_LAYERS = 2;
    /** Default most layers. */
    public static final int DEFAULT_MAX_LAYERS = 5;
    /** Default slowest velocity, m/s (water / unconsolidated sediment). */
    public static final double DEFAULT_V_MIN = 1500.0;
    /** Default fastest velocity, m/s (consolidated rock). */
    public static final double DEFAULT_V_MAX = 4500.0;

    private final int s;
    private final double spacing;
    private final double frequency;
    private final int minLayers;
    private final int maxLayers;
    private final double vMin;
    private final double vMax;
    private final double sampleInterval;
    private final int samplesPerTrace;
    private final Grid2D grid;
    private final PointSource shot;
    private final List<Receiver> receivers;
    private final AbsorbingLayer boundary = AbsorbingLayer.defaults();

    /**
     * @param s nodes per axis, &gt;= 8
     * @param spacing grid spacing h, m
     * @param frequency Ricker peak frequency, Hz
     * @param minLayers fewest layers, &gt;= 1
     * @param maxLayers most layers, &gt;= minLayers
     * @param vMin slowest velocity, m/s, &gt; 0
     * @param vMax fastest velocity, m/s, &gt;= vMin
     */
    public LayeredWaveProblem(
            int s, double spacing, double frequency, int minLayers, int maxLayers, double vMin, double vMax) {
        if (s < 8) {
            throw new IllegalArgumentException("wave resolution must be at least 8, got " + s);
        }
        positive(spacing, "grid spacing");
        positive(frequency, "frequency");
        positive(vMin, "slowest velocity");
        if (minLayers < 1 || maxLayers < minLayers) {
            throw new IllegalArgumentException(
                    "layer counts need 1 <= min <= max, got " + minLayers + ".." + maxLayers);
        }
        if (!(vMax >= vMin) || Double.isInfinite(vMax)) {
            throw new IllegalArgumentException("velocity range needs vMin <= vMax, got " + vMin + ".." + vMax);
        }
        this.s = s;
        this.spacing = spacing;
        this.frequency = frequency;
        this.minLayers = minLayers;
        this.maxLayers = maxLayers;
        this.vMin = vMin;
        this.vMax = vMax;
        double length = (s - 1) * spacing;
        this.grid = new Grid2D(s, s, length, length, Layout.NODE);
        this.sampleInterval = Math.max(1e-4, Math.floor(1e4 / (20 * frequency)) / 1e4);
        RickerWavelet wavelet = RickerWavelet.of(frequency);
        double duration = 2 * length / vMin + wavelet.delay();
        this.samplesPerTrace = (int) Math.ceil(duration / sampleInterval - 1e-9) + 1;
        this.shot = new PointSource(grid.x((s - 1) / 2), spacing, wavelet);
        List<Receiver> r = new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            r.add(new Receiver(grid.x(i), spacing));
        }
        this.receivers = List.copyOf(r);
    }

    /** The defaults at resolution s (10 m, 10 Hz, 2-5 layers, 1500-4500 m/s). */
    public static LayeredWaveProblem defaults(int s) {
        return new LayeredWaveProblem(
                s,
                DEFAULT_SPACING,
                DEFAULT_FREQUENCY,
                DEFAULT_MIN_LAYERS,
                DEFAULT_MAX_LAYERS,
                DEFAULT_V_MIN,
                DEFAULT_V_MAX);
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }

    /** The model grid (m). */
    public Grid2D grid() {
        return grid;
    }

    /** Recording length, s. */
    public double duration() {
        return (samplesPerTrace - 1) * sampleInterval;
    }

    /** Trace sample interval, s. */
    public double sampleInterval() {
        return sampleInterval;
    }

    @Override
    public String preset() {
        return "wave";
    }

    @Override
    public List<DatasetField> fields() {
        return List.of(
                new DatasetField("a", new int[] {s, s}, List.of("x", "y"), "velocity c(x, depth y), m/s"),
                new DatasetField(
                        "u",
                        new int[] {s, samplesPerTrace},
                        List.of("receiver", "t"),
                        "pressure traces u(receiver, t) of one surface shot"));
    }

    @Override
    public List<Coordinate> coordinates() {
        double[] r = new double[s];
        for (int i = 0; i < s; i++) {
            r[i] = receivers.get(i).x();
        }
        double[] t = new double[samplesPerTrace];
        for (int k = 0; k < t.length; k++) {
            t[k] = k * sampleInterval;
        }
        return List.of(
                new Coordinate("x", Coordinate.nodes(s, grid.lx()), "horizontal position, first array axis, m"),
                new Coordinate("y", Coordinate.nodes(s, grid.ly()), "depth below the top edge, second array axis, m"),
                new Coordinate("receiver", r, "receiver horizontal position, m (depth: attribute receiver_depth)"),
                new Coordinate("t", t, "trace time, s"));
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "equation",
                "u_tt = c^2 Laplace u + ricker(t) delta(x - x_s), SI units, absorbing sponge outside the model");
        p.put("resolution", s);
        p.put("spacing", spacing);
        p.put("domain_length", grid.lx());
        p.put("depth_axis", "y (second array axis), 0 at the top edge");
        p.put("layers_min", minLayers);
        p.put("layers_max", maxLayers);
        p.put("velocity_min", vMin);
        p.put("velocity_max", vMax);
        p.put(
                "velocity_model",
                "L ~ U{layers_min..layers_max}; L-1 interface depths ~ U(0, D) sorted; "
                        + "L velocities ~ U[velocity_min, velocity_max] sorted increasing with depth");
        p.put("source_x", shot.x());
        p.put("source_depth", shot.y());
        p.put("receiver_depth", spacing);
        p.put("ricker_frequency", frequency);
        p.put("ricker_delay", shot.wavelet().delay());
        p.put("sample_interval", sampleInterval);
        p.put("duration", duration());
        p.put("boundary", "absorbing sponge, " + boundary.width() + " cells, strength " + boundary.strength());
        p.put("integrator", "leapfrog, automatic step at Courant " + LeapfrogIntegrator.DEFAULT_COURANT);
        return p;
    }

    /** Draws a layered velocity model into {@code c} (length s*s, row-major, depth along the second axis). */
    void drawVelocity(RandomGenerator rng, double[] c) {
        int layers = minLayers + rng.nextInt(maxLayers - minLayers + 1);
        double depth = grid.ly();
        double[] interfaces = new double[layers - 1];
        for (int k = 0; k < interfaces.length; k++) {
            interfaces[k] = rng.nextDouble() * depth;
        }
        Arrays.sort(interfaces);
        double[] v = new double[layers];
        for (int k = 0; k < layers; k++) {
            v[k] = vMin + rng.nextDouble() * (vMax - vMin);
        }
        Arrays.sort(v);
        for (int j = 0; j < s; j++) {
            double y = grid.y(j);
            int layer = 0;
            while (layer < interfaces.length && interfaces[layer] <= y) {
                layer++;
            }
            for (int i = 0; i < s; i++) {
                c[i * s + j] = v[layer];
            }
        }
    }

    @Override
    public Solver newSolver() {
        LeapfrogIntegrator leapfrog = new LeapfrogIntegrator();
        double duration = duration();
        return (rng, out) -> {
            drawVelocity(rng, out[0]);
            AcousticWave2D equation = new AcousticWave2D(grid, out[0], boundary);
            double[][] traces = leapfrog.record(
                    equation, List.of(shot), receivers, duration, sampleInterval, ProgressListener.NONE);
            for (int r = 0; r < traces.length; r++) {
                System.arraycopy(traces[r], 0, out[1], r * samplesPerTrace, samplesPerTrace);
            }
        };
    }
}
