package org.pdeflow.examples.cli;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.measurements.GriddedObservations;
import org.pdeflow.datasets.measurements.MeasurementReader;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.examples.diagnostics.InverseFigures;
import org.pdeflow.examples.diagnostics.PosteriorField;
import org.pdeflow.examples.inverse.InverseResults;
import org.pdeflow.examples.inverse.InverseRun;
import org.pdeflow.examples.inverse.PriorHandle;
import org.pdeflow.examples.jobs.DistributedForwardModel;
import org.pdeflow.examples.jobs.Jobs;
import org.pdeflow.examples.jobs.LocalJobs;
import org.pdeflow.examples.plot.Figure;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.examples.report.ReportFolder;
import org.pdeflow.examples.spark.SparkJobs;
import org.pdeflow.inverse.diagnostics.StepHistory;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.inverse.problems.RecordedReadings;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grid.Grid2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pdeflow solve}: posterior samples of a problem's unknown fields from a measurement file. */
@Command(
        name = "solve",
        mixinStandardHelpOptions = true,
        description = {
            "Solve an inverse problem from a measurement file or gridded observations.",
            "Readings: CSV x,y,value[,sigma][,field][,t], or gridded values with a mask",
            "(.npz with arrays values and mask, or values.npy with --mask mask.npy).",
            "Writes into --out: <field>_mean.npy, <field>_std.npy, <field>_samples.npy (and",
            "mean/std/samples.npy for one field), report.json and figures as .png and .svg:",
            "<field> (truth, mean, std, |error|, readings marked), <field>_gallery",
            "(samples), <field>_spectrum (power spectra, truth vs samples), misfit (per",
            "step) and, with --truth, calibration (coverage of mean +- k std) and",
            "error_per_step. Diffusion methods (dps, daps, diffpir, diffpir-map, enkg, fundps,",
            "diffusionpde) need a prior: a trained prior folder or 'gaussian' (a stationary Gaussian",
            "baseline); eki and tikhonov need none.",
            "--out is written whole: the files are made in a hidden folder beside it, which",
            "replaces --out only when the run has succeeded, so a failed run leaves nothing",
            "and a rerun into the same folder leaves no file of the earlier run. An",
            "existing --out must be empty or an earlier pdeflow result (it holds the marker",
            "file .pdeflow-report); any other folder is refused (exit 2) and left as it is.",
            "A run that blows up fails with exit 1, one line naming the method and the",
            "step, and writes nothing: a guidance gradient, misfit or sample that is not",
            "finite, a final misfit per reading above 1e12, or a sample field more than 10",
            "prior standard deviations from the prior's mean (root mean square over the",
            "field, in the prior's own units or the problem's Gaussian baseline's for eki",
            "and tikhonov; for Darcy's log a also any single node)."
        })
