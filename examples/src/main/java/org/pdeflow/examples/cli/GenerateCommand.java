package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.generate.DarcyProblem;
import org.pdeflow.datasets.generate.DatasetGenerator;
import org.pdeflow.datasets.generate.LayeredWaveProblem;
import org.pdeflow.datasets.generate.NavierStokesProblem;
import org.pdeflow.datasets.generate.SampleProblem;
import org.pdeflow.datasets.generate.SourceProblem;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.examples.spark.SparkFailure;
import org.pdeflow.examples.spark.SparkJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pdeflow generate}: datasets of paired random inputs and PDE solutions, as HDF5 files. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate N samples of paired fields (input a, solution u) into one HDF5 file.",
            "The file is laid out as in docs/dataset-format.md: /a [N,...], /u [N,...], coordinate",
            "datasets, and every generating parameter as an attribute. Each sample",
            "depends only on (--seed, index), so the file is byte-identical for any",
            "--threads. Work is kept in <out>.partial/ until the end; continue a killed",
            "run with --resume. x is the first array axis. --spark MASTER computes the",
            "shards as Spark tasks (docs/spark.md): the same file, byte for byte.",
            "",
            "Presets:",
            "  darcy      -div(a grad u) = 1 on [0,1]^2, u = 0 on the boundary; a in",
            "             {12, 3} by thresholding a GRF (-Lap + 9)^-2 (FNO, Li et al.",
            "             2021); s x s nodes. a, u: [s, s].",
            "  poisson    -Lap u = a on [0,1]^2, u = 0 on the boundary; a a zero-mean",
            "             GRF 9 (-Lap + 9)^-2 on the nodes (DiffusionPDE). a, u: [s, s].",
            "  helmholtz  -Lap u + u = a, otherwise as poisson.",
            "  ns         vorticity Navier-Stokes, periodic. --variant inversebench:",
            "             f = -4cos(4y), Re 200, L = 2 pi; a = omega after --burn-in of a",
            "             GRF start (FNO NS prior); u = omega at --snapshots equal steps",
            "             up to --horizon later. --variant li2021: f = 0.1(sin + cos)",
            "             (2 pi(x+y)), nu 1e-3, L = 1; a = GRF omega0; u = omega at",
            "             t = 1..horizon. a: [s, s]; u: [K, s, s].",
            "  wave       shot gathers over random layered media (--layers, --velocities,",
            "             increasing with depth = second axis), --spacing, Ricker",
            "             --frequency shot mid-surface, s receivers along the surface,",
            "             absorbing sponge. a = velocity [s, s]; u = traces [s, K].",
            ""
        })
