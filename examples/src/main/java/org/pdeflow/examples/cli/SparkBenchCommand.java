package org.pdeflow.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.pdeflow.datasets.generate.DatasetGenerator;
import org.pdeflow.datasets.measurements.MeasurementWriter;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.measurements.Reading;
import org.pdeflow.examples.jobs.DistributedForwardModel;
import org.pdeflow.examples.jobs.LocalJobs;
import org.pdeflow.examples.spark.SparkJobs;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.inverse.problems.Problems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pdeflow bench spark}: what Spark costs over the local threads for the three scaled-out paths, measured in one
 * process on the same number of slots, and a paper estimate for a cluster from the measured per-task costs.
 */
@Command(
        name = "spark",
        mixinStandardHelpOptions = true,
        description = {
            "Time the Spark paths against the local threads on the same number of slots (docs/spark.md).",
            "generate darcy (--threads T vs --spark local[T]), an ensemble of Darcy forward runs (threads vs",
            "one Spark task per particle), empty tasks (the bare per-task overhead) and a batch of EKI solves;",
            "medians of --repetitions, local and Spark in turns, after one warm-up; the Spark context is",
            "started once beforehand. Then an estimate of 50,000 128^2 Darcy samples and 1,000 Darcy inverse",
            "solves on --nodes x --cores-per-node slots."
        })
