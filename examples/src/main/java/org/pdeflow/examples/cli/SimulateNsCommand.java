package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.DivergenceException;
import org.pdeflow.pde.ns.Forcing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.MethodOfLinesIntegrator;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.VorticityIntegrator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow simulate ns}: 2-D incompressible Navier-Stokes in vorticity form on a periodic square. */
@Command(
        name = "ns",
        mixinStandardHelpOptions = true,
        description = {
            "Integrate dw/dt + u.grad(w) = nu lap(w) + f on the periodic square [0,L)^2 (pseudo-spectral).",
            "The initial vorticity is an n x n array at x_i = i L/n (x along the first axis).",
            "Without --snapshots the output is w(T), shape (n, n); with them a stack (k, n, n)."
        })
final class SimulateNsCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateNsCommand.class);

    @Option(
            names = "--initial",
            required = true,
            paramLabel = "w0.npy",
            description = "Initial vorticity, shape (n, n).")
    Path initial;

    @Option(
            names = "--time",
            paramLabel = "T",
            description = "Final simulation time (required unless --snapshots is given).")
    Double time;

    @Option(
            names = "--snapshots",
            split = ",",
            paramLabel = "t1,t2,...",
            description =
                    "Write the vorticity at these times as a stack (k, n, n); --time, if given, is added as the last "
                            + "one "
                            + "(it may equal the last snapshot, not precede it).")
    double[] snapshots;

    @Option(names = "--reynolds", paramLabel = "Re", description = "Reynolds number; the viscosity is 1/Re.")
    Double reynolds;

    @Option(names = "--viscosity", paramLabel = "NU", description = "Kinematic viscosity (instead of --reynolds).")
    Double viscosity;

    @Option(
            names = "--forcing",
            defaultValue = "kolmogorov",
            paramLabel = "NAME|f.npy",
            description = {
                "kolmogorov: f = -4 cos(4y) on L = 2 pi, Re 200 (InverseBench, default);",
                "li2021: f = 0.1(sin 2pi(x+y) + cos 2pi(x+y)) on L = 1, nu = 1e-3 (FNO);",
                "none; or an (n, n) .npy file with f on the grid."
            })
    String forcing;

    @Option(names = "--length", paramLabel = "L", description = "Domain side; default 2 pi, or 1 for li2021.")
    Double length;

    @Option(
            names = "--integrator",
            defaultValue = "imex",
            paramLabel = "NAME",
            description = "imex: Crank-Nicolson/Heun with CFL-adaptive steps (default); dp853: Dormand-Prince 8(5,3) "
                    + "method of lines, the accurate reference.")
    String integrator;

    @Option(
            names = "--courant",
            defaultValue = "0.25",
            paramLabel = "C",
            description =
                    "CFL number of the imex integrator, at most 0.3376 (default: ${DEFAULT-VALUE}); Heun's method is "
                            + "unstable "
                            + "for advection near the cut-off wavenumber, and larger values return wrong fields.")
    double courant;

    @Option(
            names = "--max-step",
            defaultValue = "0.01",
            paramLabel = "DT",
            description =
                    "Largest imex time step (default: ${DEFAULT-VALUE}); the CFL condition usually sets a smaller one.")
    double maxStep;

    @Option(
            names = "--allow-long",
            description = "Run even when the estimated run time exceeds an hour (it is refused otherwise).")
    boolean allowLong;

    @Option(
            names = "--tolerance",
            defaultValue = "1e-8",
            paramLabel = "TOL",
            description = "Relative and absolute tolerance of dp853 (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--dealias",
            defaultValue = "box",
            paramLabel = "RULE",
            description = "box: per-axis 2/3 rule (default); circular: k1^2 + k2^2 <= 2 (n/3)^2 as InverseBench.")
    String dealias;

    @Mixin
    OutputOption output;

    @Mixin
    PlotOption plot;

    @Override
    public Integer call() throws Exception {
        output.check();
        plot.check();
        double[] times = outputTimes();
        VorticityIntegrator method = integrator();
        Dealiasing rule = switch (dealias) {
            case "box" -> Dealiasing.BOX_TWO_THIRDS;
            case "circular" -> Dealiasing.CIRCULAR;
            default -> throw new IllegalArgumentException("--dealias must be box or circular, got '" + dealias + "'");
        };
        NdArray w0 = FieldFiles.readSquare(initial, 4);
        int n = w0.dim(0);
        Grid2D grid = Grid2D.periodic(n, domainLength());
        NavierStokes2D equation = new NavierStokes2D(grid, viscosity(), forcing(n), rule);

        LOG.info(
                "Navier-Stokes {}x{} on [0,{})^2, nu={}, forcing {}, integrator {}, to t={}",
                n,
                n,
                fmt(grid.lx()),
                viscosity(),
                forcing,
                integrator,
                fmt(times[times.length - 1]));
        double[][] result;
        try {
            checkRunLength(method, equation, w0.data(), times[times.length - 1]);
        } catch (DivergenceException e) {
            throw new CommandFailure("simulate ns: " + e.getMessage() + "; nothing written", e);
        }
        long start = System.nanoTime();
        try (ProgressBars bar = ProgressBars.start("ns", times[times.length - 1], "t")) {
            result = method.integrate(equation, w0.data(), times, bar);
        } catch (DivergenceException e) {
            throw new CommandFailure("simulate ns: " + e.getMessage() + "; nothing written", e);
        }
        LOG.info(
                "integrated in {} s; enstrophy {} -> {}",
                fmt((System.nanoTime() - start) / 1e9),
                fmt(equation.enstrophy(w0.data())),
                fmt(equation.enstrophy(result[result.length - 1])));

        NdArray written =
                snapshots == null ? NdArray.of2d(n, n, result[result.length - 1]) : NdArray.stack(n, n, result);
        output.write(written);
        if (plot.plot != null) {
            writePlot(grid, w0.data(), times, result);
        }
        LOG.info("wrote {} {}{}", output.out, written.shapeString(), plot.plot == null ? "" : " and " + plot.plot);
        return 0;
    }

    /**
     * Estimates the wall time from a trial of {@link RunLength#TRIAL_STEPS} CFL steps (h = C dx /
     * max|u| of the initial field, at most --max-step) and warns about or refuses a run of hours.
     */
    private void checkRunLength(VorticityIntegrator method, NavierStokes2D equation, double[] w0, double end) {
        double speed = equation.maxSpeed(w0);
        double spacing = Math.min(equation.grid().dx(), equation.grid().dy());
        double c = "imex".equals(integrator) ? courant : ImexCrankNicolsonHeun.DEFAULT_COURANT;
        double step = speed > 0 ? Math.min(maxStep, c * spacing / speed) : maxStep;
        double trial = RunLength.TRIAL_STEPS * step;
        if (trial >= end) {
            return;
        }
        long t0 = System.nanoTime();
        method.integrate(equation, w0, new double[] {trial}, (done, total) -> {});
        double trialSeconds = (System.nanoTime() - t0) * 1e-9;
        double seconds = trialSeconds * end / trial;
        String cause = step == maxStep
                ? "--max-step"
                : String.format(Locale.ROOT, "the CFL step at max|u| = %.3g of %s", speed, initial);
        String why = "imex".equals(integrator)
                ? String.format(
                        Locale.ROOT,
                        "about %.2g steps of %.2g (%s) to t = %s, at %.2g ms per step",
                        end / step,
                        step,
                        cause,
                        fmt(end),
                        1e3 * trialSeconds / RunLength.TRIAL_STEPS)
                : String.format(
                        Locale.ROOT,
                        "dp853 took %.2g s to reach t = %.2g of %s (time scale %.2g, %s)",
                        trialSeconds,
                        trial,
                        fmt(end),
                        step,
                        cause);
        RunLength.check("simulate ns", seconds, why, allowLong, LOG);
    }

    private void writePlot(Grid2D grid, double[] w0, double[] times, double[][] result) throws IOException {
        List<JFreeChart> panels = new ArrayList<>();
        panels.add(Heatmap.of(grid, w0, "vorticity, t = 0", "ω"));
        // At most 7 snapshot panels, evenly spread, always including the last.
        int k = times.length;
        int shown = Math.min(7, k);
        for (int p = 0; p < shown; p++) {
            int idx = shown == 1 ? k - 1 : (int) Math.round(p * (k - 1.0) / (shown - 1));
            panels.add(Heatmap.of(grid, result[idx], "vorticity, t = " + fmt(times[idx]), "ω"));
        }
        plot.write(panels, 4, Heatmap.panelWidth(grid, plot.plotSize));
    }

    private double[] outputTimes() {
        List<Double> list = new ArrayList<>();
        if (snapshots != null) {
            for (double t : snapshots) {
                list.add(t);
            }
        }
        if (time != null) {
            // --time is the final time: added after the snapshots, never dropped.
            double last = list.isEmpty() ? Double.NEGATIVE_INFINITY : list.get(list.size() - 1);
            if (time > last) {
                list.add(time);
            } else if (time < last) {
                throw new IllegalArgumentException(
                        "--time " + time + " is the final time but comes before the last --snapshots time " + last
                                + "; drop --time or make it the latest");
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("give --time T or --snapshots t1,t2,...");
        }
        double[] t = list.stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < t.length; i++) {
            if (!(t[i] > 0) || Double.isInfinite(t[i]) || (i > 0 && !(t[i] > t[i - 1]))) {
                throw new IllegalArgumentException(
                        "output times must be positive, finite and increasing, got " + Arrays.toString(t));
            }
        }
        return t;
    }

    private VorticityIntegrator integrator() {
        return switch (integrator) {
            case "imex" -> {
                if (!(courant > 0) || courant > ImexCrankNicolsonHeun.MAX_COURANT) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT,
                            "--courant must be in (0, %.4f], "
                                    + "got %s: above it the imex stepper (Crank-Nicolson/Heun) amplifies the cut-off "
                                    + "modes and "
                                    + "returns wrong fields (use --integrator dp853 for an accurate reference)",
                            ImexCrankNicolsonHeun.MAX_COURANT,
                            courant));
                }
                if (!(maxStep > 0) || Double.isInfinite(maxStep)) {
                    throw new IllegalArgumentException("--max-step must be positive and finite, got " + maxStep);
                }
                yield ImexCrankNicolsonHeun.adaptive(courant, maxStep);
            }
            case "dp853" -> {
                if (!(tolerance > 0) || tolerance >= 1) {
                    throw new IllegalArgumentException("--tolerance must be in (0, 1), got " + tolerance);
                }
                yield MethodOfLinesIntegrator.dormandPrince853(tolerance);
            }
            default ->
                throw new IllegalArgumentException("--integrator must be imex or dp853, got '" + integrator + "'");
        };
    }

    private double viscosity() {
        if (reynolds != null && viscosity != null) {
            throw new IllegalArgumentException("give either --reynolds or --viscosity, not both");
        }
        double nu;
        if (viscosity != null) {
            nu = viscosity;
        } else if (reynolds != null) {
            if (!(reynolds > 0)) {
                throw new IllegalArgumentException("--reynolds must be positive, got " + reynolds);
            }
            nu = 1.0 / reynolds;
        } else {
            nu = "li2021".equals(forcing) ? 1e-3 : 1.0 / 200;
        }
        if (!(nu > 0) || Double.isInfinite(nu)) {
            throw new IllegalArgumentException("viscosity must be positive and finite, got " + nu);
        }
        return nu;
    }

    private double domainLength() {
        double l = length != null ? length : "li2021".equals(forcing) ? 1.0 : 2 * Math.PI;
        if (!(l > 0) || Double.isInfinite(l)) {
            throw new IllegalArgumentException("--length must be positive, got " + l);
        }
        return l;
    }

    private Forcing forcing(int n) {
        return switch (forcing) {
            case "kolmogorov" -> Forcing.kolmogorov();
            case "li2021" -> Forcing.li2021();
            case "none" -> Forcing.none();
            default -> {
                Path file = Path.of(forcing);
                if (!forcing.endsWith(".npy") && !Files.exists(file)) {
                    throw new IllegalArgumentException(
                            "--forcing must be kolmogorov, li2021, none or a .npy file, got '" + forcing + "'");
                }
                NdArray f = FieldFiles.readSquare(file, 4);
                if (f.dim(0) != n) {
                    throw new InputException(
                            file,
                            "forcing shape " + f.shapeString() + " does not match the initial vorticity's (" + n + ", "
                                    + n + ")");
                }
                yield Forcing.field(f.data());
            }
        };
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