final class GenerateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    /** Options that only some presets read: option, the presets it applies to. */
    private static final String[][] PRESET_OPTIONS = {
        {"--variant", "ns"}, {"--horizon", "ns"}, {"--burn-in", "ns inversebench"}, {"--snapshots", "ns inversebench"},
        {"--spacing", "wave"}, {"--frequency", "wave"}, {"--layers", "wave"}, {"--velocities", "wave"},
    };

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PRESET", description = "darcy, poisson, helmholtz, ns or wave.")
    String preset;

    @Option(names = "--samples", required = true, paramLabel = "N", description = "Number of samples.")
    int samples;

    @Option(
            names = "--resolution",
            defaultValue = "64",
            paramLabel = "S",
            description = "Grid points per axis (default: ${DEFAULT-VALUE}; even for ns).")
    int resolution;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "K",
            description = "Seed of all random draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "data.h5",
            description = "The dataset file (HDF5: .h5 or .hdf5).")
    Path out;

    @Option(names = "--threads", paramLabel = "T", description = "Samples computed at once (default: all processors).")
    Integer threads;

    @Option(
            names = "--resume",
            description = "Continue an interrupted run from <out>.partial/ (same options required).")
    boolean resume;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Compute the shards as Spark tasks on this master (local[*], spark://host:7077, ...); "
                    + "<out> must be on a file system every executor shares (docs/spark.md).")
    String spark;

    @Option(names = "--force", description = "Overwrite an existing <out> and discard any <out>.partial/.")
    boolean force;

    @Option(names = "--float32", description = "Store the fields as float32 instead of float64.")
    boolean float32;

    @Option(
            names = "--variant",
            defaultValue = "inversebench",
            paramLabel = "NAME",
            description = "ns only: inversebench (default) or li2021.")
    String variant;

    @Option(
            names = "--burn-in",
            defaultValue = "5",
            paramLabel = "T0",
            description =
                    "ns inversebench: time the GRF start evolves before a is taken (default: ${DEFAULT-VALUE}, as "
                            + "InverseBench's data: Re200.0-t5.0).")
    double burnIn;

    @Option(
            names = "--horizon",
            paramLabel = "T",
            description = "ns: time of the last snapshot after a (default: 1 for inversebench, 10 for li2021).")
    Double horizon;

    @Option(
            names = "--snapshots",
            defaultValue = "1",
            paramLabel = "K",
            description = "ns inversebench: number of equally spaced snapshots up to the horizon (default: "
                    + "${DEFAULT-VALUE}).")
    int snapshots;

    @Option(
            names = "--spacing",
            defaultValue = "10",
            paramLabel = "H",
            description = "wave: grid spacing, m (default: ${DEFAULT-VALUE}).")
    double spacing;

    @Option(
            names = "--frequency",
            defaultValue = "10",
            paramLabel = "HZ",
            description = "wave: Ricker peak frequency (default: ${DEFAULT-VALUE}).")
    double frequency;

    @Option(
            names = "--layers",
            defaultValue = "2-5",
            paramLabel = "MIN-MAX",
            description = "wave: range of the layer count (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(
            names = "--velocities",
            defaultValue = "1500-4500",
            paramLabel = "MIN-MAX",
            description = "wave: range of the layer velocities, m/s (default: ${DEFAULT-VALUE}).")
    String velocities;

    @Override
    public Integer call() throws Exception {
        // jHDF reports every object it writes at INFO and warns that writing is "alpha"; keep the console for our
        // messages.
        if (System.getProperty("org.slf4j.simpleLogger.log.io.jhdf") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.io.jhdf", "error");
        }
        FieldFiles.checkWritable(out, "--out");
        String name =
                out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".h5") && !name.endsWith(".hdf5")) {
            throw new IllegalArgumentException("--out " + out + ": generate writes HDF5; name the file *.h5 or *.hdf5");
        }
        refuseOptionsOfOtherPresets();
        if (samples < 1) {
            throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        }
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + nThreads);
        }
        if (spark != null && threads != null) {
            throw new IllegalArgumentException(
                    "--threads sets the local threads; with --spark the cluster's task slots run the shards");
        }
        DatasetGenerator generator = generator();
        DatasetGenerator.Options options = new DatasetGenerator.Options(nThreads, resume, force);
        generator.checkCanStart(out, options);
        if (spark != null) {
            return generateOnSpark(generator);
        }
        LOG.info(
                "generating {} {} samples at {}x{} (seed {}) on {} thread(s) into {}",
                samples,
                preset,
                resolution,
                resolution,
                seed,
                nThreads,
                out);
        DatasetGenerator.Result result;
        try (ProgressBars bar = ProgressBars.start("generate " + preset, samples, "samples")) {
            result = generator.generate(out, options, bar);
        } catch (IOException | RuntimeException e) {
            Path partial = DatasetGenerator.partialFolder(out);
            if (!(e instanceof IllegalArgumentException) && Files.isDirectory(partial)) {
                LOG.error(
                        "generation stopped; finished samples are kept in {}: rerun with --resume to continue",
                        partial);
            }
            throw e;
        }
        double rate = result.generated() / Math.max(result.seconds(), 1e-9);
        LOG.info(
                "{} samples generated in {} s ({} samples/s on {} thread(s)){}; file assembled in {} s",
                result.generated(),
                SimulateNsCommand.fmt(result.seconds()),
                SimulateNsCommand.fmt(rate),
                nThreads,
                result.reused() > 0 ? ", " + result.reused() + " reused from the interrupted run" : "",
                SimulateNsCommand.fmt(result.assemblySeconds()));
        LOG.info("wrote {} ({} bytes)", out, Files.size(out));
        return 0;
    }

    /** The generator of the dataset these options describe (the Spark tasks rebuild it from the same arguments). */
    DatasetGenerator generator() {
        String version = Pdeflow.class.getPackage().getImplementationVersion();
        return new DatasetGenerator(
                problem(),
                samples,
                seed,
                float32 ? Precision.FLOAT32 : Precision.FLOAT64,
                version == null ? "development build" : version);
    }

    /** The shards as Spark tasks, one per shard; the driver checks, resumes and assembles as the local path does. */
    private Integer generateOnSpark(DatasetGenerator generator) throws IOException {
        String[] args = CommandReplay.argsOf(spec);
        try (SparkJobs jobs = SparkJobs.connect(spark, "pdeflow generate " + preset)) {
            DatasetGenerator.Options options = new DatasetGenerator.Options(jobs.parallelism(), resume, force);
            LOG.info(
                    "generating {} {} samples at {}x{} (seed {}) as Spark tasks on {} ({} slots) into {}",
                    samples,
                    preset,
                    resolution,
                    resolution,
                    seed,
                    spark,
                    jobs.parallelism(),
                    out);
            DatasetGenerator.Result result;
            try (ProgressBars bar = ProgressBars.start("generate " + preset, samples, "samples")) {
                result = generator.generate(out, options, bar, (partial, k, shards) -> {
                    List<Integer> units = Arrays.stream(shards).boxed().toList();
                    String folder = partial.toString();
                    int done = samples - units.size() * k;
                    jobs.map(
                            "generate " + preset,
                            units,
                            shard -> writeShard(args, folder, shard, k),
                            n -> bar.progress(Math.min(samples, Math.max(0, done) + (long) n * k), samples));
                });
            } catch (SparkFailure e) {
                LOG.error(
                        "generation stopped; finished shards are kept in {}: rerun with --resume to continue",
                        DatasetGenerator.partialFolder(out));
                throw e;
            }
            LOG.info(
                    "{} samples generated on Spark in {} s{}; file assembled in {} s",
                    result.generated(),
                    SimulateNsCommand.fmt(result.seconds()),
                    result.reused() > 0 ? ", " + result.reused() + " reused from the interrupted run" : "",
                    SimulateNsCommand.fmt(result.assemblySeconds()));
        }
        LOG.info("wrote {} ({} bytes)", out, Files.size(out));
        return 0;
    }

    /** A Spark task: rebuilds the generator from the command's arguments and writes one shard. */
    private static Integer writeShard(String[] args, String partial, int shard, int shardSize) {
        DatasetGenerator generator =
                CommandReplay.parse(args, GenerateCommand.class).generator();
        generator.writeShard(
                Path.of(partial), shard, shardSize, generator.problem().newSolver());
        return shard;
    }

    /** Refuses an option given on the command line that the chosen preset (and ns variant) does not read. */
    private void refuseOptionsOfOtherPresets() {
        if (!List.of("darcy", "poisson", "helmholtz", "ns", "wave").contains(preset)) {
            throw new IllegalArgumentException(
                    "unknown preset '" + preset + "'; use darcy, poisson, helmholtz, ns or wave");
        }
        var parsed = spec.commandLine().getParseResult();
        String chosen = "ns".equals(preset) ? "ns " + variant : preset;
        for (String[] rule : PRESET_OPTIONS) {
            if (parsed.hasMatchedOption(rule[0]) && !chosen.equals(rule[1]) && !chosen.startsWith(rule[1] + " ")) {
                throw new IllegalArgumentException(
                        rule[0] + " applies to the " + rule[1] + " preset only, not to " + chosen + "; drop it");
            }
        }
    }

    private SampleProblem problem() {
        return switch (preset) {
            case "darcy" -> new DarcyProblem(resolution);
            case "poisson" -> SourceProblem.poisson(resolution);
            case "helmholtz" -> SourceProblem.helmholtz(resolution);
            case "ns" ->
                switch (variant) {
                    case "inversebench" ->
                        NavierStokesProblem.inverseBench(
                                resolution, burnIn, horizon == null ? 1.0 : horizon, snapshots);
                    case "li2021" -> {
                        double t = horizon == null ? 10 : horizon;
                        if (t != Math.rint(t) || t < 1) {
                            throw new IllegalArgumentException(
                                    "--horizon must be a whole number >= 1 for li2021 (snapshots at t = 1, 2, ...), "
                                            + "got "
                                            + t);
                        }
                        yield NavierStokesProblem.li2021(resolution, (int) t);
                    }
                    default ->
                        throw new IllegalArgumentException(
                                "--variant must be inversebench or li2021, got '" + variant + "'");
                };
            case "wave" -> {
                double[] l = range(layers, "--layers");
                double[] v = range(velocities, "--velocities");
                if (l[0] != Math.rint(l[0]) || l[1] != Math.rint(l[1])) {
                    throw new IllegalArgumentException("--layers needs whole numbers, got '" + layers + "'");
                }
                yield new LayeredWaveProblem(resolution, spacing, frequency, (int) l[0], (int) l[1], v[0], v[1]);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown preset '" + preset + "'; use darcy, poisson, helmholtz, ns or wave");
        };
    }

    private static double[] range(String text, String option) {
        String[] parts = text.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException(option + " must look like MIN-MAX, got '" + text + "'");
        }
        try {
            return new double[] {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must look like MIN-MAX, got '" + text + "'");
        }
    }
}