final class SolveCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SolveCommand.class);

    @Option(
            names = "--problem",
            required = true,
            paramLabel = "NAME",
            description = "darcy-inverse (readings of u, find a), darcy-forward (readings of a, find u), ns-inverse "
                    + "(readings of omega(T=1), find omega0; a t column, if given, must be 1), wave-inverse "
                    + "(seismograms traces.npy with their acquisition, find the wave speed c; eki, or enkg with "
                    + "--prior gaussian).")
    String problem;

    @Option(
            names = "--observations",
            required = true,
            paramLabel = "obs.csv|obs.npz|values.npy",
            description = "The readings, by file name: a CSV measurement file (.csv or any other name), or gridded "
                    + "observations on the grid, an .npz holding the arrays 'values' and 'mask' (1 = observed, "
                    + "0 = not) or values in an .npy with --mask. Gridded observations set the grid (their shape) and "
                    + "take their noise level from --sigma. wave-inverse: the traces, (shots, receivers, samples) "
                    + ".npy. Formats: docs/measurement-files.md.")
    Path observations;

    @Option(
            names = "--acquisition",
            paramLabel = "acquisition.json",
            description = "wave-inverse: the sources, receivers and sampling of the traces (docs/measurement-files.md; "
                    + "default: <traces>.acquisition.json beside them, as simulate wave writes it).")
    Path acquisition;

    @Option(
            names = "--mask",
            paramLabel = "mask.npy",
            description = "The mask of gridded values given as an .npy (--observations values.npy): 1 where a node "
                    + "is observed, 0 elsewhere, the values' shape.")
    Path mask;

    @Option(
            names = "--method",
            required = true,
            paramLabel = "METHOD",
            description = "dps, daps, diffpir, diffpir-map, enkg, fundps, diffusionpde, eki, tikhonov or latent-map.")
    String method;

    @Option(
            names = "--samples",
            paramLabel = "S",
            description = "Samples, or ensemble members of eki and enkg (default: 8 samples, "
                    + Methods.DEFAULT_ENSEMBLE
                    + " members).")
    Integer samples;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "SEED",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--prior",
            paramLabel = "DIR|gaussian|latent",
            description = "Diffusion prior: a trained prior folder, 'gaussian' (a stationary Gaussian baseline), or "
                    + "'latent' (darcy-inverse: the data's exact generative prior, the method runs on the latent "
                    + "field; a control). Default: the shipped model of the problem under models/ when present.")
    String prior;

    @Option(
            names = "--truth",
            paramLabel = "truth.npy|.npz",
            description =
                    "True field(s) for error metrics: a 2-D .npy of the problem's target field (a for darcy-inverse, u "
                            + "for darcy-forward, omega0 for ns-inverse) or an .npz with arrays named by field.")
    Path truth;

    /** Largest --resolution: a 2048^2 grid already holds 4 M unknowns per field and sample. */
    static final int MAX_RESOLUTION = 2048;

    @Option(
            names = "--resolution",
            paramLabel = "S",
            description = "Grid points per axis (default: the truth's, else the gridded observations' shape, else "
                    + "the trained prior's training grid, "
                    + "else the problem's default: 32 for Darcy, 64 for ns-inverse). A grid other than the "
                    + "prior's training grid is said in the log; report.json records resolution and "
                    + "priorResolution.")
    Integer resolution;

    @Option(
            names = "--sigma",
            paramLabel = "SIGMA",
            description = "Noise level for readings without a sigma column (default: the column is required). "
                    + "Noise-free readings (InverseBench's sigma = 0 set-up) need one too: the misfit "
                    + "1/2 sum ((G(x) - y) / sigma)^2 divides by sigma, so give a small floor, e.g. 1 %% of the "
                    + "readings' RMS. It is then a tolerance, not a measured noise: samples are pulled to match the "
                    + "readings to about sigma; smaller is stiffer (guided methods may then need a smaller step). "
                    + "The sigma used (min and max over the readings) is logged and in report.json. wave-inverse: "
                    + "of every trace sample, default 1%% of the traces' RMS.")
    Double sigma;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder: created, or replaced whole when it holds an earlier pdeflow result.")
    Path out;

    @Option(
            names = "--threads",
            paramLabel = "T",
            description = "PyTorch intra-op threads (default: PyTorch's; 1 is often faster on small shared machines).")
    Integer threads;

    @Option(
            names = "--plot-size",
            defaultValue = "360",
            paramLabel = "PX",
            description = "Plot panel height (default: ${DEFAULT-VALUE}).")
    int plotSize;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Run on Spark (local[*], spark://host:7077, ...; docs/spark.md): the files of a batch as "
                    + "tasks, or, for one file, the ensemble of eki and enkg (one task per particle).")
    String spark;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "A batch on this machine: files solved at once (default: the processors).")
    Integer parallel;

    @Mixin
    MethodOptionsMixin options;

    @Spec
    CommandSpec spec;

    /** One file of a batch: its path, its result folder's name and its truth, if any. */
    private record BatchItem(String file, String name, String truth) implements Serializable {}

    /** Everything read and checked before a run: the problem, method, prior, grid and readings. */
    private record Setup(
            ProblemDefinition definition,
            InverseMethod.Configured configured,
            String priorSpec,
            OptionalInt priorGrid,
            Map<String, double[]> truthFields,
            int s,
            String gridFrom,
            Grid2D grid,
            RecordedReadings given,
            Observations obs,
            double sigmaMin,
            double sigmaMax) {}

    @Override
    public Integer call() throws Exception {
        if (BatchFiles.isBatch(observations)) {
            return batch();
        }
        checkOptions();
        ReportFolder.checkReplaceable(out, "--out");
        Setup setup = setup();
        if (spark == null) {
            ReportFolder.write(out, "--out", dir -> solveInto(setup, dir, UnaryOperator.identity()));
            return 0;
        }
        if (!List.of("eki", "enkg").contains(method)) {
            throw new IllegalArgumentException("--spark runs the ensemble of eki and enkg as Spark tasks (or the files "
                    + "of a batch: --observations FOLDER or GLOB); " + method + " has no ensemble to distribute");
        }
        String[] args = CommandReplay.argsOf(spec);
        try (SparkJobs jobs = SparkJobs.connect(spark, "pdeflow solve " + method)) {
            ReportFolder.write(
                    out,
                    "--out",
                    dir -> solveInto(
                            setup, dir, local -> new DistributedForwardModel(local, () -> forwardOf(args), jobs)));
        }
        return 0;
    }

    /**
     * Many measurement files (a folder or a glob): one result folder per file, named after it, and summary.md, .csv
     * and .json, all written whole into --out as one folder once every file is solved; on local threads or as Spark
     * tasks (every executor must reach the files and --out).
     */
    private Integer batch() throws Exception {
        List<Path> files = BatchFiles.list(observations);
        if (mask != null || acquisition != null) {
            throw new IllegalArgumentException("a batch reads each file on its own (.npz gridded observations, CSV "
                    + "readings, or traces beside their <traces>.acquisition.json); drop --mask and --acquisition");
        }
        if (truth != null && !Files.isDirectory(truth)) {
            throw new IllegalArgumentException("--truth " + truth + ": a batch takes a folder of truths, "
                    + "<name>.npy or <name>.npz for each measurement file <name>.*");
        }
        if (spark != null && parallel != null) {
            throw new IllegalArgumentException("--parallel sets the local threads; with --spark the cluster's "
                    + "executors set how many files run at once");
        }
        if (parallel != null && parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        }
        checkOptions();
        ReportFolder.checkReplaceable(out, "--out");
        List<BatchItem> items = new ArrayList<>();
        for (Path f : files) {
            String t = truth == null
                    ? null
                    : BatchFiles.truthOf(truth, f).toAbsolutePath().toString();
            items.add(new BatchItem(f.toAbsolutePath().toString(), BatchFiles.name(f), t));
        }
        String[] args = CommandReplay.argsOf(spec);
        String job = "solve " + items.size() + " files with " + method;
        LOG.info("{} {}", job, spark == null ? "on this machine" : "on Spark " + spark);
        try (Jobs jobs = spark == null
                ? new LocalJobs(parallel == null ? Runtime.getRuntime().availableProcessors() : parallel)
                : SparkJobs.connect(spark, "pdeflow " + job)) {
            ReportFolder.write(out, "--out", dir -> {
                String root = dir.toAbsolutePath().toString();
                List<LinkedHashMap<String, Object>> rows;
                try (ProgressBars bar = ProgressBars.start("solve", items.size(), "files")) {
                    rows = jobs.map(
                            job, items, item -> solveFile(args, root, item), n -> bar.progress(n, items.size()));
                }
                spec.commandLine().getOut().print(BatchSummary.write(dir, problem, method, rows));
                spec.commandLine().getOut().flush();
            });
        }
        LOG.info("wrote {}: {} result folders and summary.md, .csv, .json", out, items.size());
        return 0;
    }

    /** One file of a batch, as a local thread or a Spark task runs it: the command rebuilt for that file. */
    private static LinkedHashMap<String, Object> solveFile(String[] args, String root, BatchItem item)
            throws Exception {
        SolveCommand command = CommandReplay.parse(args, SolveCommand.class);
        command.observations = Path.of(item.file());
        command.truth = item.truth() == null ? null : Path.of(item.truth());
        command.out = Path.of(root, item.name());
        // createDirectory, not createDirectories: a task that outlives a failed batch must not recreate its folder.
        Path dir = Files.createDirectory(command.out);
        Map<String, Object> report = command.solveInto(command.setup(), dir, UnaryOperator.identity());
        return BatchSummary.row(Path.of(item.file()).getFileName().toString(), item.name(), report);
    }

    /** A Spark task's copy of the forward model: the command's own, rebuilt from its arguments. */
    private static ForwardModel forwardOf(String[] args) {
        SolveCommand command = CommandReplay.parse(args, SolveCommand.class);
        Setup setup = command.setup();
        return InverseRun.formulate(
                        setup.definition(),
                        setup.priorSpec(),
                        setup.grid(),
                        setup.given().readings(),
                        setup.truthFields())
                .forward();
    }

    /** Checks the options that need no file. */
    private void checkOptions() {
        ProblemDefinition definition = Problems.get(problem);
        if (definition.readsPointMeasurements() && acquisition != null) {
            throw new IllegalArgumentException("--acquisition describes recordings in a problem's own format; "
                    + problem + " reads point readings");
        }
        Methods.get(method).configure(options.toOptions(), definition);
        if (samples != null && samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        if (resolution != null && (resolution < 4 || resolution > MAX_RESOLUTION)) {
            throw new IllegalArgumentException(
                    "--resolution must be between 4 and " + MAX_RESOLUTION + " points per axis, got " + resolution);
        }
        PlotOption.checkSize(plotSize, "--plot-size");
        if (sigma != null && (!(sigma > 0) || Double.isInfinite(sigma))) {
            throw new IllegalArgumentException("--sigma must be positive and finite, got " + sigma
                    + " (for exact readings give a small floor, e.g. 1 % of the readings' RMS)");
        }
    }

    /** Reads and checks the inputs of one measurement file. */
    private Setup setup() {
        ProblemDefinition definition = Problems.get(problem);
        InverseMethod chosen = Methods.get(method);
        CliThreads.apply(threads);
        // Everything the user gave is read and checked before any work or output. Problems with their own
        // observation format (wave-inverse's traces) read it here and come back set up for the recording.
        RecordedReadings recorded = null;
        GriddedObservations.Loaded gridded = null;
        if (definition.readsPointMeasurements()) {
            gridded = gridded();
        } else {
            recorded = definition.readRecording(observations, acquisition, sigma);
            definition = recorded.problem();
            LOG.info("{}", recorded.summary());
        }
        String priorSpec = PriorHandle.priorFor(definition, chosen, prior);
        // The guidance's tuned defaults depend on the prior (e.g. the joint prior needs half DPS' step); the
        // options themselves were checked before any file was read (checkOptions).
        InverseMethod.Configured configured = chosen.configure(
                options.toOptions()
                        .withPriorSource(PriorHandle.source(priorSpec, PriorHandle.formulation(definition, priorSpec))),
                definition);
        OptionalInt priorGrid = PriorHandle.trainingResolution(priorSpec);
        Map<String, double[]> truthFields = new LinkedHashMap<>();
        int s = resolution != null ? resolution : -1;
        String gridFrom = "--resolution";
        if (truth != null) {
            s = readTruth(truth, definition, s, truthFields);
            gridFrom = resolution != null ? gridFrom : "the --truth file";
        }
        if (s < 0 && gridded != null && gridded.side() > 0) {
            s = gridded.side();
            gridFrom = "the gridded observations";
        }
        if (s < 0 && priorGrid.isPresent()) {
            s = priorGrid.getAsInt();
            gridFrom = "the prior's training grid";
        }
        if (s < 0) {
            s = definition.defaultResolution();
            gridFrom = "the problem's default";
        }
        Grid2D grid = definition.grid(s);
        RecordedReadings given = recorded != null ? recorded : pointReadings(definition, grid, gridded);
        Observations obs = given.readings().observations();
        LOG.info("{} on a {} x {} grid ({})", problem, s, s, gridFrom);
        if (priorGrid.isPresent() && priorGrid.getAsInt() != s) {
            LOG.warn(
                    "the prior {} was trained on {} x {}, the grid is {} x {} ({}): its network runs off its training "
                            + "grid",
                    priorSpec,
                    priorGrid.getAsInt(),
                    priorGrid.getAsInt(),
                    s,
                    s,
                    gridFrom);
        }
        double sigmaMin = Arrays.stream(obs.sigma()).min().orElseThrow();
        double sigmaMax = Arrays.stream(obs.sigma()).max().orElseThrow();
        LOG.info(
                "{} readings of {} from {}; noise sigma {} to {}{}",
                obs.size(),
                definition.observedField(),
                observations,
                String.format(Locale.ROOT, "%.4g", sigmaMin),
                String.format(Locale.ROOT, "%.4g", sigmaMax),
                gridded != null
                        ? " (--sigma)"
                        : sigma != null ? " (--sigma " + sigma + " where the file has no sigma column)" : "");
        return new Setup(
                definition,
                configured,
                priorSpec,
                priorGrid,
                truthFields,
                s,
                gridFrom,
                grid,
                given,
                obs,
                sigmaMin,
                sigmaMax);
    }

    /** --samples, or the method's default: an ensemble's {@link Methods#DEFAULT_ENSEMBLE} members, else 8. */
    private int samplesOf(InverseMethod method) {
        return samples != null ? samples : method.draws(8, Methods.DEFAULT_ENSEMBLE);
    }

    /**
     * Solves one measurement file and writes its result into {@code dir} (an empty folder).
     *
     * @param placement wraps the problem's forward model (identity, or its ensembles on Spark)
     * @return the report (as report.json holds it)
     */
    private Map<String, Object> solveInto(Setup setup, Path dir, UnaryOperator<ForwardModel> placement)
            throws Exception {
        ProblemDefinition definition = setup.definition();
        InverseMethod.Configured configured = setup.configured();
        Map<String, double[]> truthFields = setup.truthFields();
        RecordedReadings given = setup.given();
        Observations obs = setup.obs();
        int s = setup.s();
        int samples = samplesOf(configured.method());
        StepHistory[] history = new StepHistory[1];
        InverseRun run = InverseRun.of(
                definition,
                configured,
                setup.priorSpec(),
                setup.grid(),
                given.readings(),
                truthFields,
                samples,
                seed,
                p -> history[0] =
                        new StepHistory(p.unknowns(), InverseResults.truthOfUnknowns(p.unknowns(), truthFields)),
                placement);
        InverseProblem inverse = run.problem();
        Reconstruction r = run.reconstruction();
        double seconds = run.seconds();
        List<InverseResults.FieldResult> fields = InverseResults.fields(r, definition);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("problem", problem);
        report.put("formulation", inverse.unknowns().names());
        report.put("method", method);
        Map<String, Object> settings = new LinkedHashMap<>(configured.describe());
        settings.put("samples", samples);
        settings.put("seed", seed);
        settings.put("resolution", s);
        report.put("settings", settings);
        report.put("prior", run.prior());
        report.put("resolution", s);
        report.put("resolutionFrom", setup.gridFrom());
        if (setup.priorGrid().isPresent()) {
            report.put("priorResolution", setup.priorGrid().getAsInt());
        }
        Map<String, Object> observed = new LinkedHashMap<>(given.report());
        if (mask != null) {
            observed.put("mask", mask.toString());
        }
        observed.put("sigmaMin", setup.sigmaMin());
        observed.put("sigmaMax", setup.sigmaMax());
        if (sigma != null) {
            observed.put("sigmaDefault", sigma);
        }
        report.put("observations", observed);
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
        InverseResults.writeArrays(dir, fields, inverse.unknowns().count() == 1);
        List<Figure> figures = InverseFigures.writeAll(
                dir,
                new InverseFigures.Input(
                        posterior,
                        given.placesX(),
                        given.placesY(),
                        r.misfitHistory(),
                        history[0].steps(),
                        "",
                        plotSize));
        List<Map<String, String>> listed = new ArrayList<>();
        for (Figure f : figures) {
            listed.add(Map.of(
                    "title",
                    f.title(),
                    "png",
                    f.png().getFileName().toString(),
                    "svg",
                    f.svg().getFileName().toString()));
        }
        report.put("figures", listed);
        InverseResults.writeJson(dir.resolve("report.json"), report);
        LOG.info(
                "{} on {}: {} samples, misfit {} ({} readings), {} s; wrote {}",
                method,
                problem,
                r.sampleCount(),
                String.format("%.4g", r.finalMisfit()),
                obs.size(),
                String.format("%.2f", seconds),
                out);
        return report;
    }

    /**
     * The point readings of a measurement file or of gridded observations, with the problem as it is:
     * at its observation time when it has one, --sigma where the file has no sigma column.
     */
    private RecordedReadings pointReadings(
            ProblemDefinition definition, Grid2D grid, GriddedObservations.Loaded gridded) {
        Measurements readings;
        if (gridded != null) {
            readings = gridded.on(grid, definition.observedField(), sigma);
        } else {
            MeasurementReader reader = MeasurementReader.forGrid(grid, definition.observedField());
            if (sigma != null) {
                reader = reader.withDefaultSigma(sigma);
            }
            if (definition.observationTime().isPresent()) {
                reader = reader.snapshotAt(definition.observationTime().getAsDouble());
            }
            readings = reader.read(observations);
        }
        Observations obs = Observations.of(readings);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", observations.toString());
        report.put("count", obs.size());
        report.put("field", definition.observedField());
        report.put("format", gridded != null ? "gridded" : "csv");
        return new RecordedReadings(
                definition,
                new Readings(PointSampling.of(grid, readings), obs),
                readings.x(),
                readings.y(),
                observations + ": " + obs.size() + " readings",
                report);
    }

    /**
     * The gridded observations when --observations names them (.npz, or .npy with --mask), read but
     * not yet placed on the grid; null for a CSV measurement file.
     */
    private GriddedObservations.Loaded gridded() {
        String name = observations.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean npz = name.endsWith(".npz");
        boolean npy = name.endsWith(".npy");
        if (mask != null && !npy) {
            throw new IllegalArgumentException(
                    "--mask goes with gridded values in an .npy file; --observations " + observations + " is not one");
        }
        if (npy && mask == null) {
            throw new IllegalArgumentException("--observations " + observations + ": gridded values in an .npy "
                    + "need their mask: give --mask mask.npy (or one .npz holding the arrays values and mask)");
        }
        if ((npz || npy) && sigma == null) {
            throw new IllegalArgumentException("--observations " + observations + ": gridded observations carry no "
                    + "noise level; give --sigma (for exact readings a small floor, e.g. 1 % of the readings' RMS)");
        }
        if (npz) {
            return GriddedObservations.load(observations);
        }
        return npy ? GriddedObservations.load(observations, mask) : null;
    }

    /** Reads the truth into fields by name; returns the resolution (checked against {@code s} when >= 0). */
    private static int readTruth(Path file, ProblemDefinition definition, int s, Map<String, double[]> into) {
        String name = file.getFileName().toString();
        if (name.endsWith(".npz")) {
            Map<String, NdArray> arrays = Npz.read(file);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                s = addField(file, e.getKey(), e.getValue(), s, into);
            }
        } else {
            NdArray a = Npy.read(file);
            List<String> stacked = definition.jointFields();
            if (a.rank() == 3 && a.dim(0) == stacked.size() && stacked.size() > 1) {
                int n = a.dim(1) * a.dim(2);
                for (int c = 0; c < stacked.size(); c++) {
                    s = addField(
                            file,
                            stacked.get(c),
                            NdArray.of2d(a.dim(1), a.dim(2), Arrays.copyOfRange(a.data(), c * n, (c + 1) * n)),
                            s,
                            into);
                }
            } else {
                s = addField(file, definition.targetField(), a, s, into);
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
            throw new InputException(
                    file, "array '" + name + "' must be a square 2-D field, got shape " + a.shapeString());
        }
        if (s >= 0 && a.dim(0) != s) {
            throw new InputException(
                    file,
                    "array '" + name + "' is " + a.dim(0) + " x " + a.dim(1) + " but the grid is " + s + " x " + s);
        }
        FieldFiles.requireFinite(file, a);
        into.put(name, a.data());
        return a.dim(0);
    }
}
