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
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
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
            "(and mean/std/samples.npy for one field), report.json, <field>.png (truth, mean,",
            "std, |error|, readings marked) and misfit.png. Diffusion methods (dps, daps, enkg,",
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

        boolean priorMethod = InverseSetup.PRIOR_METHODS.contains(method);
        String priorSpec = prior;
        if (priorMethod && priorSpec == null) {
            Path shipped = InverseSetup.defaultPrior(problem);
            if (!InverseSetup.exists(shipped)) {
                throw new IllegalArgumentException(method + " needs a diffusion prior and no shipped model exists at " + shipped
                        + "; give --prior DIR or --prior gaussian");
            }
            priorSpec = shipped.toString();
        }
        boolean trained = priorMethod && InverseSetup.isTrained(priorSpec);
        InverseProblem inverse = InverseSetup.formulate(problem, grid, points, obs, InverseSetup.joint(problem, method, trained),
                truthFields);
        try (PriorHandle handle = priorMethod ? PriorHandle.open(priorSpec, inverse.unknowns()) : PriorHandle.none()) {
            DiffusionFieldPrior fieldPrior = handle.prior();
            int total = options.steps(method);
            long t0 = System.nanoTime();
            Reconstruction r;
            try (ProgressBars bar = ProgressBars.start("solve " + method, total, "steps")) {
                r = InverseSetup.run(method, options, inverse, fieldPrior, samples, seed,
                        info -> bar.progress(Math.min(info.step(), total), total));
            } finally {
                if (inverse.forward() instanceof AutoCloseable c) {
                    c.close();
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            List<InverseResults.FieldResult> fields = InverseResults.fields(r);
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
            report.put("prior", fieldPrior == null ? "none" : fieldPrior.description());
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
            if (!truthFields.isEmpty()) {
                report.put("relativeL2", InverseResults.relativeErrors(fields, truthFields));
            }
            InverseResults.writeJson(out.resolve("report.json"), report);
            InverseResults.writePlots(out, fields, truthFields, readings.x(), readings.y(), r.misfitHistory(), plotSize);
            LOG.info("{} on {}: {} samples, misfit {} ({} readings), {} s; wrote {}", method, problem, r.sampleCount(),
                    String.format("%.4g", r.finalMisfit()), obs.size(), String.format("%.2f", seconds), out);
            return 0;
        }
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
