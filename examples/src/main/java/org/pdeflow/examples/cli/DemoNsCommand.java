package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jfree.chart.JFreeChart;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.plot.LineChart;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.examples.report.ReportFolder;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.MethodOfLinesIntegrator;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pdeflow demo ns}: a Kolmogorov-flow simulation from a random initial vorticity, written as
 * NumPy files with plots and a short report.
 *
 * <p>Set-up: InverseBench's Navier-Stokes problem (periodic [0, 2π)², f = -4 cos 4y, Re = 200).
 * The initial vorticity is a Gaussian random field with the FNO covariance 7^3 (-Δ + 49)^(-2.5)
 * drawn on the unit square and laid on [0, 2π)². The fast IMEX stepper produces the trajectory;
 * the Dormand-Prince 8(5,3) reference is run over the first time unit to show how far apart the
 * two integrators are. The folder ({@code demo-ns-output} by default, apart from the Darcy demo's) is
 * written as a whole through {@link ReportFolder}.
 */
@Command(
        name = "ns",
        mixinStandardHelpOptions = true,
        description =
                "Simulate Kolmogorov flow (Re 200, InverseBench set-up) from a random initial vorticity; write the "
                        + "trajectory (.npy), plots (.png), diagnostics (.csv) and a summary to --out.")
final class DemoNsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Largest IMEX step; the CFL condition sets smaller ones once the flow moves. */
    private static final double MAX_STEP = 0.01;

    private static final Logger LOG = LoggerFactory.getLogger(DemoNsCommand.class);

    @Option(
            names = "--out",
            defaultValue = "demo-ns-output",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--resolution",
            defaultValue = "128",
            paramLabel = "N",
            description = "Grid points per side (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
            names = "--time",
            defaultValue = "8",
            paramLabel = "T",
            description = "Simulated time (default: ${DEFAULT-VALUE}).")
    double time;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the initial vorticity (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (n < 16 || n > 1024) {
            throw new IllegalArgumentException("--resolution must be between 16 and 1024, got " + n);
        }
        if (!(time >= 1) || time > 1000) {
            throw new IllegalArgumentException("--time must be between 1 and 1000, got " + time);
        }
        ReportFolder.checkReplaceable(out, "--out");
        NavierStokesPreset preset = NavierStokesPreset.KOLMOGOROV;
        NavierStokes2D equation = preset.equation(n);
        Grid2D grid = equation.grid();

        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        double[] w0 = new PeriodicGaussianField(Grid2D.periodic(n, 1.0), GrfSpec.nsFno()).sample(rng);

        int frames = (int) Math.ceil(time * 4);
        double[] times = new double[frames];
        for (int k = 0; k < frames; k++) {
            times[k] = time * (k + 1) / frames;
        }
        LOG.info("Kolmogorov flow {}x{}, Re = 200, from t = 0 to {} ({} snapshots)", n, n, time, frames);
        long t0 = System.nanoTime();
        double[][] traj;
        try (ProgressBars bar = ProgressBars.start("imex", time, "t")) {
            traj = ImexCrankNicolsonHeun.adaptive(ImexCrankNicolsonHeun.DEFAULT_COURANT, MAX_STEP)
                    .integrate(equation, w0, times, bar);
        }
        double imexSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        double[] reference;
        try (ProgressBars bar = ProgressBars.start("dp853 reference", 1.0, "t")) {
            reference =
                    MethodOfLinesIntegrator.dormandPrince853(1e-9).integrate(equation, w0, new double[] {1.0}, bar)[0];
        }
        double refSeconds = (System.nanoTime() - t1) / 1e9;
        double[] imexAt1 = ImexCrankNicolsonHeun.adaptive(ImexCrankNicolsonHeun.DEFAULT_COURANT, MAX_STEP)
                .integrate(equation, w0, new double[] {1.0}, (d, t) -> {})[0];
        double relDiff = relativeL2(imexAt1, reference);

        double[] tAll = new double[frames + 1];
        double[] energy = new double[frames + 1];
        double[] enstrophy = new double[frames + 1];
        StringBuilder csv = new StringBuilder("t,kinetic_energy,enstrophy\n");
        for (int k = 0; k <= frames; k++) {
            double[] w = k == 0 ? w0 : traj[k - 1];
            tAll[k] = k == 0 ? 0 : times[k - 1];
            energy[k] = equation.kineticEnergy(w);
            enstrophy[k] = equation.enstrophy(w);
            csv.append(String.format(Locale.ROOT, "%.6g,%.10g,%.10g%n", tAll[k], energy[k], enstrophy[k]));
        }

        String summary = String.format(
                Locale.ROOT,
                String.join(
                        "%n",
                        "pdeflow demo: Kolmogorov flow, InverseBench set-up",
                        "grid               %d x %d on [0, 2pi)^2, nu = 1/200, f = -4 cos(4y), 2/3 dealiasing",
                        "initial vorticity  GRF N(0, 7^3 (-Lap + 49)^-2.5), seed %d",
                        "IMEX CN/Heun       t = 0 .. %s in %.2f s wall (%.2f s per unit time)",
                        "DP853 reference    t = 0 .. 1 in %.2f s wall (tolerance 1e-9)",
                        "IMEX vs DP853      relative L2 difference at t = 1: %.2e",
                        "enstrophy          %.4g at t = 0, %.4g at t = %s",
                        "files              w0.npy, vorticity.npy (%d, %d, %d), vorticity_t1_dp853.npy,",
                        "                   vorticity.png, diagnostics.png, diagnostics.csv",
                        ""),
                n,
                n,
                seed,
                fmt(time),
                imexSeconds,
                imexSeconds / time,
                refSeconds,
                relDiff,
                enstrophy[0],
                enstrophy[frames],
                fmt(time),
                frames,
                n,
                n);
        ReportFolder.write(out, "--out", dir -> {
            Npy.write(dir.resolve("w0.npy"), NdArray.of2d(n, n, w0));
            Npy.write(dir.resolve("vorticity.npy"), NdArray.stack(n, n, traj));
            Npy.write(dir.resolve("vorticity_t1_dp853.npy"), NdArray.of2d(n, n, reference));
            write(dir.resolve("diagnostics.csv"), csv.toString());

            List<JFreeChart> panels = new ArrayList<>();
            panels.add(Heatmap.of(grid, w0, "vorticity ω, t = 0", "ω"));
            for (int idx : panelFrames(frames)) {
                panels.add(Heatmap.of(grid, traj[idx], "vorticity ω, t = " + fmt(times[idx]), "ω"));
            }
            Heatmap.writePng(dir.resolve("vorticity.png"), panels, 4, Heatmap.panelWidth(grid, 400), 400);
            Heatmap.writePng(
                    dir.resolve("diagnostics.png"),
                    List.of(
                            new LineChart("Kinetic energy ½∫|u|²", "time t", "energy")
                                    .add("energy", tAll, energy)
                                    .chart(),
                            new LineChart("Enstrophy ½∫ω²", "time t", "enstrophy")
                                    .add("enstrophy", tAll, enstrophy)
                                    .chart()),
                    2,
                    560,
                    400);
            write(dir.resolve("summary.txt"), summary);
        });
        spec.commandLine().getOut().print(summary);
        spec.commandLine().getOut().println("Report written to " + out.toAbsolutePath());
        return 0;
    }

    private static double relativeL2(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int k = 0; k < a.length; k++) {
            num += (a[k] - b[k]) * (a[k] - b[k]);
            den += b[k] * b[k];
        }
        return Math.sqrt(num / den);
    }

    private static void write(Path file, String text) throws IOException {
        AtomicOutput.write(file, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String fmt(double v) {
        return SimulateNsCommand.fmt(v);
    }

    /**
     * The snapshots shown beside t = 0: seven spread evenly over the run, each at most once (a short
     * run has fewer snapshots than panels, and the same one shown twice says nothing).
     */
    static List<Integer> panelFrames(int frames) {
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int p = 1; p <= 7; p++) {
            chosen.add((int) Math.round(p * (frames - 1) / 7.0));
        }
        return List.copyOf(chosen);
    }
}
