package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.spark.SparkJobs;
import org.pdeflow.inverse.problem.InverseProblem;

/**
 * {@code solve} on Spark {@code local[2]}: a batch of measurement files as tasks gives the numbers of the local
 * threads and of one-file solves; EKI's ensemble as tasks gives the local run's numbers; a task that fails fails the
 * command in one line and leaves no --out.
 */
class SparkSolveTest {

    private static final String MASTER = "local[2]";
    private static SparkJobs spark;

    @TempDir
    static Path dir;

    private static Path wells;
    private static Path truths;

    @BeforeAll
    static void startSparkAndWriteFiles() throws IOException {
        spark = SparkJobs.keepOpen(MASTER);
        wells = Files.createDirectories(dir.resolve("wells"));
        truths = Files.createDirectories(dir.resolve("truths"));
        for (int k = 0; k < 3; k++) {
            InverseProblem p = SparkBenchCommand.darcyReadings(wells.resolve("well-" + k + ".csv"), 16, 30, 10 + k);
            double[] a = Arrays.stream(p.truth()).map(Math::exp).toArray();
            Npy.write(truths.resolve("well-" + k + ".npy"), NdArray.of2d(16, 16, a));
        }
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static String[] solve(String observations, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                observations,
                "--method",
                "eki",
                "--samples",
                "6",
                "--steps",
                "3",
                "--seed",
                "5",
                "--resolution",
                "16",
                "--plot-size",
                "120",
                "--out",
                out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void ok(CliRun run) {
        assertEquals(0, run.exitCode(), run.err());
    }

    private static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    /** The summary CSV without its seconds column (the only column that may differ between runs). */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(4);
            out.add(String.join(",", cells));
        }
        return out;
    }

    @Test
    void aBatchOnSparkGivesTheNumbersOfLocalThreadsAndOfSingleSolves() throws IOException {
        Path local = dir.resolve("batch-local");
        Path onSpark = dir.resolve("batch-spark");
        ok(CliRun.of(solve(wells.toString(), local, "--truth", truths.toString(), "--parallel", "2")));
        ok(CliRun.of(
                solve(wells.resolve("*.csv").toString(), onSpark, "--truth", truths.toString(), "--spark", MASTER)));
        for (int k = 0; k < 3; k++) {
            String name = "well-" + k;
            assertArrayEquals(
                    bytes(local.resolve(name).resolve("a_mean.npy")),
                    bytes(onSpark.resolve(name).resolve("a_mean.npy")),
                    name);
            assertArrayEquals(
                    bytes(local.resolve(name).resolve("log_a_samples.npy")),
                    bytes(onSpark.resolve(name).resolve("log_a_samples.npy")),
                    name);
        }
        List<String> summary = withoutSeconds(local.resolve("summary.csv"));
        assertEquals(4, summary.size(), "a header and a row per file");
        assertTrue(summary.get(0).contains("relative_l2_a"), summary.get(0));
        assertEquals(summary, withoutSeconds(onSpark.resolve("summary.csv")));
        assertTrue(Files.isRegularFile(onSpark.resolve("summary.json")));
        assertTrue(Files.isRegularFile(onSpark.resolve("summary.md")));

        Path single = dir.resolve("single");
        ok(CliRun.of(solve(
                wells.resolve("well-1.csv").toString(),
                single,
                "--truth",
                truths.resolve("well-1.npy").toString())));
        assertArrayEquals(
                bytes(single.resolve("a_mean.npy")),
                bytes(onSpark.resolve("well-1").resolve("a_mean.npy")));
    }

    /** benchmark.json's rows without their timings. */
    private static JsonArray rowsWithoutTimings(Path out) throws IOException {
        JsonArray rows = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                .getAsJsonObject()
                .getAsJsonArray("results");
        for (JsonElement r : rows) {
            for (String timing : List.of("secondsPerField", "secondsPerFieldEach", "forwardSecondsPerField")) {
                r.getAsJsonObject().remove(timing);
            }
        }
        return rows;
    }

    @Test
    void benchmarkCellsAsSparkTasksGiveTheLocalRows() throws IOException {
        Path h5 = dir.resolve("fields.h5");
        ok(CliRun.of(
                "generate", "darcy", "--samples", "2", "--resolution", "16", "--seed", "3", "--out", h5.toString()));
        List<String> args = List.of(
                "benchmark",
                "inverse",
                "--problem",
                "darcy-inverse",
                "--methods",
                "eki,tikhonov",
                "--dataset",
                h5.toString(),
                "--fields",
                "2",
                "--samples",
                "4",
                "--steps",
                "2");
        Path local = dir.resolve("bench-local");
        Path onSpark = dir.resolve("bench-spark");
        List<String> a = new ArrayList<>(args);
        a.addAll(List.of("--out", local.toString()));
        ok(CliRun.of(a.toArray(String[]::new)));
        List<String> b = new ArrayList<>(args);
        b.addAll(List.of("--out", onSpark.toString(), "--spark", MASTER));
        ok(CliRun.of(b.toArray(String[]::new)));
        JsonArray expected = rowsWithoutTimings(local);
        assertEquals(2, expected.size(), "a row per method");
        assertEquals(expected, rowsWithoutTimings(onSpark));
    }

    @Test
    void ekiParticlesAsSparkTasksGiveTheLocalNumbers() throws IOException {
        String file = wells.resolve("well-0.csv").toString();
        Path local = dir.resolve("eki-local");
        Path onSpark = dir.resolve("eki-spark");
        ok(CliRun.of(solve(file, local)));
        ok(CliRun.of(solve(file, onSpark, "--spark", MASTER)));
        for (String f : List.of("log_a_samples.npy", "a_mean.npy", "a_std.npy")) {
            assertArrayEquals(bytes(local.resolve(f)), bytes(onSpark.resolve(f)), f);
        }
    }

    @Test
    void aFailedTaskFailsTheBatchInOneLineAndLeavesNoOutput() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad-wells"));
        Files.copy(wells.resolve("well-0.csv"), bad.resolve("well-0.csv"));
        Files.writeString(bad.resolve("well-1.csv"), "x,y,value,sigma,field\n0.5,0.5,not-a-number,0.001,u\n");
        Path out = dir.resolve("bad-out");
        CliRun run = CliRun.of(solve(bad.toString(), out, "--spark", MASTER));
        assertEquals(Pdeflow.FAILURE, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, run.err());
        assertTrue(
                lines[0].startsWith("pdeflow: failed: solve 2 files with eki failed on Spark (local[2]): "), lines[0]);
        assertTrue(lines[0].contains("well-1.csv"), lines[0]);
        assertFalse(Files.exists(out), "no output folder");
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bad-out")), "no staging folder");
        }
    }
}