final class SparkBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--slots",
            defaultValue = "2",
            paramLabel = "T",
            description = "Threads, and local[T] (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--repetitions",
            defaultValue = "3",
            paramLabel = "R",
            description = "Timed runs per figure (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--samples",
            defaultValue = "64",
            paramLabel = "N",
            description = "generate: Darcy samples at 64^2 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--particles",
            defaultValue = "32",
            paramLabel = "J",
            description = "Ensemble members of the forward runs (default: ${DEFAULT-VALUE}).")
    int particles;

    @Option(
            names = "--files",
            defaultValue = "4",
            paramLabel = "F",
            description = "Measurement files of the EKI batch (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(
            names = "--nodes",
            defaultValue = "16",
            paramLabel = "K",
            description = "Estimate: cluster nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--cores-per-node",
            defaultValue = "16",
            paramLabel = "C",
            description = "Estimate: task slots per node (default: ${DEFAULT-VALUE}).")
    int coresPerNode;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        if (slots < 1
                || repetitions < 1
                || samples < 1
                || particles < 1
                || files < 1
                || nodes < 1
                || coresPerNode < 1) {
            throw new IllegalArgumentException("every count must be at least 1");
        }
        out = spec.commandLine().getOut();
        String master = "local[" + slots + "]";
        Path work = Files.createTempDirectory("pdeflow-bench-spark");
        long t0 = System.nanoTime();
        try (SparkJobs spark = SparkJobs.keepOpen(master)) {
            double startup = (System.nanoTime() - t0) * 1e-9;
            out.printf(
                    Locale.ROOT,
                    "Spark %s started in %.2f s (once per command; not in the figures below)%n%n",
                    master,
                    startup);
            out.printf(
                    Locale.ROOT, "%-44s %12s %12s %7s %14s%n", "case", "local s", "spark s", "ratio", "overhead/task");

            double noop = median(() -> spark.map("noop", units(4 * slots * 8), i -> i, null));
            double perTask = noop * slots / (4 * slots * 8);
            row("empty tasks (" + 4 * slots * 8 + ")", 0, noop, 4 * slots * 8);

            double[] gen = generate(work, master, 64, samples);
            int shards = shardCount(samples, slots);
            row("generate darcy " + samples + " x 64^2 (" + shards + " shards)", gen[0], gen[1], shards);
            int n128 = Math.max(4, slots * 2);
            Path file128 = work.resolve("g128.h5");
            String[] args128 = {
                "generate",
                "darcy",
                "--samples",
                Integer.toString(n128),
                "--resolution",
                "128",
                "--out",
                file128.toString()
            };
            DatasetGenerator.Result at128 = CommandReplay.parse(args128, GenerateCommand.class)
                    .generator()
                    .generate(file128, new DatasetGenerator.Options(slots, false, true), null);
            double perSample128 = at128.seconds() * slots / n128;
            double assembly128 = at128.assemblySeconds() / n128;

            double[] forward = forward(spark);
            row("Darcy forward 64^2, " + particles + " particles", forward[0], forward[1], particles);

            double[] batch = batch(work, master);
            row("solve eki darcy-inverse 64^2, " + files + " files", batch[0], batch[1], files);
            double perSolve = batch[0] * slots / files;

            int cluster = nodes * coresPerNode;
            out.printf(
                    Locale.ROOT,
                    "%nratio = spark / local wall time on %d slots; overhead/task = (spark - local) x "
                            + "slots / tasks; medians of %d runs after 1 warm-up%n",
                    slots,
                    repetitions);
            out.printf(
                    Locale.ROOT,
                    "bare Spark task: %.2f ms of slot time; Darcy 128^2 sample: %.1f ms of slot time + %.2f ms of the "
                            + "driver's assembly; EKI solve (64^2, 8 particles): %.2f s of slot time%n",
                    perTask * 1e3,
                    perSample128 * 1e3,
                    assembly128 * 1e3,
                    perSolve);
            double tasks = Math.ceil(50_000.0 / 64);
            double genCluster = (50_000 * perSample128 + tasks * perTask) / cluster;
            out.printf(
                    Locale.ROOT,
                    "estimate, %d nodes x %d slots: 50,000 Darcy 128^2 samples: %.0f s of tasks (%d shards of 64) + "
                            + "%.0f s of assembly on the driver; 1,000 Darcy EKI solves: %.0f s%n",
                    nodes,
                    coresPerNode,
                    genCluster,
                    (int) tasks,
                    50_000 * assembly128,
                    (1000 * perSolve + 1000 * perTask) / cluster);
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private void row(String name, double local, double spark, int tasks) {
        out.printf(
                Locale.ROOT,
                "%-44s %12s %12.3f %7s %11.2f ms%n",
                name,
                local > 0 ? String.format(Locale.ROOT, "%.3f", local) : "-",
                spark,
                local > 0 ? String.format(Locale.ROOT, "%.2f", spark / local) : "-",
                (spark - local) * slots / tasks * 1e3);
        out.flush();
    }

    /** {local, spark} median seconds of generate darcy at s^2. */
    private double[] generate(Path work, String master, int s, int n) throws Exception {
        Step[] steps = new Step[2];
        for (int k = 0; k < 2; k++) {
            Path file = work.resolve("g.h5");
            List<String> args = new ArrayList<>(List.of(
                    "generate",
                    "darcy",
                    "--samples",
                    Integer.toString(n),
                    "--resolution",
                    Integer.toString(s),
                    "--out",
                    file.toString(),
                    "--force"));
            args.addAll(k == 0 ? List.of("--threads", Integer.toString(slots)) : List.of("--spark", master));
            steps[k] = () -> run(args);
        }
        return medians(steps[0], steps[1]);
    }

    /** The number of shards generate makes for n samples on this many workers (as DatasetGenerator chooses). */
    private static int shardCount(int n, int workers) {
        int k = Math.max(1, Math.min(64, (n + 4 * workers - 1) / (4 * workers)));
        return (n + k - 1) / k;
    }

    /** {local, spark} median seconds of one ensemble of Darcy forward runs. */
    private double[] forward(SparkJobs spark) throws Exception {
        DistributedForwardModel.Recipe recipe = SparkBenchCommand::darcyForward;
        ForwardModel model = recipe.build();
        double[][] xs = new double[particles][];
        for (int j = 0; j < particles; j++) {
            double[] x = new double[model.unknowns().size()];
            Arrays.fill(x, Math.log(3 + 9 * j / (double) particles));
            xs[j] = x;
        }
        ForwardModel local = new DistributedForwardModel(model, recipe, new LocalJobs(slots));
        ForwardModel onSpark = new DistributedForwardModel(model, recipe, spark);
        return medians(() -> local.applyBatch(xs), () -> onSpark.applyBatch(xs));
    }

    private static ForwardModel darcyForward() {
        return Problems.get("darcy-inverse")
                .synthetic(new ProblemSettings(64, 1e-3, 1e-3, 123, 1, 0))
                .forward();
    }

    /** {local, spark} median seconds of a batch of EKI solves. */
    private double[] batch(Path work, String master) throws Exception {
        Path wells = Files.createDirectories(work.resolve("wells"));
        for (int f = 0; f < files; f++) {
            darcyReadings(wells.resolve("well-" + f + ".csv"), 64, 123, 100 + f);
        }
        Step[] steps = new Step[2];
        for (int k = 0; k < 2; k++) {
            List<String> args = new ArrayList<>(List.of(
                    "solve",
                    "--problem",
                    "darcy-inverse",
                    "--method",
                    "eki",
                    "--samples",
                    "8",
                    "--observations",
                    wells.toString(),
                    "--resolution",
                    "64",
                    "--out",
                    work.resolve("solved").toString()));
            args.addAll(k == 0 ? List.of("--parallel", Integer.toString(slots)) : List.of("--spark", master));
            steps[k] = () -> run(args);
        }
        return medians(steps[0], steps[1]);
    }

    /**
     * Writes the readings of u of a synthetic darcy-inverse instance (noise and sigma 1e-3) as a measurement file.
     *
     * @param file the CSV file
     * @param s grid points per axis
     * @param points number of readings
     * @param seed the instance's seed
     * @return the instance (its truth is log a)
     */
    static InverseProblem darcyReadings(Path file, int s, int points, long seed) throws IOException {
        InverseProblem p = Problems.get("darcy-inverse").synthetic(new ProblemSettings(s, 1e-3, 1e-3, points, 1, seed));
        PointSampling places = (PointSampling) ((DarcyForwardModel) p.forward()).observation();
        double[] v = p.observations().values();
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            readings.add(Reading.steady(places.x()[i], places.y()[i], v[i], 1e-3, "u"));
        }
        MeasurementWriter.write(file, new Measurements(file, readings));
        return p;
    }

    private static List<Integer> units(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static void run(List<String> args) {
        StringWriter err = new StringWriter();
        int code =
                Pdeflow.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + err);
        }
    }

    /** A timed step. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private double median(Step step) throws Exception {
        return medians(step, () -> {})[0];
    }

    /**
     * Median seconds of two steps, timed in turns (a, b, a, b, ...) after one warm-up of each, so that the JIT's
     * progress and the machine's load drift hit both alike.
     */
    private double[] medians(Step a, Step b) throws Exception {
        a.run();
        b.run();
        double[][] s = new double[2][repetitions];
        Step[] steps = {a, b};
        for (int r = 0; r < repetitions; r++) {
            for (int k = 0; k < 2; k++) {
                long t0 = System.nanoTime();
                steps[k].run();
                s[k][r] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            Arrays.sort(s[k]);
            out[k] = repetitions % 2 == 1
                    ? s[k][repetitions / 2]
                    : 0.5 * (s[k][repetitions / 2 - 1] + s[k][repetitions / 2]);
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
