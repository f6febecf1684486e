package org.pdeflow.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pdeflow.examples.demo.DarcyDemoCase;
import org.pdeflow.examples.demo.DarcyDemoReport;
import org.pdeflow.examples.demo.DarcyDemoSettings;
import org.pdeflow.examples.demo.DemoMethodResult;
import org.pdeflow.examples.inverse.InverseRun;
import org.pdeflow.examples.inverse.PriorHandle;
import org.pdeflow.examples.report.ReportFolder;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.MethodOptions;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Readings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pdeflow demo}: a Darcy inverse problem end to end, from a simulated truth to an HTML report.
 *
 * <p>Draws a permeability, solves for its pressure, writes noisy pressure readings as a measurement
 * file ({@link DarcyDemoCase}), reconstructs the permeability and pressure from that file with the
 * shipped diffusion prior over a and the Darcy solver in the likelihood (DiffPIR by default) and with the
 * classical Tikhonov and EKI baselines, exactly as {@code pdeflow solve} runs them ({@link InverseRun}),
 * and writes a report folder ({@link DarcyDemoReport}) atomically. {@code pdeflow demo ns} is the
 * Kolmogorov-flow simulation demo ({@link DemoNsCommand}).
 *
 * <p>The default diffusion method is the one with the lowest a error rate in {@code pdeflow benchmark
 * inverse} on fields 10-19 of the held-apart Darcy 64^2 test set (123 readings, 0.5 % noise), each with its
 * default budget (docs/results/darcy64-unknown): DiffPIR, 4 samples, 60 annealing levels of 30 L-BFGS
 * iterations with the solver's adjoint gradient, about 90 s per field on one thread; EnKG (64 members),
 * DPS, FunDPS and EKI err more.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        subcommands = DemoNsCommand.class,
        description = "Darcy inverse problem end to end: simulate a permeability a and its pressure u, read u at 3%% "
                + "of the nodes with noise (readings.csv), reconstruct a and u with the shipped diffusion prior "
                + "over a and the solver in the likelihood (DiffPIR, or another diffusion method) and with Tikhonov "
                + "and EKI, and write a report folder (index.html with figures and a table of errors and timings; "
                + "the arrays). About a minute on 2 cores. 'pdeflow demo ns' runs the "
                + "Kolmogorov-flow simulation demo.")
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            defaultValue = "demo-output",
            paramLabel = "DIR",
            description = "Report folder (default: ${DEFAULT-VALUE}); a previous report there is replaced.")
    Path out;

    @Option(
            names = "--resolution",
            defaultValue = "64",
            paramLabel = "S",
            description = "Nodes per axis (default: ${DEFAULT-VALUE}, the shipped prior's grid).")
    int resolution;

    @Option(
            names = "--readings",
            paramLabel = "N",
            description = "Readings of u (default: 3%% of the nodes, 123 at 64^2).")
    Integer readings;

    @Option(
            names = "--noise",
            defaultValue = "0.005",
            paramLabel = "REL",
            description = "Noise sigma as a fraction of the RMS of u (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(
            names = "--prior-method",
            defaultValue = "diffpir",
            paramLabel = "METHOD",
            description = "Diffusion method with the shipped prior: dps, daps, diffpir, enkg, fundps or diffusionpde "
                    + "(default: ${DEFAULT-VALUE}).")
    String priorMethod;

    @Option(
            names = "--samples",
            defaultValue = "4",
            paramLabel = "S",
            description = "Posterior samples of a sampling diffusion method (diffpir, dps, daps, fundps, diffusionpde; "
                    + "enkg draws --ensemble members) (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Steps of the diffusion method (default: its own, as in 'benchmark inverse': diffpir 60 "
                    + "levels, enkg 25, dps and fundps 100 Heun steps, daps 50 levels).")
    Integer steps;

    @Option(
            names = "--iterations",
            paramLabel = "N",
            description = "Iterations of Tikhonov (L-BFGS) and EKI (default: 100 and 50).")
    Integer iterations;

    @Option(
            names = "--ensemble",
            defaultValue = "64",
            paramLabel = "N",
            description =
                    "Ensemble size of EKI and of an ensemble diffusion method (enkg) (default: ${DEFAULT-VALUE}).")
    int ensemble;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "SEED",
            description = "Seed of the truth, the readings and the methods (default: ${DEFAULT-VALUE}).")
    long seed;

    /*
     * Two threads by default: EnKG, the default method before DiffPIR, evaluates the network on 64 members at a
     * time, and its demo took 111 s with two threads against 186 s with one (quiet 2-core machine, measured);
     * DiffPIR spends most of its time in the Java solver's L-BFGS data steps, which its samples run in parallel on
     * Java threads of their own whatever this says (its demo: 58 s in all on the quiet machine, 49 s of it DiffPIR;
     * 97 s and 87 s when the samples ran one after another). With
     * another job on the machine, --threads 1 avoids oversubscription: PyTorch's one thread per core made
     * DAPS, whose calls are small (4 fields), 16 times slower there (338 s against 21 s, measured).
     */
    @Option(
            names = "--threads",
            defaultValue = "2",
            paramLabel = "N",
            description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}; give 1 when another job shares the "
                    + "cores).")
    Integer threads;

    @Option(
            names = "--plot-size",
            defaultValue = "300",
            paramLabel = "PX",
            description = "Height of a heatmap panel in pixels (default: ${DEFAULT-VALUE}).")
    int plotSize;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        DarcyDemoSettings settings = settings();
        ReportFolder.checkReplaceable(out, "--out");
        CliThreads.apply(threads);
        List<DemoMethodResult> results = new ArrayList<>();
        ReportFolder.write(out, "--out", dir -> {
            DarcyDemoCase c = DarcyDemoCase.create(
                    settings.resolution(), settings.readings(), settings.relativeNoise(), settings.seed(), dir);
            LOG.info(
                    "Darcy {}x{}: {} readings of u, noise sigma {}; reconstructing a with {}",
                    resolution,
                    resolution,
                    c.count(),
                    String.format(Locale.ROOT, "%.3g", c.sigma()),
                    settings.methods());
            for (String m : settings.methods()) {
                InverseRun run = InverseRun.of(
                        DarcyDemoSettings.problem(),
                        settings.configured(m),
                        m.equals(priorMethod) ? settings.prior() : null,
                        c.grid(),
                        new Readings(c.points(), c.observations()),
                        c.truth(),
                        settings.samplesOf(m),
                        settings.seed());
                DemoMethodResult r = DemoMethodResult.of(m, run, c);
                LOG.info(
                        "{}: relative error of a {}, of u {}, {} s",
                        m,
                        String.format(Locale.ROOT, "%.3f", r.errorA()),
                        String.format(Locale.ROOT, "%.3f", r.errorU()),
                        String.format(Locale.ROOT, "%.1f", run.seconds()));
                results.add(r);
            }
            DarcyDemoReport.write(dir, c, results, settings, (System.nanoTime() - t0) * 1e-9);
        });
        PrintWriter o = spec.commandLine().getOut();
        o.println(table(results));
        o.printf(Locale.ROOT, "Wall time: %.0f s%n", (System.nanoTime() - t0) * 1e-9);
        o.println("Report: " + out.toAbsolutePath().normalize().resolve(DarcyDemoReport.INDEX));
        o.flush();
        return 0;
    }

    /** Checks the options and fills in the defaults. */
    private DarcyDemoSettings settings() {
        if (resolution < 16 || resolution > 256) {
            throw new IllegalArgumentException("--resolution must be between 16 and 256, got " + resolution);
        }
        int count = readings != null ? readings : (int) Math.round(0.03 * resolution * resolution);
        if (count < 1 || count > resolution * resolution) {
            throw new IllegalArgumentException(
                    "--readings must be between 1 and " + resolution * resolution + ", got " + count);
        }
        if (!(noise > 0 && noise <= 1)) {
            throw new IllegalArgumentException("--noise must be in (0, 1], got " + noise);
        }
        List<String> diffusion = Methods.all().stream()
                .filter(InverseMethod::needsPrior)
                .map(InverseMethod::name)
                .toList();
        if (!diffusion.contains(priorMethod)) {
            throw new IllegalArgumentException(
                    "--prior-method must be one of " + diffusion + ", got '" + priorMethod + "'");
        }
        InverseMethod method = Methods.get(priorMethod);
        ProblemDefinition problem = DarcyDemoSettings.problem();
        method.requireSupported(problem);
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        if (ensemble < 2) {
            throw new IllegalArgumentException("--ensemble must be at least 2, got " + ensemble);
        }
        if ((steps != null && steps < 1) || (iterations != null && iterations < 1)) {
            throw new IllegalArgumentException("--steps and --iterations must be at least 1");
        }
        if (plotSize < 100 || plotSize > 2000) {
            throw new IllegalArgumentException("--plot-size must be between 100 and 2000, got " + plotSize);
        }
        Map<String, Integer> stepsByMethod = new LinkedHashMap<>();
        stepsByMethod.put(
                priorMethod,
                steps != null
                        ? steps
                        : method.configure(MethodOptions.DEFAULTS, problem).steps());
        for (String baseline : DarcyDemoSettings.BASELINES) {
            stepsByMethod.put(
                    baseline,
                    Methods.get(baseline)
                            .configure(MethodOptions.DEFAULTS.withSteps(iterations), problem)
                            .steps());
        }
        String prior = PriorHandle.priorFor(problem, method, null);
        return new DarcyDemoSettings(
                resolution, count, noise, seed, priorMethod, prior, samples, ensemble, stepsByMethod, plotSize);
    }

    /** The table of the report as text. */
    private static String table(List<DemoMethodResult> results) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %10s %10s %10s %12s %8s %10s %6s%n",
                "method",
                "error a",
                "phase err",
                "error u",
                "prior's u",
                "misfit",
                "seconds",
                "NFE"));
        for (DemoMethodResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%-10s %10.3f %10.3f %10.3f %12s %8.2f %10.1f %6d%n",
                    DarcyDemoReport.label(r.method()),
                    r.errorA(),
                    r.errorRateA(),
                    r.errorU(),
                    r.hasOwnU() ? String.format(Locale.ROOT, "%.3f", r.errorUPrior()) : "-",
                    r.residualRms(),
                    r.run().seconds(),
                    Math.round(r.networkEvaluations())));
        }
        return sb.toString().stripTrailing();
    }
}
