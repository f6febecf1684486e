package org.pdeflow.examples.cli;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.examples.inverse.BenchmarkSweeps;
import org.pdeflow.examples.inverse.InverseResults;
import org.pdeflow.examples.inverse.PriorHandle;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.examples.spark.SparkJobs;
import org.pdeflow.inverse.diagnostics.Calibration;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.MethodOptions;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.problems.ReadingPlan;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.inverse.problems.ReportedMetric;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.pde.grid.Grid2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pdeflow benchmark}: benchmarks; {@code benchmark inverse} compares inverse-problem methods. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        subcommands = BenchmarkInverseCommand.Inverse.class,
        description = "Benchmarks of whole workflows (see 'bench' for kernel timings).")
final class BenchmarkInverseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing benchmark; try 'pdeflow benchmark inverse --help'");
    }

    /**
     * Runs methods on held-apart test fields of a dataset with synthetic readings and reports the
     * relative L2 error of the posterior mean (mean +- population std over fields) and wall time.
     */
    @Command(
            name = "inverse",
            mixinStandardHelpOptions = true,
            description = {
                "Compare inverse-problem methods on test fields of a dataset (pdeflow HDF5: fields a, u).",
                "Readings: Darcy 3%% of the nodes at random interior places (123 at 64^2) with noise 0.5%% of the "
                        + "field's",
                "RMS; ns-inverse omega(T=1) every --stride-th node (default 2) of the problem's own forward solve of "
                        + "the",
                "test field's omega0, plus Gaussian noise --noise (default 0, as InverseBench's sigma). Prints a "
                        + "Markdown",
                "table; --out also writes benchmark.md and benchmark.json.",
                "Sweeps (need --out; they replace the single run): --sweep-steps runs every method at each step count",
                "and charts the error against the measured network evaluations per sample (NFE; diffusion methods "
                        + "only,",
                "eki and tikhonov evaluate no network) in <problem>_error_vs_nfe.png/.svg/.csv; --sweep-readings runs",
                "with each number of readings (random places; for ns-inverse instead of the grid) into",
                "<problem>_error_vs_readings.png/.svg/.csv. The rows go into benchmark.md/.json as well.",
                "A cell (problem, method, setting) whose run blows up on a field (non-finite",
                "values, a sample field more than 10 prior standard deviations from the prior's",
                "mean in root mean square, or a misfit per reading above 1e12: the rule of",
                "'solve') is recorded as failed, with the reason, in the table and in",
                "benchmark.json, left out of the charts and CSV files; the other cells still",
                "run.",
                "--spark MASTER runs the cells as Spark tasks (docs/spark.md): the same rows."
            })
    static final class Inverse implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Inverse.class);

        /** The key of a failed cell's reason in its row ({@link BenchmarkSweeps#FAILED}). */
        private static final String FAILED = BenchmarkSweeps.FAILED;

        @Option(
                names = "--problem",
                required = true,
                split = ",",
                paramLabel = "P[,P...]",
                description = "Problems: darcy-forward, darcy-inverse, ns-inverse, wave-inverse (a 'generate wave' "
                        + "dataset: its traces u plus noise --noise, default 1%% of their RMS).")
        List<String> problems;

        @Option(
                names = "--methods",
                required = true,
                split = ",",
                paramLabel = "M[,M...]",
                description = "Methods: dps, daps, diffpir, diffpir-map, enkg, fundps, diffusionpde, eki, tikhonov, "
                        + "latent-map.")
        List<String> methods;

        @Option(
                names = "--dataset",
                required = true,
                paramLabel = "test.h5",
                description = "Test fields (a: coefficient / omega0, u: solution / omega(T=1)); one dataset for all "
                        + "problems.")
        Path dataset;

        @Option(
                names = "--fields",
                defaultValue = "10",
                paramLabel = "N",
                description = "Number of test fields (default: ${DEFAULT-VALUE}).")
        int fields;

        @Option(
                names = "--first",
                defaultValue = "0",
                paramLabel = "I",
                description = "Index of the first test field (default: ${DEFAULT-VALUE}; tune on other fields than you "
                        + "report).")
        int first;

        @Option(
                names = "--stride",
                defaultValue = "2",
                paramLabel = "K",
                description =
                        "ns-inverse: omega(T) is read on every K-th node per axis (InverseBench x2, x4, x8; default: "
                                + "${DEFAULT-VALUE}).")
        int stride;

        @Option(
                names = "--noise",
                defaultValue = "0",
                paramLabel = "SIGMA",
                description = "ns-inverse: standard deviation of the Gaussian reading noise, vorticity units (default: "
                        + "${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--threads", paramLabel = "T", description = "PyTorch intra-op threads (default: PyTorch's).")
        Integer threads;

        @Option(
                names = "--samples",
                paramLabel = "S",
                description = "Samples per field of the sampling methods (default: 4); also the ensemble size of eki "
                        + "and enkg when --ensemble is not given.")
        Integer samples;

        @Option(
                names = "--ensemble",
                paramLabel = "N",
                description = "Members of the ensemble methods eki and enkg (default: --samples when given, else "
                        + Methods.DEFAULT_ENSEMBLE
                        + ").")
        Integer ensemble;

        /** Samples of a sampling method: --samples, else 4. */
        private int samples() {
            return samples != null ? samples : 4;
        }

        /**
         * Members of an ensemble method: --ensemble, else --samples when given (what it meant before
         * --ensemble existed, so documented commands keep their meaning), else the registry's default.
         */
        private int ensemble() {
            return ensemble != null ? ensemble : samples != null ? samples : Methods.DEFAULT_ENSEMBLE;
        }

        @Option(
                names = "--seed",
                defaultValue = "0",
                paramLabel = "SEED",
                description = "Seed of readings and samplers (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--prior",
                paramLabel = "DIR|gaussian|latent",
                description = "Diffusion prior: a trained prior folder, 'gaussian', or 'latent' (darcy-inverse: the "
                        + "data's exact generative prior, a control). Default: the shipped model of each problem "
                        + "under models/.")
        String prior;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder for benchmark.md and benchmark.json.")
        Path out;

        @Option(
                names = "--sweep-steps",
                split = ",",
                paramLabel = "N1,N2,..",
                description = "Step counts to sweep (distinct, at least 1 each): error vs NFE per method.")
        List<Integer> sweepSteps;

        @Option(
                names = "--sweep-readings",
                split = ",",
                paramLabel = "M1,M2,..",
                description = "Numbers of readings to sweep (distinct, at least 1 each): error vs readings per method.")
        List<Integer> sweepReadings;

        @Option(
                names = "--spark",
                paramLabel = "MASTER",
                description = "Run the cells (problem x method x setting) as Spark tasks on this master (local[*], "
                        + "spark://host:7077, ...): the same rows as the local run; every executor must read "
                        + "--dataset and the priors (docs/spark.md).")
        String spark;

        @Spec
        CommandSpec spec;

        @Mixin
        MethodOptionsMixin options;

        /** A cell: indices into --problem and --methods, and the setting of a sweep. */
        private record Cell(int problem, int method, Integer steps, Integer readings) implements Serializable {}

        /** The problems and methods, checked. */
        private record Plan(List<ProblemDefinition> definitions, List<InverseMethod> chosen) {}

        /** A sweep's swept value and, when set, the step count or readings it overrides. */
        private record Setting(Integer steps, Integer readings) {
            static final Setting DEFAULT = new Setting(null, null);
        }

        private static void requireSweep(String option, List<Integer> values) {
            if (values == null) {
                return;
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(option + " needs at least one value");
            }
            if (values.stream().anyMatch(v -> v == null || v < 1)) {
                throw new IllegalArgumentException(option + " values must be at least 1, got " + values);
            }
            if (values.stream().distinct().count() != values.size()) {
                throw new IllegalArgumentException(option + " values must be distinct, got " + values);
            }
        }

        /** Checks the options; the problems and methods to run. */
        private Plan plan() {
            List<ProblemDefinition> definitions = new ArrayList<>();
            for (String p : problems) {
                definitions.add(Problems.get(p));
            }
            List<InverseMethod> chosen = new ArrayList<>();
            for (String m : methods) {
                InverseMethod method = Methods.get(m);
                for (ProblemDefinition d : definitions) {
                    method.requireSupported(d);
                }
                chosen.add(method);
            }
            if (fields < 1 || samples() < 1 || first < 0 || stride < 1) {
                throw new IllegalArgumentException(
                        "--fields, --samples and --stride must be at least 1 and --first at least 0");
            }
            if (ensemble() < 2 && chosen.stream().anyMatch(m -> m.output() == InverseMethod.Output.ENSEMBLE)) {
                throw new IllegalArgumentException(
                        "an ensemble method needs at least 2 members (--ensemble), got " + ensemble());
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("--noise must be finite and >= 0, got " + noise);
            }
            if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file; give a folder");
            }
            requireSweep("--sweep-steps", sweepSteps);
            requireSweep("--sweep-readings", sweepReadings);
            boolean sweeping = sweepSteps != null || sweepReadings != null;
            if (sweeping && out == null) {
                throw new IllegalArgumentException(
                        "--sweep-steps and --sweep-readings write charts and tables; give --out DIR");
            }
            MethodOptions methodOptions = options.toOptions();
            for (InverseMethod m : chosen) {
                for (ProblemDefinition d : definitions) {
                    m.configure(methodOptions, d);
                }
            }
            return new Plan(definitions, chosen);
        }

        @Override
        public Integer call() throws Exception {
            Plan plan = plan();
            List<ProblemDefinition> definitions = plan.definitions();
            CliThreads.apply(threads);
            boolean sweeping = sweepSteps != null || sweepReadings != null;
            List<Cell> cells = cells(plan);
            List<Map<String, Object>> rows = new ArrayList<>();
            if (spark == null) {
                try (DatasetReader data = open(plan)) {
                    int s = side(data);
                    for (Cell cell : cells) {
                        rows.add(runCell(
                                data,
                                definitions.get(cell.problem()),
                                plan.chosen().get(cell.method()),
                                s,
                                new Setting(cell.steps(), cell.readings())));
                    }
                }
            } else {
                try (DatasetReader data = open(plan)) {
                    side(data); // the dataset is checked here before any task starts
                }
                String[] args = CommandReplay.argsOf(spec);
                try (SparkJobs jobs = SparkJobs.connect(spark, "pdeflow benchmark inverse");
                        ProgressBars bar = ProgressBars.start("benchmark inverse", cells.size(), "cells")) {
                    LOG.info("{} cells as Spark tasks on {} ({} slots)", cells.size(), spark, jobs.parallelism());
                    rows.addAll(jobs.map(
                            "benchmark inverse (" + cells.size() + " cells)",
                            cells,
                            cell -> runCellTask(args, cell),
                            n -> bar.progress(n, cells.size())));
                }
            }
            String table = markdown(rows, definitions);
            System.out.print(table);
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("benchmark.md"), table, StandardCharsets.UTF_8);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("dataset", dataset.toString());
                json.put("fields", fields);
                json.put("samples", samples());
                json.put("ensemble", ensemble());
                json.put("seed", seed);
                json.put("results", rows);
                if (sweeping) {
                    json.put(
                            "figures",
                            BenchmarkSweeps.write(
                                    out, rows, problems, methods, sweepSteps != null, sweepReadings != null));
                }
                InverseResults.writeJson(out.resolve("benchmark.json"), json);
            }
            return 0;
        }

        /** The cells in the order of the local run: problem, method, then the swept setting. */
        private List<Cell> cells(Plan plan) {
            List<Cell> cells = new ArrayList<>();
            int problemCount = plan.definitions().size();
            int methodCount = plan.chosen().size();
            if (sweepSteps == null && sweepReadings == null) {
                for (int p = 0; p < problemCount; p++) {
                    for (int m = 0; m < methodCount; m++) {
                        cells.add(new Cell(p, m, null, null));
                    }
                }
            }
            for (List<Integer> sweep : Arrays.asList(sweepSteps, sweepReadings)) {
                if (sweep == null) {
                    continue;
                }
                for (int p = 0; p < problemCount; p++) {
                    for (int m = 0; m < methodCount; m++) {
                        for (int n : sweep) {
                            cells.add(sweep == sweepSteps ? new Cell(p, m, n, null) : new Cell(p, m, null, n));
                        }
                    }
                }
            }
            return cells;
        }

        /** Opens the dataset, checks it and sets the plan's problems up for it. */
        private DatasetReader open(Plan plan) throws IOException {
            DatasetReader data = DatasetReader.open(dataset);
            try {
                if (!data.fields().contains("a") || !data.fields().contains("u")) {
                    throw new InputException(dataset, "needs fields 'a' and 'u', has " + data.fields());
                }
                if (data.sampleCount() < first + fields) {
                    throw new InputException(
                            dataset,
                            "has " + data.sampleCount() + " samples, fewer than --first + --fields = "
                                    + (first + fields));
                }
                List<ProblemDefinition> definitions = plan.definitions();
                for (int k = 0; k < definitions.size(); k++) {
                    try {
                        definitions.set(k, definitions.get(k).forDataset(data.attributes()));
                    } catch (IllegalArgumentException e) {
                        throw new InputException(dataset, e.getMessage(), e);
                    }
                }
                return data;
            } catch (RuntimeException e) {
                data.close();
                throw e;
            }
        }

        private static int side(DatasetReader data) {
            int[] shape = data.sampleShape("a");
            return shape[shape.length - 1];
        }

        /** A Spark task: the command rebuilt from its arguments runs one cell, reading the dataset itself. */
        private static LinkedHashMap<String, Object> runCellTask(String[] args, Cell cell) throws Exception {
            Inverse command = CommandReplay.parse(args, Inverse.class);
            Plan plan = command.plan();
            CliThreads.apply(command.threads);
            try (DatasetReader data = command.open(plan)) {
                return new LinkedHashMap<>(command.runCell(
                        data,
                        plan.definitions().get(cell.problem()),
                        plan.chosen().get(cell.method()),
                        side(data),
                        new Setting(cell.steps(), cell.readings())));
            }
        }

        private Map<String, Object> runCell(
                DatasetReader data, ProblemDefinition problem, InverseMethod method, int s, Setting setting)
                throws Exception {
            MethodOptions o = setting.steps() == null
                    ? options.toOptions()
                    : options.toOptions().withSteps(setting.steps());
            String priorSpec = PriorHandle.priorFor(problem, method, prior);
            boolean priorMethod = priorSpec != null;
            Formulation formulation = PriorHandle.formulation(problem, priorSpec);
            InverseMethod.Configured configured =
                    method.configure(o.withPriorSource(PriorHandle.source(priorSpec, formulation)), problem);
            Grid2D grid = problem.grid(s);
            ReadingPlan plan = new ReadingPlan(setting.readings(), stride, noise);
            int draws = method.draws(samples(), ensemble());
            Map<String, double[]> metrics = new LinkedHashMap<>();
            double[] misfits = new double[fields];
            double[] nfe = new double[fields];
            int readings = 0;
            double[] forwardEvaluations = new double[fields];
            double[] forwardSeconds = new double[fields];
            double[] denoiserCalls = new double[fields];
            double[] fieldSeconds = new double[fields];
            Map<String, double[]> statistics = new LinkedHashMap<>();
            String headline = problem.headline().label();
            long t0 = System.nanoTime();
            PriorHandle handle = null;
            try (ProgressBars bar = ProgressBars.start(problem.name() + " " + method.name(), fields, "fields")) {
                for (int f = 0; f < fields; f++) {
                    long tf = System.nanoTime();
                    int index = first + f;
                    Map<String, double[]> truth = new LinkedHashMap<>();
                    truth.put("a", data.readSample("a", index));
                    truth.put("u", data.readSample("u", index));
                    problem.datasetFields().forEach((unknown, stored) -> truth.put(unknown, truth.get(stored)));
                    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
                    Readings cell = problem.readings(grid, truth, plan, rng);
                    Observations obs = cell.observations();
                    InverseProblem inverse = problem.formulate(formulation, grid, cell.operator(), obs, truth);
                    try {
                        if (priorMethod && handle == null) {
                            handle = PriorHandle.open(priorSpec, problem, inverse.unknowns());
                        }
                        Reconstruction r;
                        try {
                            r = handle == null
                                    ? configured.run(inverse, null, draws, seed + index, StepCallback.NONE)
                                    : handle.run(configured, inverse, draws, seed + index, StepCallback.NONE);
                        } catch (DivergenceException e) {
                            return failedRow(problem, configured, setting, index, e.getMessage());
                        }
                        nfe[f] = r.statistics().getOrDefault("denoiserCalls", 0.0);
                        readings = obs.size();
                        List<InverseResults.FieldResult> results = InverseResults.fields(r, problem);
                        for (Map.Entry<String, Double> e :
                                metricsOf(problem, results, truth).entrySet()) {
                            metrics.computeIfAbsent(e.getKey(), k -> new double[fields])[f] = e.getValue();
                        }
                        misfits[f] = r.finalMisfit() / obs.size();
                        forwardEvaluations[f] = r.timings().forwardEvaluations();
                        forwardSeconds[f] = r.timings().forwardSeconds();
                        denoiserCalls[f] = r.statistics().getOrDefault("denoiserCalls", 0.0);
                        int field = f;
                        r.statistics()
                                .forEach((k, v) -> statistics.computeIfAbsent(k, x -> new double[fields])[field] = v);
                        fieldSeconds[f] = (System.nanoTime() - tf) * 1e-9;
                        double[] lead = metrics.get(headline);
                        LOG.info(
                                "{} {} field {}: {} {}, {} s",
                                problem.name(),
                                method.name(),
                                index,
                                headline,
                                String.format("%.4f", lead == null ? Double.NaN : lead[f]),
                                String.format("%.1f", fieldSeconds[f]));
                    } finally {
                        if (inverse.forward() instanceof AutoCloseable c) {
                            c.close();
                        }
                    }
                    bar.progress(f + 1, fields);
                }
            } finally {
                if (handle != null) {
                    handle.close();
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("problem", problem.name());
            row.put("method", method.name());
            Map<String, Object> summary = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : metrics.entrySet()) {
                summary.put(
                        e.getKey(),
                        Map.of("mean", mean(e.getValue()), "std", std(e.getValue()), "perField", e.getValue()));
                LOG.info(
                        "{} {}: {} {} +- {}",
                        problem.name(),
                        method.name(),
                        e.getKey(),
                        String.format("%.4f", mean(e.getValue())),
                        String.format("%.4f", std(e.getValue())));
            }
            row.put("metrics", summary);
            row.put("misfitPerReadingMean", mean(misfits));
            row.put("misfitPerReadingEach", misfits);
            row.put("secondsPerField", seconds / fields);
            row.put("secondsPerFieldEach", fieldSeconds);
            row.put("forwardEvaluationsPerField", mean(forwardEvaluations));
            row.put("forwardSecondsPerField", mean(forwardSeconds));
            row.put("denoiserCallsPerField", mean(denoiserCalls));
            // The method's own statistics per field (e.g. Tikhonov's iterations and why it stopped).
            row.put("statisticsPerField", statistics);
            row.put("firstField", first);
            row.put("samples", method.output() == InverseMethod.Output.POINT_ESTIMATE ? 1 : draws);
            row.putAll(problem.readingSettings(plan));
            row.put("settings", configured.describe());
            // The headline error (sweeps plot it): the target field's, for darcy-forward u from the solver.
            double[] errors = metrics.get(headline);
            row.put("field", problem.headline().field());
            row.put("relativeL2Mean", mean(errors));
            row.put("relativeL2Std", std(errors));
            if (setting.steps() != null || setting.readings() != null) {
                row.put("steps", configured.steps());
                row.put("readings", readings);
                row.put("nfePerSample", mean(nfe));
                row.put("sweep", setting.steps() != null ? "steps" : "readings");
            }
            LOG.info("{} {}: {} s per field", problem.name(), method.name(), String.format("%.2f", seconds / fields));
            return row;
        }

        /**
         * The row of a cell whose run on one field diverged: the problem, method, settings and the
         * reason; the cell's other fields are not run.
         */
        private Map<String, Object> failedRow(
                ProblemDefinition problem,
                InverseMethod.Configured configured,
                Setting setting,
                int index,
                String reason) {
            String message = "field " + index + ": " + reason;
            LOG.warn("{} {} failed on {}", problem.name(), configured.method().name(), message);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("problem", problem.name());
            row.put("method", configured.method().name());
            row.put(FAILED, message);
            row.put("failedField", index);
            row.put("firstField", first);
            row.put("settings", configured.describe());
            if (setting.steps() != null || setting.readings() != null) {
                row.put("steps", configured.steps());
                row.put("readings", setting.readings());
                row.put("sweep", setting.steps() != null ? "steps" : "readings");
            }
            return row;
        }

        /** The errors a problem is judged by for one field ({@link ProblemDefinition#metrics()}), those that exist. */
        /** The label suffix of the ±2σ coverage metric. */
        static final String COVERAGE = "+-2 sd coverage";

        static Map<String, Double> metricsOf(
                ProblemDefinition problem, List<InverseResults.FieldResult> results, Map<String, double[]> truth) {
            Map<String, Double> m = new LinkedHashMap<>();
            Map<String, Double> rel = InverseResults.relativeErrors(results, truth);
            for (ReportedMetric metric : problem.metrics()) {
                Double v = switch (metric.kind()) {
                    case RELATIVE_L2 -> rel.get(metric.field());
                    case PHASE_ERROR_RATE -> InverseResults.phaseErrorRate(results, truth);
                };
                if (v != null) {
                    m.put(metric.label(), v);
                }
            }
            // Calibration of the spread: the fraction of the target's nodes within 2 standard deviations
            // of the mean (about 0.95 for a calibrated Gaussian posterior); only where there is a spread.
            String target = problem.targetField();
            for (InverseResults.FieldResult r : results) {
                if (r.name().equals(target) && r.samples().length > 1 && truth.containsKey(target)) {
                    m.put(target + " " + COVERAGE, Calibration.coverage(truth.get(target), r.mean(), r.std(), 2));
                }
            }
            return m;
        }

        private static double mean(double[] v) {
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }

        /** Population standard deviation (InverseBench's convention over test fields). */
        private static double std(double[] v) {
            double m = mean(v);
            double s = 0;
            for (double x : v) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / v.length);
        }

        /** One table per problem: a row per method, a column per metric (mean ± std over fields). */
        @SuppressWarnings("unchecked")
        private String markdown(List<Map<String, Object>> rows, List<ProblemDefinition> definitions) {
            StringBuilder sb = new StringBuilder();
            boolean swept = rows.stream().anyMatch(r -> r.containsKey("sweep"));
            if (swept) {
                sb.append("| problem | method | field | steps | NFE / sample | readings | relative L2 (mean ± std) | "
                        + "misfit / reading | s / field |\n");
                sb.append("|---|---|---|---|---|---|---|---|---|\n");
                for (Map<String, Object> r : rows) {
                    if (r.containsKey(FAILED)) {
                        sb.append(String.format(
                                Locale.ROOT,
                                "| %s | %s | – | %s | – | %s | failed | – | – |%n",
                                r.get("problem"),
                                r.get("method"),
                                r.get("steps"),
                                r.get("readings") == null ? "–" : r.get("readings")));
                        continue;
                    }
                    double nfe = (double) r.get("nfePerSample");
                    sb.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %.4f ± %.4f | %.3g | %.2f |%n",
                            r.get("problem"),
                            r.get("method"),
                            r.get("field"),
                            r.get("steps"),
                            nfe > 0 ? String.format(Locale.ROOT, "%.0f", nfe) : "–",
                            r.get("readings"),
                            (double) r.get("relativeL2Mean"),
                            (double) r.get("relativeL2Std"),
                            (double) r.get("misfitPerReadingMean"),
                            (double) r.get("secondsPerField")));
                }
            }
            for (String problem : swept ? List.<String>of() : problems) {
                List<String> names = new ArrayList<>();
                for (Map<String, Object> r : rows) {
                    if (r.get("problem").equals(problem) && !r.containsKey(FAILED)) {
                        for (String k : ((Map<String, Object>) r.get("metrics")).keySet()) {
                            if (!names.contains(k)) {
                                names.add(k);
                            }
                        }
                    }
                }
                sb.append("| ")
                        .append(problem)
                        .append(" | ")
                        .append(String.join(" | ", names))
                        .append(" | misfit / reading | s / field | forward evaluations / field | s / forward "
                                + "evaluation | denoiser calls / field |\n");
                sb.append("|---".repeat(names.size() + 6)).append("|\n");
                for (Map<String, Object> r : rows) {
                    if (!r.get("problem").equals(problem)) {
                        continue;
                    }
                    if (r.containsKey(FAILED)) {
                        sb.append("| ")
                                .append(r.get("method"))
                                .append(" | failed")
                                .append(" | –".repeat(names.size() + 4))
                                .append(" |\n");
                        continue;
                    }
                    Map<String, Object> metrics = (Map<String, Object>) r.get("metrics");
                    sb.append("| ").append(r.get("method"));
                    for (String k : names) {
                        Map<String, Object> v = (Map<String, Object>) metrics.get(k);
                        sb.append(
                                v == null
                                        ? " | –"
                                        : String.format(Locale.ROOT, " | %.4f ± %.4f", (double) v.get("mean"), (double)
                                                v.get("std")));
                    }
                    double evaluations = (double) r.get("forwardEvaluationsPerField");
                    double perEvaluation = (double) r.get("forwardSecondsPerField") / evaluations;
                    sb.append(String.format(
                            Locale.ROOT,
                            " | %.3g | %.2f | %.0f | %s | %.0f |%n",
                            (double) r.get("misfitPerReadingMean"),
                            (double) r.get("secondsPerField"),
                            evaluations,
                            Double.isFinite(perEvaluation) ? String.format(Locale.ROOT, "%.4f", perEvaluation) : "–",
                            (double) r.get("denoiserCallsPerField")));
                }
                sb.append('\n');
            }
            for (Map<String, Object> r : rows) {
                if (r.containsKey(FAILED)) {
                    sb.append("Failed: ")
                            .append(r.get("problem"))
                            .append(' ')
                            .append(r.get("method"))
                            .append(r.containsKey("sweep") ? " (" + r.get("sweep") + " sweep)" : "")
                            .append(", ")
                            .append(r.get(FAILED))
                            .append("\n\n");
                }
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%d test fields of %s from index %d, %d samples each (ensembles of %d), seed %d",
                    fields,
                    dataset.getFileName(),
                    first,
                    samples(),
                    ensemble(),
                    seed));
            ReadingPlan plan = new ReadingPlan(null, stride, noise);
            for (ProblemDefinition d : definitions) {
                Map<String, Object> used = d.readingSettings(plan);
                if (!used.isEmpty()) {
                    List<String> parts = new ArrayList<>();
                    used.forEach((k, v) -> parts.add(k + " " + v));
                    sb.append("; ").append(d.name()).append(" readings at ").append(String.join(", ", parts));
                }
            }
            sb.append(".\n");
            return sb.toString();
        }
    }
}
