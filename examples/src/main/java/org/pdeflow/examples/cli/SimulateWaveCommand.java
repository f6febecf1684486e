package org.pdeflow.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.inverse.problems.WaveAcquisition;
import org.pdeflow.inverse.problems.WaveAcquisitionFile;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.AcousticWave2D;
import org.pdeflow.pde.wave.LeapfrogIntegrator;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;
import org.pdeflow.pde.wave.ShotRunner;
import org.pdeflow.pde.wave.WaveIntegrator;
import org.pdeflow.pde.wave.WaveMethodOfLinesIntegrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow simulate wave}: seismic shot gathers from the 2-D acoustic wave equation. */
@Command(
        name = "wave",
        mixinStandardHelpOptions = true,
        description = {
            "Solve u_tt = c^2 lap(u) + Ricker sources, recording receiver traces (SI units: m, s, m/s).",
            "The velocity c is an (nx, ny) array on nodes x_i = i h, y_j = j h (x along the first axis).",
            "Each source is one shot; the output has shape (shots, receivers, samples), sample k at t = k dt.",
            "Beside it <out>.acquisition.json records the sources, receivers and sampling, which",
            "'solve --problem wave-inverse' reads with the traces (docs/measurement-files.md)."
        })
final class SimulateWaveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateWaveCommand.class);

    @Option(
            names = "--velocity",
            required = true,
            paramLabel = "c.npy",
            description = "Wave speed in m/s, shape (nx, ny).")
    Path velocity;

    @Option(
            names = "--spacing",
            defaultValue = "10",
            paramLabel = "H",
            description = "Grid spacing in metres (default: ${DEFAULT-VALUE}).")
    double spacing;

    @Option(
            names = "--sources",
            required = true,
            paramLabel = "POINTS",
            description = "Source positions in metres: 'x1,y1;x2,y2;...' or a CSV file with columns x,y.")
    String sources;

    @Option(
            names = "--receivers",
            required = true,
            paramLabel = "POINTS",
            description = "Receiver positions in metres, same forms as --sources.")
    String receivers;

    @Option(
            names = "--frequency",
            defaultValue = "10",
            paramLabel = "HZ",
            description = "Ricker peak frequency in Hz (default: ${DEFAULT-VALUE}).")
    double frequency;

    @Option(
            names = "--time",
            paramLabel = "SECONDS",
            description =
                    "Recording length; default: the time to cross the model's diagonal at the slowest speed, plus "
                            + "the wavelet delay.")
    Double time;

    @Option(
            names = "--sample-interval",
            paramLabel = "SECONDS",
            description = "Trace sampling interval; default 1/(20 f), rounded down to 0.1 ms.")
    Double sampleInterval;

    @Option(
            names = "--boundary",
            defaultValue = "absorbing",
            paramLabel = "KIND",
            description = "absorbing (damping sponge outside the model, default) or rigid (u = 0).")
    String boundary;

    @Option(
            names = "--layer-width",
            defaultValue = "20",
            paramLabel = "CELLS",
            description = "Absorbing layer width in cells (default: ${DEFAULT-VALUE}).")
    int layerWidth;

    @Option(
            names = "--integrator",
            defaultValue = "leapfrog",
            paramLabel = "NAME",
            description = "leapfrog (default), rk4 or dp853 (method of lines).")
    String integrator;

    @Option(names = "--threads", paramLabel = "N", description = "Shots run at once (default: all processors).")
    Integer threads;

    @Option(
            names = "--allow-long",
            description = "Run even when the estimated run time exceeds an hour (it is refused otherwise).")
    boolean allowLong;

    @Mixin
    OutputOption output;

    @Mixin
    PlotOption plot;

    @Override
    public Integer call() throws Exception {
        output.check();
        plot.check();
        positive(spacing, "--spacing");
        positive(frequency, "--frequency");
        AbsorbingLayer layer = switch (boundary) {
            case "absorbing" -> {
                if (layerWidth < 1) {
                    throw new IllegalArgumentException("--layer-width must be at least 1, got " + layerWidth);
                }
                yield AbsorbingLayer.ofWidth(layerWidth);
            }
            case "rigid" -> AbsorbingLayer.NONE;
            default ->
                throw new IllegalArgumentException("--boundary must be absorbing or rigid, got '" + boundary + "'");
        };
        WaveIntegrator method = switch (integrator) {
            case "leapfrog" -> new LeapfrogIntegrator();
            case "rk4" -> WaveMethodOfLinesIntegrator.rungeKutta4();
            case "dp853" -> WaveMethodOfLinesIntegrator.dormandPrince853(1e-9, 1e-9);
            default ->
                throw new IllegalArgumentException(
                        "--integrator must be leapfrog, rk4 or dp853, got '" + integrator + "'");
        };
        List<double[]> sourcePoints = PointList.parse(sources, "--sources");
        List<double[]> receiverPoints = PointList.parse(receivers, "--receivers");

        NdArray c = Npy.read(velocity);
        if (c.rank() != 2 || c.dim(0) < 3 || c.dim(1) < 3) {
            throw new InputException(
                    velocity, "expected a 2-D array of shape (nx, ny) with nx, ny >= 3, got shape " + c.shapeString());
        }
        FieldFiles.requireFinite(velocity, c);
        FieldFiles.requirePositive(velocity, c, "velocity");
        int nx = c.dim(0);
        int ny = c.dim(1);
        Grid2D grid = new Grid2D(nx, ny, spacing * (nx - 1), spacing * (ny - 1), Layout.NODE);
        List<PointSource> shots = new ArrayList<>();
        for (double[] p : sourcePoints) {
            inside(grid, p, "--sources");
            shots.add(new PointSource(p[0], p[1], RickerWavelet.of(frequency)));
        }
        List<Receiver> recs = new ArrayList<>();
        for (double[] p : receiverPoints) {
            inside(grid, p, "--receivers");
            recs.add(new Receiver(p[0], p[1]));
        }
        double cMin = Double.POSITIVE_INFINITY;
        for (double v : c.data()) {
            cMin = Math.min(cMin, v);
        }
        double duration = time != null
                ? time
                : Math.hypot(grid.lx(), grid.ly()) / cMin
                        + RickerWavelet.of(frequency).delay();
        double dtSample =
                sampleInterval != null ? sampleInterval : Math.max(1e-4, Math.floor(1e4 / (20 * frequency)) / 1e4);
        positive(duration, "--time");
        positive(dtSample, "--sample-interval");
        if (dtSample > duration) {
            throw new IllegalArgumentException(
                    "--sample-interval " + dtSample + " exceeds the recording length " + duration);
        }
        // Leapfrog's dispersion error grows quickly below about 5 points per shortest wavelength
        // (the Ricker spectrum reaches ~2.5 f).
        double pointsPerWavelength = cMin / (2.5 * frequency) / spacing;
        if (pointsPerWavelength < 5) {
            LOG.warn(
                    "only {} grid points per shortest wavelength (c_min / 2.5f / h); expect numerical dispersion: "
                            + "refine the grid or lower --frequency",
                    String.format(Locale.ROOT, "%.1f", pointsPerWavelength));
        }
        plot.checkLayout(2, 2, Heatmap.panelWidth(grid, plot.plotSize));
        AcousticWave2D equation = new AcousticWave2D(grid, c.data(), layer);
        LOG.info(
                "acoustic wave {}x{} (h = {} m), {} shot(s), {} receiver(s), {} s at {} s sampling, {} boundary, {}",
                nx,
                ny,
                spacing,
                shots.size(),
                recs.size(),
                SimulateNsCommand.fmt(duration),
                SimulateNsCommand.fmt(dtSample),
                boundary,
                integrator);
        int parallel = Math.min(
                shots.size(), threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads));
        checkRunLength(method, equation, shots.get(0), recs, duration, (shots.size() + parallel - 1) / parallel);
        ShotRunner runner = threads == null ? new ShotRunner(method) : new ShotRunner(method, Math.max(1, threads));
        double[][][] traces;
        try (ProgressBars bar = ProgressBars.start("wave", duration * shots.size(), "s")) {
            traces = runner.run(equation, shots, recs, duration, dtSample, bar);
        }
        for (int s = 0; s < traces.length; s++) {
            for (int q = 0; q < traces[s].length; q++) {
                for (int k = 0; k < traces[s][q].length; k++) {
                    if (!Double.isFinite(traces[s][q][k])) {
                        throw new CommandFailure(
                                String.format(
                                        Locale.ROOT,
                                        "simulate wave: shot %d diverged: "
                                                + "receiver %d reads %s at t = %.4g s; the time integration is "
                                                + "unstable; nothing written",
                                        s + 1,
                                        q + 1,
                                        traces[s][q][k],
                                        k * dtSample),
                                null);
                    }
                }
            }
        }
        int samples = traces[0][0].length;
        // The acquisition beside the traces lets 'solve --problem wave-inverse' model them.
        WaveAcquisition acquisition = new WaveAcquisition(nx, ny, spacing, shots, recs, dtSample, duration, layer);
        if (acquisition.samples() != samples) {
            acquisition = new WaveAcquisition(nx, ny, spacing, shots, recs, dtSample, (samples - 1) * dtSample, layer);
        }
        output.write(new NdArray(new int[] {shots.size(), recs.size(), samples}, ShotRunner.flatten(traces)));
        Path acquisitionFile = WaveAcquisitionFile.beside(output.out);
        WaveAcquisitionFile.write(acquisitionFile, acquisition);
        if (plot.plot != null) {
            double[] t = new double[samples];
            for (int k = 0; k < samples; k++) {
                t[k] = k * dtSample;
            }
            double[] r = new double[recs.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = k + 1;
            }
            double[] gather = new double[samples * recs.size()];
            for (int k = 0; k < samples; k++) {
                for (int q = 0; q < recs.size(); q++) {
                    gather[k * recs.size() + q] = traces[0][q][k];
                }
            }
            plot.write(
                    List.of(
                            Heatmap.of(grid, c.data(), "velocity model c", "c (m/s)", "m"),
                            Heatmap.of(t, r, gather, "shot 1 gather", "time (s)", "receiver number", "u")),
                    2,
                    Heatmap.panelWidth(grid, plot.plotSize));
        }
        LOG.info(
                "wrote {} ({}, {}, {}), its acquisition {}{}",
                output.out,
                shots.size(),
                recs.size(),
                samples,
                acquisitionFile,
                plot.plot == null ? "" : " and " + plot.plot);
        return 0;
    }

    /**
     * Estimates the wall time from a trial of the same integrator on the same model over
     * {@link RunLength#TRIAL_STEPS} CFL steps of one shot, and warns about or refuses a run of hours
     * (a velocity model in km/s read as m/s, say, is fine; one in mm/s makes the CFL step tiny).
     */
    private void checkRunLength(
            WaveIntegrator method,
            AcousticWave2D equation,
            PointSource shot,
            List<Receiver> recs,
            double duration,
            int rounds) {
        double step = equation.stableTimeStep();
        double trial = RunLength.TRIAL_STEPS * step;
        if (trial >= duration) {
            return;
        }
        long t0 = System.nanoTime();
        method.record(equation, List.of(shot), recs, trial, trial, (done, total) -> {});
        double trialSeconds = (System.nanoTime() - t0) * 1e-9;
        double seconds = trialSeconds * duration / trial * rounds;
        String why = String.format(
                Locale.ROOT,
                "about %.2g steps of %.2g s (the CFL limit at c_max = %.3g m/s of %s, "
                        + "h = %s m) to t = %s s, %d round(s) of shots, at %.2g ms per step",
                duration / step,
                step,
                equation.maxVelocity(),
                velocity,
                spacing,
                SimulateNsCommand.fmt(duration),
                rounds,
                1e3 * trialSeconds / RunLength.TRIAL_STEPS);
        RunLength.check("simulate wave", seconds, why, allowLong, LOG);
    }

    private static void positive(double v, String option) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + " must be positive and finite, got " + v);
        }
    }

    private static void inside(Grid2D grid, double[] p, String option) {
        if (p[0] < 0 || p[0] > grid.lx() || p[1] < 0 || p[1] > grid.ly()) {
            throw new IllegalArgumentException(option + ": point (" + p[0] + ", " + p[1]
                    + ") m lies outside the model [0, " + grid.lx() + "] x [0, " + grid.ly() + "] m");
        }
    }
}
