package org.pdeflow.inverse.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.DType;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;

/**
 * Any program as a black-box forward model: each evaluation writes the unknown fields as
 * {@code .npy} files into a fresh directory, runs a user command, and reads the predicted
 * measurements the program wrote as {@code .npy}. See {@code docs/external-forward-model.md} for a
 * worked example.
 *
 * <p><b>Protocol of one evaluation.</b>
 * <ol>
 *   <li>A new directory D is made (under the configured parent, default the system temp directory).</li>
 *   <li>Each unknown field is written to {@code D/<name>.npy}: float64, shape (nx, ny), C order
 *       (x along the first axis).</li>
 *   <li>The command runs with working directory D. Its arguments may contain the placeholders
 *       {@code {dir}} (D), {@code {output}} ({@code D/output.npy}), {@code {input}} (the single
 *       field's file; only with one unknown field) and {@code {<name>}} (the file of field
 *       {@code <name>}). A command with no placeholder gets the field files and then the output path
 *       appended as its last arguments. The same paths are in the environment variables
 *       {@code PDEFLOW_DIR}, {@code PDEFLOW_OUTPUT} and {@code PDEFLOW_INPUT_<NAME>} (name upper-cased).</li>
 *   <li>The program must exit with status 0 within the time limit, having written
 *       {@code D/output.npy}: a one-dimensional array of exactly m finite numbers (any dtype the
 *       datasets module reads: f4, f8, integers).</li>
 *   <li>D is deleted, whatever happened.</li>
 * </ol>
 * Standard output and error go to files in D; the last lines of standard error are quoted in errors.
 *
 * <p><b>Failures</b> raise {@link ForwardModelException} with a one-line message that names the
 * command and what happened: non-zero exit status, time limit exceeded (the process and all its
 * descendants are killed), missing output, unreadable output, wrong shape, non-finite values.
 *
 * <p><b>Ensembles.</b> {@link #applyBatch} runs at most {@code maxConcurrent} processes at once
 * ({@link BatchExecutor}); if one member fails the others are cancelled and their processes killed.
 * The model has no gradient.
 */
public final class ExternalForwardModel implements ForwardModel {

    private static final int STDERR_LINES = 8;
    private static final int STDERR_CHARS = 600;
    private static final String OUTPUT = "output.npy";

    private final List<String> command;
    private final Unknowns unknowns;
    private final int outputSize;
    private final Duration timeout;
    private final BatchExecutor executor;
    private final Path parent;
    private final Map<String, String> environment;

    private ExternalForwardModel(Builder b) {
        this.command = List.copyOf(b.command);
        this.unknowns = b.unknowns;
        this.outputSize = b.outputSize;
        this.timeout = b.timeout;
        this.executor = new BatchExecutor(b.maxConcurrent);
        this.parent = b.parent;
        this.environment = Map.copyOf(b.environment);
    }

    /**
     * Starts configuring a model.
     *
     * @param command the program and its arguments (no shell: use {@code sh -c "..."} explicitly if needed)
     * @param unknowns the fields written for the program
     * @param outputSize m, the length of the array the program must write
     * @return a builder with a 60 s time limit and one process per available processor
     */
    public static Builder builder(List<String> command, Unknowns unknowns, int outputSize) {
        return new Builder(command, unknowns, outputSize);
    }

    /** Configuration of an {@link ExternalForwardModel}. */
    public static final class Builder {
        private final List<String> command;
        private final Unknowns unknowns;
        private final int outputSize;
        private Duration timeout = Duration.ofSeconds(60);
        private int maxConcurrent = Runtime.getRuntime().availableProcessors();
        private Path parent;
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Builder(List<String> command, Unknowns unknowns, int outputSize) {
            if (command == null
                    || command.isEmpty()
                    || command.get(0) == null
                    || command.get(0).isBlank()) {
                throw new IllegalArgumentException("external forward model needs a command (program and arguments)");
            }
            for (String s : command) {
                if (s == null) {
                    throw new IllegalArgumentException("command arguments must not be null: " + command);
                }
            }
            if (unknowns == null) {
                throw new IllegalArgumentException("unknowns are required");
            }
            if (outputSize < 1) {
                throw new IllegalArgumentException("output size must be >= 1, got " + outputSize);
            }
            this.command = new ArrayList<>(command);
            this.unknowns = unknowns;
            this.outputSize = outputSize;
        }

        /** Time limit of one evaluation (default 60 s); the process tree is killed when it is exceeded. */
        public Builder timeout(Duration limit) {
            if (limit == null || limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("time limit must be positive, got " + limit);
            }
            this.timeout = limit;
            return this;
        }

        /** Most processes run at once by {@link ExternalForwardModel#applyBatch} (default: processors). */
        public Builder maxConcurrent(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("at least one concurrent process is needed, got " + processes);
            }
            this.maxConcurrent = processes;
            return this;
        }

        /** Where the per-evaluation directories are made (default: the system temp directory). */
        public Builder workDirectory(Path directory) {
            this.parent = directory;
            return this;
        }

        /** An extra environment variable for the program. */
        public Builder environment(String name, String value) {
            if (name == null || name.isBlank() || value == null) {
                throw new IllegalArgumentException("environment variable needs a name and a value");
            }
            environment.put(name, value);
            return this;
        }

