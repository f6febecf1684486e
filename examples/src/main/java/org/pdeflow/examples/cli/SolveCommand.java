package org.pdeflow.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.measurements.MeasurementReader;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.examples.diagnostics.InverseFigures;
import org.pdeflow.examples.diagnostics.PosteriorField;
import org.pdeflow.examples.plot.Figure;
import org.pdeflow.inverse.diagnostics.StepHistory;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemCatalog;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grid.Grid2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow solve}: posterior samples of a problem's unknown fields from a measurement file. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve an inverse problem from a measurement file (CSV x,y,value[,sigma][,field]).",
            "Writes into --out: <field>_mean.npy, <field>_std.npy, <field>_samples.npy",
            "(and mean/std/samples.npy for one field), report.json and figures as .png and .svg:",
            "<field> (truth, mean, std, |error|, readings marked), <field>_gallery (samples),",
            "<field>_spectrum (power spectra, truth vs samples), misfit (per step) and, with --truth,",
            "calibration (coverage of mean +- k std) and error_per_step. Diffusion methods (dps, daps, enkg,",
            "fundps, diffusionpde) need a prior: a trained prior folder or 'gaussian' (a",
            "stationary Gaussian baseline); eki and tikhonov need none."})
final class SolveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SolveCommand.class);

    @Option(names = "--problem", required = true, paramLabel = "NAME",
            description = "darcy-inverse (readings of u, find a), darcy-forward (readings of a, find u), ns-inverse "
                    + "(readings of omega(T=1), find omega0).")
    String problem;

    @Option(names = "--observations", required = true, paramLabel = "obs.csv", description = "The measurement file.")
    Path observations;

    @Option(names = "--method", required = true, paramLabel = "METHOD",
            description = "dps, daps, enkg, fundps, diffusionpde, eki or tikhonov.")
    String method;

    @Option(names = "--samples", defaultValue = "8", paramLabel = "S", description = "Samples / ensemble size (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--prior", paramLabel = "DIR|gaussian",
            description = "Diffusion prior: a trained prior folder, or 'gaussian'. Default: the shipped model of the "
                    + "problem under models/ when present.")
    String prior;

    @Option(names = "--truth", paramLabel = "truth.npy|.npz",
            description = "True field(s) for error metrics: a 2-D .npy of the problem's target field (a for darcy-inverse, u "
                    + "for darcy-forward, omega0 for ns-inverse) or an .npz with arrays named by field.")
    Path truth;

    @Option(names = "--resolution", paramLabel = "S",
            description = "Grid points per axis (default: the truth's, else the problem's default).")
    Integer resolution;

    @Option(names = "--sigma", paramLabel = "SIGMA",
            description = "Noise level for readings without a sigma column (default: the column is required).")
    Double sigma;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
    Path out;

    @Option(names = "--threads", paramLabel = "T",
            description = "PyTorch intra-op threads (default: PyTorch's; 1 is often faster on small shared machines).")
    Integer threads;

    @Option(names = "--plot-size", defaultValue = "360", paramLabel = "PX", description = "Plot panel height (default: ${DEFAULT-VALUE}).")
    int plotSize;

    @Mixin
    InverseSetup.MethodOptions options;

    @Override
    public Integer call() throws Exception {
        InverseSetup.requireProblem(problem);
        InverseSetup.requireMethod(method);
        InverseSetup.requireSupported(problem, method);
        CliThreads.apply(threads);
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; give a folder");
        }
        // Everything the user gave is read and checked before any work or output.
        Map<String, double[]> truthFields = new LinkedHashMap<>();
        int s = resolution != null ? resolution : -1;
        if (truth != null) {
            s = readTruth(truth, s, truthFields);
        }
        if (s < 0) {
            s = ProblemCatalog.defaults(problem).resolution();
        }
        Grid2D grid = InverseSetup.grid(problem, s);
        MeasurementReader reader = MeasurementReader.forGrid(grid, InverseSetup.observedField(problem));
        if (sigma != null) {
            reader = reader.withDefaultSigma(sigma);
        }
        Measurements readings = reader.read(observations);
        PointSampling points = PointSampling.of(grid, readings);
        Observations obs = Observations.of(readings);

        String priorSpec = InverseSetup.priorFor(problem, method, prior);
        StepHistory[] history = new StepHistory[1];
        InverseRun run = InverseRun.of(problem, method, priorSpec, grid, points, obs, truthFields, options, samples, seed,
                p -> history[0] = new StepHistory(p.unknowns(), InverseResults.truthOfUnknowns(p.unknowns(), truthFields)));
        InverseProblem inverse = run.problem();
        Reconstruction r = run.reconstruction();
        double seconds = run.seconds();
        List<InverseResults.FieldResult> fields = InverseResults.fields(r, problem);
        Files.createDirectories(out);
        InverseResults.writeArrays(out, fields, inverse.unknowns().count() == 1);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("problem", problem);
        report.put("formulation", inverse.unknowns().names());
        report.put("method", method);
        Map<String, Object> settings = new LinkedHashMap<>(options.describe(method));
        settings.put("samples", samples);
        settings.put("seed", seed);
        settings.put("resolution", s);
        report.put("settings", settings);
        report.put("prior", run.prior());
        report.put("observations", Map.of("file", observations.toString(), "count", obs.size(), "field",
                InverseSetup.observedField(problem)));
        report.put("dataMisfit", r.finalMisfit());
        report.put("dataMisfitPerReading", r.finalMisfit() / obs.size());
        report.put("misfitHistory", r.misfitHistory());
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("seconds", seconds);
        timings.put("forwardEvaluations", r.timings().forwardEvaluations());
        timings.put("gradientEvaluations", r.timings().gradientEvaluations());
        timings.put("nfe", r.statistics().getOrDefault("denoiserCalls", 0.0));
        report.put("timings", timings);
        report.put("statistics", r.statistics());
        List<PosteriorField> posterior = InverseResults.posterior(fields, truthFields);
        if (!truthFields.isEmpty()) {
            report.put("relativeL2", InverseResults.relativeErrors(fields, truthFields));
            Double rate = InverseResults.phaseErrorRate(fields, truthFields);
            if (rate != null) {
                report.put("aPhaseErrorRate", rate);
            }
            report.put("errorHistory", InverseResults.errorHistory(history[0].steps()));
            report.put("diagnostics", InverseResults.diagnostics(posterior));
        }
        List<Figure> figures = InverseFigures.writeAll(out, new InverseFigures.Input(posterior, readings.x(), readings.y(),
                r.misfitHistory(), history[0].steps(), "", plotSize));
        List<Map<String, String>> listed = new java.util.ArrayList<>();
        for (Figure f : figures) {
            listed.add(Map.of("title", f.title(), "png", f.png().getFileName().toString(), "svg",
                    f.svg().getFileName().toString()));
        }
        report.put("figures", listed);
        InverseResults.writeJson(out.resolve("report.json"), report);
        LOG.info("{} on {}: {} samples, misfit {} ({} readings), {} s; wrote {}", method, problem, r.sampleCount(),
                String.format("%.4g", r.finalMisfit()), obs.size(), String.format("%.2f", seconds), out);
        return 0;
    }

    /** Reads the truth into fields by name; returns the resolution (checked against {@code s} when >= 0). */
    private int readTruth(Path file, int s, Map<String, double[]> into) {
        String name = file.getFileName().toString();
        if (name.endsWith(".npz")) {
            Map<String, NdArray> arrays = Npz.read(file);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                s = addField(file, e.getKey(), e.getValue(), s, into);
            }
        } else {
            NdArray a = Npy.read(file);
            if (a.rank() == 3 && a.dim(0) == 2 && problem.startsWith("darcy")) {
                int n = a.dim(1) * a.dim(2);
                s = addField(file, "a", NdArray.of2d(a.dim(1), a.dim(2), java.util.Arrays.copyOfRange(a.data(), 0, n)), s, into);
                s = addField(file, "u", NdArray.of2d(a.dim(1), a.dim(2), java.util.Arrays.copyOfRange(a.data(), n, 2 * n)), s, into);
            } else {
                s = addField(file, InverseSetup.targetField(problem), a, s, into);
            }
        }
        if (into.isEmpty()) {
            throw new InputException(file, "holds no arrays");
        }
        if (into.containsKey("a")) {
            for (double v : into.get("a")) {
                if (!(v > 0)) {
                    throw new InputException(file, "coefficient a must be positive, got " + v);
                }
            }
        }
        return s;
    }

    private static int addField(Path file, String name, NdArray a, int s, Map<String, double[]> into) {
        if (a.rank() == 3 && a.dim(0) == 1) {
            a = NdArray.of2d(a.dim(1), a.dim(2), a.data());
        }
        if (a.rank() != 2 || a.dim(0) != a.dim(1)) {
            throw new InputException(file, "array '" + name + "' must be a square 2-D field, got shape " + a.shapeString());
        }
        if (s >= 0 && a.dim(0) != s) {
            throw new InputException(file, "array '" + name + "' is " + a.dim(0) + " x " + a.dim(1) + " but the grid is " + s
                    + " x " + s);
        }
        FieldFiles.requireFinite(file, a);
        into.put(name, a.data());
        return a.dim(0);
    }
}
