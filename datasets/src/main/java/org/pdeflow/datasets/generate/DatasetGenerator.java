package org.pdeflow.datasets.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.pdeflow.datasets.hdf5.DatasetLayout;
import org.pdeflow.datasets.hdf5.Hdf5DatasetWriter;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.datasets.hdf5.StreamedArray;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.pde.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a dataset file of N independent samples of a {@link SampleProblem}, in parallel, with
 * bounded memory, reproducibly from a seed, and safely against interruption.
 *
 * <p><b>Reproducibility.</b> Sample i is drawn with its own generator from {@link SampleStreams}
 * (the i-th split of {@code SplittableRandom(seed)}) and solved by a per-thread solver that keeps no
 * state between samples, so every value, and the bytes of the file, are the same for any thread
 * count.
 *
 * <p><b>Work in shards, then one assembly.</b> jHDF writes an HDF5 file in one go when it is
 * closed, so samples are first written in shards of k consecutive samples, one {@code .npy} file
 * per field and shard, in a folder {@code <out>.partial/} next to the output that also holds a manifest
 * of the generating parameters and a file {@code INCOMPLETE} explaining what the folder is. Each
 * shard file is written atomically, and a shard counts as done when all its field files exist.
 * When all shards are done the HDF5 file is assembled by streaming the shards into it one sample
 * at a time ({@link StreamedArray}), first to {@code <out>.partial/assembling.h5}, which is then
 * renamed onto {@code <out>} in one atomic step; only then is the partial folder deleted. So a
 * killed run leaves either no output or the partial folder, never a truncated output file, and a
 * run with {@code resume} set skips the finished shards (after checking that the manifest matches
 * this run's parameters).
 *
 * <p><b>Memory.</b> At most 2 x threads shards are queued, of which one per thread is being
 * generated; a shard holds at most about 8 MiB of samples (and at most 64 samples). Assembly holds one
 * shard of one field.
 */
public final class DatasetGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetGenerator.class);

    /** Suffix of the work folder next to the output. */
    public static final String PARTIAL_SUFFIX = ".partial";
    /** Name of the marker file in the work folder. */
    public static final String MARKER = "INCOMPLETE";

    static final String MANIFEST = "manifest.txt";
    static final String ASSEMBLING = "assembling.h5";
    private static final String MANIFEST_FORMAT = "pdeflow-generate-partial 1";
    private static final String SHARD_SIZE = "shard_size";
    private static final long SHARD_BYTES = 8L << 20;
    private static final int MAX_SHARD = 64;

    /**
     * How to run.
     *
     * @param threads worker threads, &gt;= 1
     * @param resume continue an interrupted run from its partial folder
     * @param force overwrite an existing output and discard any partial folder
     */
    public record Options(int threads, boolean resume, boolean force) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
            }
        }
    }

    /**
     * What a run did.
     *
     * @param file the dataset file written
     * @param samples N
     * @param generated samples computed by this run
     * @param reused samples taken from shards of an earlier, interrupted run
     * @param seconds wall time of the sample generation (without assembly)
     * @param assemblySeconds wall time of writing the HDF5 file
     */
    public record Result(Path file, int samples, int generated, int reused, double seconds, double assemblySeconds) {}

    /**
     * Computes the shards a run still needs somewhere other than this JVM's threads (a cluster): each shard is written
     * with {@link #writeShard} into the partial folder, which must be a path the workers can write and the caller
     * can read. The caller assembles the file afterwards exactly as the local path does.
     */
    @FunctionalInterface
    public interface ShardRunner {
        /**
         * Writes the given shards; returns only when every one of them is complete.
         *
         * @param partial the work folder, absolute
         * @param shardSize samples per shard (the last shard may have fewer)
         * @param shards the indices of the shards to write, ascending
         * @throws IOException when a shard cannot be written; any other failure as an unchecked exception
         */
        void run(Path partial, int shardSize, int[] shards) throws IOException;
    }

    private final SampleProblem problem;
    private final int samples;
    private final long seed;
    private final Precision precision;
    private final String softwareVersion;
    private final List<DatasetField> fields;

    /**
     * @param problem what to sample
     * @param samples N &gt;= 1
     * @param seed the seed all samples derive from
     * @param precision element type of the fields in the file (shards are always float64)
     * @param softwareVersion stored as the root attribute {@value DatasetLayout#SOFTWARE_VERSION}
     */
    public DatasetGenerator(
            SampleProblem problem, int samples, long seed, Precision precision, String softwareVersion) {
        if (problem == null || precision == null || softwareVersion == null) {
            throw new IllegalArgumentException("problem, precision and software version are required");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("sample count must be at least 1, got " + samples);
        }
        this.problem = problem;
        this.samples = samples;
        this.seed = seed;
        this.precision = precision;
        this.softwareVersion = softwareVersion;
        this.fields = problem.fields();
    }

    /** The work folder of an output file: {@code <out>.partial} next to it. */
    public static Path partialFolder(Path out) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + PARTIAL_SUFFIX);
    }

    /**
     * Runs the generation.
     *
     * @param out the dataset file to write
     * @param options threads, resume, force
     * @param progress told (samples done, N) as samples finish; calls are serialised
     * @return what was done
     * @throws IllegalArgumentException when the output exists (without force), when a partial
     *     folder exists without resume or force, or when it was made with other parameters
     * @throws IOException on a write error
     * @throws RuntimeException the first failure of a sample (the partial folder is kept)
     */
    public Result generate(Path out, Options options, ProgressListener progress) throws IOException {
        return generate(out, options, progress, null);
    }

    /**
     * Runs the generation with the shards computed by {@code runner} (null: this JVM's threads), for instance as
     * the tasks of a cluster; {@code options.threads()} is then the number of workers the shard size is chosen for.
     * Checks, resuming, the partial folder and the assembly are those of the local path, so the file is the same.
     *
     * @param out the dataset file to write
     * @param options workers, resume, force
     * @param progress told (samples done, N) once after resuming and, with a runner, once at the end
     * @param runner computes the missing shards, or null for the local threads
     * @return what was done
     * @throws IOException on a write error
     */
    public Result generate(Path out, Options options, ProgressListener progress, ShardRunner runner)
            throws IOException {
        Path target = out.toAbsolutePath();
        Path partial = partialFolder(target);
        Integer resumedShardSize = checkCanStart(out, options);
        int shardSize;
        if (resumedShardSize != null) {
            shardSize = resumedShardSize;
        } else {
            if (options.force()) {
                deleteRecursively(partial);
            } else if (options.resume()) {
                LOG.info("nothing to resume for {}: starting a new generation", out);
            }
            shardSize = chooseShardSize(options.threads());
        }
        Files.createDirectories(partial);
        writeMarker(partial, out);
        Map<String, String> manifest = manifest(shardSize);
        AtomicOutput.write(
                partial.resolve(MANIFEST), o -> o.write(format(manifest).getBytes(StandardCharsets.UTF_8)));
        removeLeftovers(partial);

        long t0 = System.nanoTime();
        int[] counts = runner == null
                ? generateShards(partial, shardSize, options.threads(), progress)
                : runShards(partial, shardSize, runner, progress);
        double seconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        assemble(target, partial, shardSize);
        deleteRecursively(partial);
        double assembly = (System.nanoTime() - t1) / 1e9;
        return new Result(target, samples, counts[0], counts[1], seconds, assembly);
    }

    /**
     * Checks, without changing anything, that {@link #generate} may start: the output does not
     * exist (or {@code force}), and a partial folder from an earlier run is absent, or is to be
     * discarded ({@code force}), or matches this run's parameters ({@code resume}).
     *
     * @param out the dataset file
     * @param options the run options
     * @return the shard size of the partial folder to resume, or null when starting afresh
     * @throws IllegalArgumentException when the run may not start, saying which option is needed
     * @throws IOException when the partial folder's manifest cannot be read
     */
    public Integer checkCanStart(Path out, Options options) throws IOException {
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(out + " is a folder; give a file name");
        }
        if (Files.exists(target) && !options.force()) {
            throw new IllegalArgumentException(out + " exists; pass --force to overwrite it");
        }
        Path partial = partialFolder(target);
        if (!Files.exists(partial) || options.force()) {
            return null;
        }
        if (!options.resume()) {
            throw new IllegalArgumentException("an interrupted generation of " + out + " is in " + partial
                    + "; pass --resume to continue it or --force to start over");
        }
        return checkResumable(partial, manifest(0));
    }

    private int chooseShardSize(int threads) {
        long bytes = 0;
        for (DatasetField f : fields) {
            bytes += 8L * f.size();
        }
        long byMemory = Math.max(1, SHARD_BYTES / Math.max(1, bytes));
        // Enough shards that every thread has several to work on.
        long byBalance = Math.max(1, (samples + 4L * threads - 1) / (4L * threads));
        return (int) Math.min(MAX_SHARD, Math.min(byMemory, byBalance));
    }

    /** Returns {generated, reused}. */
    private int[] generateShards(Path partial, int k, int threads, ProgressListener progress) throws IOException {
        int shards = (samples + k - 1) / k;
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        Object lock = new Object();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int reused = 0;
        for (int b = 0; b < shards; b++) {
            if (complete(partial, b)) {
                reused += Math.min(k, samples - b * k);
            }
        }
        if (reused > 0) {
            LOG.info("resuming: {} of {} samples are already done", reused, samples);
        }
        done.set(reused);
        synchronized (lock) {
            listener.progress(reused, samples);
        }
        ThreadLocal<SampleProblem.Solver> solvers = ThreadLocal.withInitial(problem::newSolver);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "generate-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(2 * threads);
        SampleStreams streams = new SampleStreams(seed);
        try {
            for (int b = 0; b < shards && failure.get() == null; b++) {
                int from = b * k;
                int count = Math.min(k, samples - from);
                // Generators are split off in sample order here, whatever is skipped or run where.
                RandomGenerator[] generators = new RandomGenerator[count];
                for (int j = 0; j < count; j++) {
                    generators[j] = streams.next();
                }
                if (complete(partial, b)) {
                    continue;
                }
                slots.acquire();
                int shard = b;
                pool.execute(() -> {
                    try {
                        if (failure.get() == null) {
                            runShard(partial, shard, from, generators, solvers.get(), () -> {
                                synchronized (lock) {
                                    listener.progress(done.incrementAndGet(), samples);
                                }
                            });
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    } finally {
                        slots.release();
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting; workers stop on their own after a failure
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted; finished shards are kept in " + partial, e);
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("sample generation failed", t);
        }
        return new int[] {samples - reused, reused};
    }

    /** Returns {generated, reused} of a run whose shards a {@link ShardRunner} computes. */
    private int[] runShards(Path partial, int k, ShardRunner runner, ProgressListener progress) throws IOException {
        int shards = (samples + k - 1) / k;
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        int reused = 0;
        List<Integer> missing = new ArrayList<>();
        for (int b = 0; b < shards; b++) {
            if (complete(partial, b)) {
                reused += Math.min(k, samples - b * k);
            } else {
                missing.add(b);
            }
        }
        if (reused > 0) {
            LOG.info("resuming: {} of {} samples are already done", reused, samples);
        }
        listener.progress(reused, samples);
        runner.run(partial, k, missing.stream().mapToInt(Integer::intValue).toArray());
        for (int b : missing) {
            if (!complete(partial, b)) {
                throw new IOException("shard " + b + " is missing from " + partial + " after its task finished: "
                        + "is the folder on a file system that every worker and this process share?");
            }
        }
        listener.progress(samples, samples);
        return new int[] {samples - reused, reused};
    }

    /**
     * Computes and writes one shard of this dataset into a partial folder, as the local threads do: the same
     * per-sample random streams (sample i's is the (i+1)-th split of the seed's generator), the same checks and
     * the same shard files. A cluster task calls this for its shard ({@link ShardRunner}).
     *
     * @param partial the work folder (it exists)
     * @param shard the shard index
     * @param shardSize samples per shard
     * @param solver a solver of this generator's problem, used by one thread
     * @throws RuntimeException when a sample fails (the shard is not written)
     */
    public void writeShard(Path partial, int shard, int shardSize, SampleProblem.Solver solver) {
        int from = shard * shardSize;
        if (shard < 0 || shardSize < 1 || from >= samples) {
            throw new IllegalArgumentException(
                    "no shard " + shard + " of size " + shardSize + " in " + samples + " samples");
        }
        int count = Math.min(shardSize, samples - from);
        SampleStreams streams = new SampleStreams(seed);
        for (int i = 0; i < from; i++) {
            streams.next();
        }
        RandomGenerator[] generators = new RandomGenerator[count];
        for (int j = 0; j < count; j++) {
            generators[j] = streams.next();
        }
        runShard(partial, shard, from, generators, solver, () -> {});
    }

    /** The problem this generator samples. */
    public SampleProblem problem() {
        return problem;
    }

    private void runShard(
            Path partial,
            int shard,
            int from,
            RandomGenerator[] generators,
            SampleProblem.Solver solver,
            Runnable sampleDone) {
        int count = generators.length;
        double[][] buffers = new double[fields.size()][];
        double[][] sample = new double[fields.size()][];
        for (int f = 0; f < fields.size(); f++) {
            buffers[f] = new double[count * fields.get(f).size()];
            sample[f] = new double[fields.get(f).size()];
        }
        for (int j = 0; j < count; j++) {
            solver.solve(generators[j], sample);
            for (int f = 0; f < fields.size(); f++) {
                double[] v = sample[f];
                for (int q = 0; q < v.length; q++) {
                    if (!Double.isFinite(v[q])) {
                        throw new IllegalStateException("sample " + (from + j) + ": field '"
                                + fields.get(f).name() + "' has the non-finite value " + v[q] + " at index " + q
                                + " (the solver diverged)");
                    }
                }
                System.arraycopy(v, 0, buffers[f], j * v.length, v.length);
            }
            sampleDone.run();
        }
        try {
            for (int f = 0; f < fields.size(); f++) {
                int[] shape = fields.get(f).shape();
                int[] full = new int[shape.length + 1];
                full[0] = count;
                System.arraycopy(shape, 0, full, 1, shape.length);
                Npy.write(shardFile(partial, shard, fields.get(f).name()), new NdArray(full, buffers[f]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean complete(Path partial, int shard) {
        for (DatasetField f : fields) {
            if (!Files.isRegularFile(shardFile(partial, shard, f.name()))) {
                return false;
            }
        }
        return true;
    }

    static Path shardFile(Path partial, int shard, String field) {
        return partial.resolve(String.format(Locale.ROOT, "shard-%06d-%s.npy", shard, field));
    }

    private void assemble(Path target, Path partial, int k) throws IOException {
        Hdf5DatasetWriter writer = new Hdf5DatasetWriter(samples);
        writer.attribute(DatasetLayout.SOFTWARE_VERSION, softwareVersion);
        writer.attribute("preset", problem.preset());
        writer.attribute("seed", seed);
        writer.attribute("random_streams", "sample i uses the (i+1)-th split() of java.util.SplittableRandom(seed)");
        for (Map.Entry<String, Object> p : problem.parameters().entrySet()) {
            writer.attribute(p.getKey(), p.getValue());
        }
        for (Coordinate c : problem.coordinates()) {
            writer.coordinate(c.name(), c.values(), c.description());
        }
        for (DatasetField f : fields) {
            writer.field(f.name(), f.shape(), f.axes(), f.description(), precision, new ShardSlabs(partial, f, k));
        }
        writer.write(target, partial.resolve(ASSEMBLING));
    }

    /** Feeds a field's samples from its shard files, one shard in memory at a time. */
    private final class ShardSlabs implements StreamedArray.SlabSource {
        private final Path partial;
        private final DatasetField field;
        private final int k;
        private int loaded = -1;
        private double[] data;

        ShardSlabs(Path partial, DatasetField field, int k) {
            this.partial = partial;
            this.field = field;
            this.k = k;
        }

        @Override
        public void fill(int index, double[] slab) {
            int shard = index / k;
            if (shard != loaded) {
                Path file = shardFile(partial, shard, field.name());
                NdArray a = Npy.read(file);
                int count = Math.min(k, samples - shard * k);
                int[] expected = new int[field.shape().length + 1];
                expected[0] = count;
                System.arraycopy(field.shape(), 0, expected, 1, field.shape().length);
                if (!Arrays.equals(a.shape(), expected)) {
                    throw new InputException(
                            file,
                            "shard has shape " + a.shapeString() + ", expected " + Arrays.toString(expected)
                                    + "; delete the partial folder and generate again");
                }
                data = a.data();
                loaded = shard;
            }
            System.arraycopy(data, (index - shard * k) * slab.length, slab, 0, slab.length);
        }
    }

    /** The manifest: everything that determines the samples, plus the shard size. */
    private Map<String, String> manifest(int shardSize) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("manifest", MANIFEST_FORMAT);
        m.put("preset", problem.preset());
        m.put("samples", Integer.toString(samples));
        m.put("seed", Long.toString(seed));
        m.put("dtype", precision.dtype());
        m.put(DatasetLayout.SOFTWARE_VERSION, softwareVersion);
        for (DatasetField f : fields) {
            m.put("field." + f.name(), f.shapeText() + " axes " + String.join(",", f.axes()));
        }
        for (Map.Entry<String, Object> p : problem.parameters().entrySet()) {
            Object v = p.getValue();
            m.put("param." + p.getKey(), v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v));
        }
        m.put(SHARD_SIZE, Integer.toString(shardSize));
        return m;
    }

    private int checkResumable(Path partial, Map<String, String> wanted) throws IOException {
        Path file = partial.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(partial + " has no " + MANIFEST + "; pass --force to start over");
        }
        Map<String, String> found = parse(Files.readString(file, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (e.getKey().equals(SHARD_SIZE)) {
                continue;
            }
            String have = found.get(e.getKey());
            if (!e.getValue().equals(have)) {
                throw new IllegalArgumentException("cannot resume " + partial + ": it was made with " + e.getKey()
                        + " = " + have + ", this run has " + e.getValue()
                        + "; rerun with the same options, or pass --force to start over");
            }
        }
        for (String key : found.keySet()) {
            if (!key.equals(SHARD_SIZE) && !wanted.containsKey(key)) {
                throw new IllegalArgumentException("cannot resume " + partial + ": it has parameter " + key
                        + " that this run does not; pass --force to start over");
            }
        }
        try {
            int k = Integer.parseInt(found.getOrDefault(SHARD_SIZE, ""));
            if (k < 1) {
                throw new NumberFormatException();
            }
            return k;
        } catch (NumberFormatException e) {
            throw new InputException(
                    file, "bad " + SHARD_SIZE + " '" + found.get(SHARD_SIZE) + "'; pass --force to start over");
        }
    }

    private static String format(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            sb.append(e.getKey())
                    .append('=')
                    .append(e.getValue().replace('\n', ' ').replace('\r', ' '))
                    .append('\n');
        }
        return sb.toString();
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    private static void writeMarker(Path partial, Path out) throws IOException {
        String text = "This folder holds an unfinished 'pdeflow generate' run for " + out.getFileName() + ".\n"
                + "Finished shards (shard-NNNNNN-<field>.npy) are kept; "
                + "rerun the same command with --resume to continue,\n"
                + "or with --force to start over. The dataset file appears only once every sample is done.\n";
        AtomicOutput.write(partial.resolve(MARKER), o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Deletes temporary files left by a killed run: half-written shards and a half-assembled file. */
    private static void removeLeftovers(Path partial) throws IOException {
        Files.deleteIfExists(partial.resolve(ASSEMBLING));
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(partial, ".*.part")) {
            for (Path p : dir) {
                stale.add(p);
            }
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