        /** The model. */
        public ExternalForwardModel build() {
            return new ExternalForwardModel(this);
        }
    }

    /** The command as configured (with placeholders). */
    public List<String> command() {
        return command;
    }

    /** The time limit of one evaluation. */
    public Duration timeout() {
        return timeout;
    }

    /** Most processes run at once. */
    public int maxConcurrent() {
        return executor.maxConcurrency();
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return outputSize;
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        return executor.map(xs.length, i -> apply(xs[i]));
    }

    @Override
    public double[] apply(double[] x) {
        unknowns.requireLength(x, "input of the external forward model");
        Path dir;
        try {
            dir = parent == null
                    ? Files.createTempDirectory("pdeflow-eval-")
                    : Files.createTempDirectory(parent, "pdeflow-eval-");
        } catch (IOException e) {
            throw new ForwardModelException(name() + ": cannot create a work directory: " + e.getMessage(), e);
        }
        try {
            return evaluate(dir, x);
        } finally {
            deleteRecursively(dir);
        }
    }

    private double[] evaluate(Path dir, double[] x) {
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (FieldSpec f : unknowns.fields()) {
            Path file = dir.resolve(f.name() + ".npy");
            NdArray array = NdArray.of2d(f.grid().nx(), f.grid().ny(), unknowns.extract(x, f.name()));
            try {
                Npy.write(file, array, DType.FLOAT64);
            } catch (IOException e) {
                throw new ForwardModelException(name() + ": cannot write input " + file + ": " + e.getMessage(), e);
            }
            inputs.put(f.name(), file);
        }
        Path output = dir.resolve(OUTPUT);
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(arguments(dir, inputs, output))
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        pb.environment().putAll(environment);
        pb.environment().put("PDEFLOW_DIR", dir.toString());
        pb.environment().put("PDEFLOW_OUTPUT", output.toString());
        inputs.forEach((n, p) -> pb.environment().put("PDEFLOW_INPUT_" + n.toUpperCase(Locale.ROOT), p.toString()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ForwardModelException(name() + " could not be started: " + oneLine(e.getMessage()), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process);
                throw new ForwardModelException(
                        name() + " timed out after " + seconds(timeout) + " and was killed" + tail(stderr));
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new ForwardModelException(name() + " was cancelled (interrupted) and killed", e);
        }
        int status = process.exitValue();
        if (status != 0) {
            throw new ForwardModelException(name() + " exited with status " + status + tail(stderr));
        }
        if (!Files.isRegularFile(output)) {
            throw new ForwardModelException(name() + " exited normally but wrote no " + OUTPUT
                    + " (expected at {output} = " + output + ")" + tail(stderr));
        }
        NdArray result;
        try {
            result = Npy.read(output);
        } catch (InputException e) {
            throw new ForwardModelException(
                    name() + " wrote an unreadable " + OUTPUT + ": " + oneLine(e.getMessage()), e);
        }
        if (result.rank() != 1 || result.dim(0) != outputSize) {
            throw new ForwardModelException(name() + " wrote " + OUTPUT + " of shape " + result.shapeString()
                    + "; expected a 1-D array of shape (" + outputSize + ",)");
        }
        double[] y = result.data();
        for (int k = 0; k < y.length; k++) {
            if (!Double.isFinite(y[k])) {
                throw new ForwardModelException(
                        name() + " wrote a non-finite value " + y[k] + " at index " + k + " of " + OUTPUT);
            }
        }
        return y;
    }

    private List<String> arguments(Path dir, Map<String, Path> inputs, Path output) {
        boolean placeholders = false;
        List<String> args = new ArrayList<>(command.size() + inputs.size() + 1);
        for (String token : command) {
            String t = token;
            if (t.contains("{")) {
                String before = t;
                t = t.replace("{dir}", dir.toString()).replace("{output}", output.toString());
                if (t.contains("{input}")) {
                    if (inputs.size() != 1) {
                        throw new IllegalArgumentException(
                                "placeholder {input} needs exactly one unknown field, the model has " + unknowns.names()
                                        + "; use {<name>} instead");
                    }
                    t = t.replace("{input}", inputs.values().iterator().next().toString());
                }
                for (Map.Entry<String, Path> e : inputs.entrySet()) {
                    t = t.replace("{" + e.getKey() + "}", e.getValue().toString());
                }
                placeholders |= !t.equals(before);
            }
            args.add(t);
        }
        if (!placeholders) {
            for (Path p : inputs.values()) {
                args.add(p.toString());
            }
            args.add(output.toString());
        }
        return args;
    }

    private static void killTree(Process process) {
        // Descendants first, so that none is re-parented and left running when its parent dies.
        try (Stream<ProcessHandle> children = process.descendants()) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path stderr) {
        List<String> lines;
        try {
            lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        } catch (RuntimeException e) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (int i = Math.max(0, lines.size() - STDERR_LINES); i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty()) {
                kept.add(l);
            }
        }
        if (kept.isEmpty()) {
            return "";
        }
        String joined = String.join(" | ", kept);
        if (joined.length() > STDERR_CHARS) {
            joined = "..." + joined.substring(joined.length() - STDERR_CHARS);
        }
        return "; stderr: " + joined;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : (ms / 1000.0) + " s";
    }

    private String name() {
        // Long tokens (class paths, absolute paths) are shortened so that every argument stays visible.
        List<String> shown = new ArrayList<>(command.size());
        for (String token : command) {
            shown.add(
                    token.length() <= 60
                            ? token
                            : token.substring(0, 25) + "..." + token.substring(token.length() - 25));
        }
        return "external forward model '" + String.join(" ", shown) + "'";
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file must not mask the evaluation's own outcome.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Same: the directory may be partly gone already.
        }
    }

    @Override
    public String description() {
        return name();
    }
}
