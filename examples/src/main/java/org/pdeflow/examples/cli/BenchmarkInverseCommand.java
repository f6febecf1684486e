package org.pdeflow.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.Dealiasing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pdeflow benchmark}: benchmarks; {@code benchmark inverse} compares inverse-problem methods. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, subcommands = BenchmarkInverseCommand.Inverse.class,
        description = "Benchmarks of whole workflows (see 'bench' for kernel timings).")
final class BenchmarkInverseCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing benchmark; try 'pdeflow benchmark inverse --help'");
    }

    /**
     * Runs methods on held-apart test fields of a dataset with synthetic readings and reports the
     * relative L2 error of the posterior mean (mean +- population std over fields) and wall time.
     */
    @Command(name = "inverse", mixinStandardHelpOptions = true,
            description = {"Compare inverse-problem methods on test fields of a dataset (pdeflow HDF5: fields a, u).",
                "Readings: Darcy 3%% of the nodes at random interior places (123 at 64^2) with noise 0.5%% of the field's",
                "RMS; ns-inverse omega(T=1) every --stride-th node (default 2) of the problem's own forward solve of the",
                "test field's omega0, plus Gaussian noise --noise (default 0, as InverseBench's sigma). Prints a Markdown",
                "table; --out also writes benchmark.md and benchmark.json."})
    static final class Inverse implements Callable<Integer> {

        private static final Logger LOG = LoggerFactory.getLogger(Inverse.class);

        @Option(names = "--problem", required = true, split = ",", paramLabel = "P[,P...]",
                description = "Problems: darcy-forward, darcy-inverse, ns-inverse.")
        List<String> problems;

        @Option(names = "--methods", required = true, split = ",", paramLabel = "M[,M...]",
                description = "Methods: dps, daps, enkg, fundps, diffusionpde, eki, tikhonov.")
        List<String> methods;

        @Option(names = "--dataset", required = true, paramLabel = "test.h5",
                description = "Test fields (a: coefficient / omega0, u: solution / omega(T=1)); one dataset for all problems.")
        Path dataset;

        @Option(names = "--fields", defaultValue = "10", paramLabel = "N", description = "Number of test fields (default: ${DEFAULT-VALUE}).")
        int fields;

        @Option(names = "--first", defaultValue = "0", paramLabel = "I",
                description = "Index of the first test field (default: ${DEFAULT-VALUE}; tune on other fields than you report).")
        int first;

        @Option(names = "--stride", defaultValue = "2", paramLabel = "K",
                description = "ns-inverse: omega(T) is read on every K-th node per axis (InverseBench x2, x4, x8; default: ${DEFAULT-VALUE}).")
        int stride;

        @Option(names = "--noise", defaultValue = "0", paramLabel = "SIGMA",
                description = "ns-inverse: standard deviation of the Gaussian reading noise, vorticity units (default: ${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--threads", paramLabel = "T", description = "PyTorch intra-op threads (default: PyTorch's).")
        Integer threads;

        @Option(names = "--samples", defaultValue = "4", paramLabel = "S", description = "Samples per field (default: ${DEFAULT-VALUE}).")
        int samples;

        @Option(names = "--seed", defaultValue = "0", paramLabel = "SEED", description = "Seed of readings and samplers (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--prior", paramLabel = "DIR|gaussian",
                description = "Diffusion prior (default: the shipped model of each problem under models/).")
        String prior;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder for benchmark.md and benchmark.json.")
        Path out;

        @Mixin
        InverseSetup.MethodOptions options;

        private Dealiasing dealiasing = Dealiasing.CIRCULAR;

        @Override
        public Integer call() throws Exception {
            for (String p : problems) {
                InverseSetup.requireProblem(p);
            }
            for (String m : methods) {
                InverseSetup.requireMethod(m);
                for (String p : problems) {
                    InverseSetup.requireSupported(p, m);
                }
            }
            if (fields < 1 || samples < 1 || first < 0 || stride < 1) {
                throw new IllegalArgumentException("--fields, --samples and --stride must be at least 1 and --first at least 0");
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("--noise must be finite and >= 0, got " + noise);
            }
            CliThreads.apply(threads);
            if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is a file; give a folder");
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (DatasetReader data = DatasetReader.open(dataset)) {
                if (!data.fields().contains("a") || !data.fields().contains("u")) {
                    throw new InputException(dataset, "needs fields 'a' and 'u', has " + data.fields());
                }
                if (data.sampleCount() < first + fields) {
                    throw new InputException(dataset, "has " + data.sampleCount() + " samples, fewer than --first + --fields = "
                            + (first + fields));
                }
                if (problems.contains("ns-inverse")) {
                    Object variant = data.attributes().get("variant");
                    if (!"inversebench".equals(variant)) {
                        throw new InputException(dataset, "ns-inverse needs the InverseBench Kolmogorov-flow data (attribute "
                                + "variant = inversebench), got variant " + variant);
                    }
                    Object rule = data.attributes().get("dealiasing");
                    dealiasing = rule != null && rule.toString().startsWith("per-axis") ? Dealiasing.BOX_TWO_THIRDS
                            : Dealiasing.CIRCULAR;
                }
                int[] shape = data.sampleShape("a");
                int s = shape[shape.length - 1];
                for (String p : problems) {
                    for (String m : methods) {
                        rows.add(runCell(data, p, m, s));
                    }
                }
            }
            String table = markdown(rows);
            System.out.print(table);
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("benchmark.md"), table, StandardCharsets.UTF_8);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("dataset", dataset.toString());
                json.put("fields", fields);
                json.put("samples", samples);
                json.put("seed", seed);
                json.put("results", rows);
                InverseResults.writeJson(out.resolve("benchmark.json"), json);
            }
            return 0;
        }

        private Map<String, Object> runCell(DatasetReader data, String problem, String method, int s) throws Exception {
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
            boolean joint = InverseSetup.joint(problem, method, trained);
            Grid2D grid = InverseSetup.grid(problem, s);
            String target = InverseSetup.targetField(problem);
            double[] errors = new double[fields];
            double[] misfits = new double[fields];
            double[] forwardEvaluations = new double[fields];
            double[] forwardSeconds = new double[fields];
            double[] denoiserCalls = new double[fields];
            double[] fieldSeconds = new double[fields];
            long t0 = System.nanoTime();
            PriorHandle handle = null;
            try (ProgressBars bar = ProgressBars.start(problem + " " + method, fields, "fields")) {
                for (int f = 0; f < fields; f++) {
                    long tf = System.nanoTime();
                    int index = first + f;
                    Map<String, double[]> truth = new LinkedHashMap<>();
                    truth.put("a", data.readSample("a", index));
                    truth.put("u", data.readSample("u", index));
                    if (problem.equals("ns-inverse")) {
                        truth.put("omega0", truth.get("a"));
                    }
                    SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + index);
                    ObservationOperator op;
                    Observations obs;
                    if (problem.equals("ns-inverse")) {
                        // Clean readings from the problem's own forward model (fixed step 0.002), not
                        // the dataset's u (CFL-adaptive steps), which differs from it by about 1 %.
                        op = new GridSubsampling(grid, stride);
                        double[] clean;
                        try (var m = (org.pdeflow.inverse.forward.NavierStokesForwardModel) InverseSetup.formulate(problem,
                                grid, op, Observations.of(new double[op.size()], 1.0), false, Map.of(), dealiasing).forward()) {
                            clean = m.apply(truth.get("omega0"));
                        }
                        obs = Observations.synthetic(clean, noise, noise > 0 ? noise : 1.0, rng);
                    } else {
                        double[] field = truth.get(InverseSetup.observedField(problem));
                        int count = Math.max(1, (int) Math.round(0.03 * s * s));
                        double[] px = new double[count];
                        double[] py = new double[count];
                        for (int k = 0; k < count; k++) {
                            px[k] = grid.lx() * rng.nextDouble(0.05, 0.95);
                            py[k] = grid.ly() * rng.nextDouble(0.05, 0.95);
                        }
                        op = PointSampling.of(grid, px, py);
                        double[] clean = new double[count];
                        op.apply(field, clean);
                        double rms = 0;
                        for (double v : field) {
                            rms += v * v / field.length;
                        }
                        double noise = 0.005 * Math.sqrt(rms);
                        obs = Observations.synthetic(clean, noise, noise, rng);
                    }
                    InverseProblem inverse = InverseSetup.formulate(problem, grid, op, obs, joint, truth, dealiasing);
                    try {
                        if (priorMethod && handle == null) {
                            handle = PriorHandle.open(priorSpec, inverse.unknowns());
                        }
                        DiffusionFieldPrior fp = handle == null ? null : handle.prior();
                        Reconstruction r = InverseSetup.run(method, options, inverse, fp, samples, seed + index, StepCallback.NONE);
                        List<InverseResults.FieldResult> results = InverseResults.fields(r);
                        double[] mean = results.stream().filter(x -> x.name().equals(target)).findFirst()
                                .orElseThrow(() -> new IllegalStateException(method + " returned no field " + target)).mean();
                        errors[f] = InverseResults.relativeL2(mean, truth.get(target));
                        misfits[f] = r.finalMisfit() / obs.size();
                        forwardEvaluations[f] = r.timings().forwardEvaluations();
                        forwardSeconds[f] = r.timings().forwardSeconds();
                        denoiserCalls[f] = r.statistics().getOrDefault("denoiserCalls", 0.0);
                        fieldSeconds[f] = (System.nanoTime() - tf) * 1e-9;
                        LOG.info("{} {} field {}: relative L2 {}, {} s", problem, method, index, String.format("%.4f", errors[f]),
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
            row.put("problem", problem);
            row.put("method", method);
            row.put("field", target);
            row.put("relativeL2Mean", mean(errors));
            row.put("relativeL2Std", std(errors));
            row.put("relativeL2PerField", errors);
            row.put("misfitPerReadingMean", mean(misfits));
            row.put("secondsPerField", seconds / fields);
            row.put("secondsPerFieldEach", fieldSeconds);
            row.put("forwardEvaluationsPerField", mean(forwardEvaluations));
            row.put("forwardSecondsPerField", mean(forwardSeconds));
            row.put("denoiserCallsPerField", mean(denoiserCalls));
            row.put("firstField", first);
            if (problem.equals("ns-inverse")) {
                row.put("stride", stride);
                row.put("noise", noise);
            }
            row.put("settings", options.describe(method));
            LOG.info("{} {}: relative L2 {} +- {}, {} s per field", problem, method, String.format("%.4f", mean(errors)),
                    String.format("%.4f", std(errors)), String.format("%.2f", seconds / fields));
            return row;
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

        private String markdown(List<Map<String, Object>> rows) {
            StringBuilder sb = new StringBuilder();
            sb.append("| problem | method | field | relative L2 (mean ± std) | misfit / reading | s / field | forward evaluations "
                    + "/ field | s / forward evaluation | denoiser calls / field |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Map<String, Object> r : rows) {
                double evaluations = (double) r.get("forwardEvaluationsPerField");
                double perEvaluation = (double) r.get("forwardSecondsPerField") / evaluations;
                sb.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s | %.4f ± %.4f | %.3g | %.2f | %.0f | %s | %.0f |%n",
                        r.get("problem"), r.get("method"), r.get("field"), (double) r.get("relativeL2Mean"),
                        (double) r.get("relativeL2Std"), (double) r.get("misfitPerReadingMean"), (double) r.get("secondsPerField"),
                        evaluations, Double.isFinite(perEvaluation) ? String.format(java.util.Locale.ROOT, "%.4f", perEvaluation) : "–",
                        (double) r.get("denoiserCallsPerField")));
            }
            sb.append(String.format(java.util.Locale.ROOT, "%n%d test fields of %s from index %d, %d samples each, seed %d", fields,
                    dataset.getFileName(), first, samples, seed));
            if (problems.contains("ns-inverse")) {
                sb.append(String.format(java.util.Locale.ROOT, "; ns-inverse readings at stride %d, noise %s", stride, noise));
            }
            sb.append(".\n");
            return sb.toString();
        }
    }
}
