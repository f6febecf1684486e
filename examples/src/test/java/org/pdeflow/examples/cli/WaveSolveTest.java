package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.problems.WaveInverse;

/**
 * Seismograms end to end: {@code simulate wave} on a small layered model writes traces and their
 * acquisition; {@code solve --problem wave-inverse} reconstructs the velocity from them;
 * {@code benchmark inverse --problem wave-inverse} runs on a {@code generate wave} dataset; bad
 * geometry is one line, exit 2, nothing written.
 */
class WaveSolveTest {

    private static final int N = 24;

    @TempDir
    static Path dir;

    private static Path velocity;
    private static Path traces;
    private static double[] truth;

    /**
     * Three flat layers, 1800, 2200 and 2600 m/s, interfaces at 80 and 160 m depth, on 24 x 24 nodes at
     * 10 m; three 12 Hz shots 20 m deep, a receiver on every node 10 m deep, 0.4 s recorded.
     */
    @BeforeAll
    static void simulate() throws IOException {
        truth = new double[N * N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double y = 10.0 * j;
                truth[i * N + j] = y < 80 ? 1800 : y < 160 ? 2200 : 2600;
            }
        }
        velocity = dir.resolve("c.npy");
        Npy.write(velocity, NdArray.of2d(N, N, truth));
        List<String> receivers = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            receivers.add(10 * i + ",10");
        }
        traces = dir.resolve("traces.npy");
        CliRun run = CliRun.of(
                "simulate",
                "wave",
                "--velocity",
                velocity.toString(),
                "--spacing",
                "10",
                "--sources",
                "40,20;115,20;190,20",
                "--receivers",
                String.join(";", receivers),
                "--frequency",
                "12",
                "--time",
                "0.4",
                "--out",
                traces.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    /** The default sample interval 1/(20 f) rounded down to 0.1 ms, samples from t = 0 to 0.4 s. */
    private static int samples() {
        double dt = Math.floor(1e4 / (20 * 12.0)) / 1e4;
        return (int) Math.floor(0.4 / dt) + 1;
    }

    private static double relative(double[] estimate) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < truth.length; i++) {
            num += (estimate[i] - truth[i]) * (estimate[i] - truth[i]);
            den += truth[i] * truth[i];
        }
        return Math.sqrt(num / den);
    }

    private static double[] constant(double v) {
        double[] c = new double[N * N];
        Arrays.fill(c, v);
        return c;
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void simulateWaveWritesTracesAndTheirAcquisition() throws IOException {
        assertArrayEquals(new int[] {3, N, samples()}, Npy.read(traces).shape());
        JsonObject a = json(dir.resolve("traces.acquisition.json"));
        assertEquals(3, a.getAsJsonArray("sources").size());
        assertEquals(N, a.getAsJsonArray("receivers").size());
        assertEquals(12.0, a.get("frequency").getAsDouble());
        assertEquals(0.4, a.get("duration").getAsDouble());
        assertEquals(10.0, a.get("spacing").getAsDouble());
        assertEquals(N, a.get("nx").getAsInt());
    }

    /**
     * EKI (48 members, 16 updates) on the traces: the files of every solve, the misfit falls, and the
     * posterior mean is nearer the truth than any constant model (the best constant is the truth's own
     * mean; the prior's constant 2000 m/s is the ensemble's start).
     */
    @Test
    void ekiReconstructsTheLayeredModel() throws IOException {
        Path out = dir.resolve("eki");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "wave-inverse",
                "--observations",
                traces.toString(),
                "--method",
                "eki",
                "--samples",
                "48",
                "--steps",
                "16",
                "--truth",
                velocity.toString(),
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String f : List.of(
                "c_mean.npy",
                "c_std.npy",
                "c_samples.npy",
                "mean.npy",
                "std.npy",
                "report.json",
                "c.png",
                "c.svg",
                "misfit.png",
                "calibration.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        JsonObject r = json(out.resolve("report.json"));
        JsonObject obs = r.getAsJsonObject("observations");
        int m = 3 * N * samples();
        assertEquals(m, obs.get("count").getAsInt());
        // No --sigma: 1 % of the traces' RMS, recorded with its rule.
        double[] y = Npy.read(traces).data();
        double rms = 0;
        for (double v : y) {
            rms += v * v / y.length;
        }
        assertEquals(0.01 * Math.sqrt(rms), obs.get("sigma").getAsDouble(), 1e-12 * Math.sqrt(rms));
        assertTrue(obs.get("sigmaRule").getAsString().contains("1 %"), obs.toString());
        JsonArray misfit = r.getAsJsonArray("misfitHistory");
        assertEquals(17, misfit.size());
        double first = misfit.get(0).getAsDouble();
        double last = misfit.get(misfit.size() - 1).getAsDouble();
        assertTrue(last < 0.1 * first, "misfit " + first + " -> " + last);

        double[] mean = Npy.read(out.resolve("c_mean.npy")).data();
        double error = relative(mean);
        double truthMean = Arrays.stream(truth).average().orElseThrow();
        assertTrue(
                error < relative(constant(truthMean)),
                "error " + error + " vs best constant " + relative(constant(truthMean)));
        assertTrue(error < relative(constant(2000)), "error " + error);
        assertEquals(error, r.getAsJsonObject("relativeL2").get("c").getAsDouble(), 1e-9);
    }

    @Test
    void enkgRunsWithTheGaussianPrior() throws IOException {
        Path out = dir.resolve("enkg");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "wave-inverse",
                "--observations",
                traces.toString(),
                "--method",
                "enkg",
                "--prior",
                "gaussian",
                "--samples",
                "8",
                "--steps",
                "4",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject r = json(out.resolve("report.json"));
        assertTrue(
                r.get("prior").getAsString().contains("mean [2000.0], std [300.0]"),
                r.get("prior").toString());
        double[] mean = Npy.read(out.resolve("c_mean.npy")).data();
        assertEquals(N * N, mean.length);
        for (double v : mean) {
            assertTrue(Double.isFinite(v));
        }
    }

    /** A copy of the acquisition file with one change. */
    private static Path acquisitionWith(String name, Consumer<JsonObject> change) throws IOException {
        JsonObject a = json(dir.resolve("traces.acquisition.json"));
        change.accept(a);
        Path file = dir.resolve(name);
        Files.writeString(file, a.toString());
        return file;
    }

    private static CliRun solve(Path observations, Path acquisition, String method, Path out) {
        List<String> args = new ArrayList<>(List.of(
                "solve",
                "--problem",
                "wave-inverse",
                "--observations",
                observations.toString(),
                "--method",
                method,
                "--out",
                out.toString()));
        if (acquisition != null) {
            args.add("--acquisition");
            args.add(acquisition.toString());
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void badGeometryIsOneLineAndNothingIsWritten() throws IOException {
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(acquisitionWith("two.json", a -> a.getAsJsonArray("sources").remove(2)), "3 shots (first axis)");
        cases.put(
                acquisitionWith("r23.json", a -> a.getAsJsonArray("receivers").remove(0)),
                "24 receivers (second axis)");
        cases.put(acquisitionWith("short.json", a -> a.addProperty("duration", 0.3)), samples() + " samples per trace");
        cases.put(acquisitionWith("wide.json", a -> a.addProperty("ny", 30)), "square");
        cases.put(acquisitionWith("typo.json", a -> a.addProperty("sampel", 1)), "'sampel'");
        int k = 0;
        for (Map.Entry<Path, String> e : cases.entrySet()) {
            Path out = dir.resolve("bad" + k++);
            CliRun run = solve(traces, e.getKey(), "eki", out);
            assertEquals(Pdeflow.USAGE, run.exitCode(), run.err());
            String err = run.err().strip();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains(e.getValue()), err + " should say " + e.getValue());
            assertTrue(err.contains(".json") || err.contains("traces.npy"), err);
            assertFalse(Files.exists(out), "wrote " + out);
        }

        Path lonely = dir.resolve("lonely.npy");
        Files.copy(traces, lonely);
        CliRun none = solve(lonely, null, "eki", dir.resolve("none"));
        assertEquals(Pdeflow.USAGE, none.exitCode());
        assertTrue(none.err().contains("lonely.acquisition.json") && none.err().contains("--acquisition"), none.err());

        CliRun pointProblem = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                dir.resolve("obs.csv").toString(),
                "--acquisition",
                dir.resolve("two.json").toString(),
                "--method",
                "eki",
                "--out",
                dir.resolve("darcy").toString());
        assertEquals(Pdeflow.USAGE, pointProblem.exitCode());
        assertTrue(pointProblem.err().contains("--acquisition"), pointProblem.err());

        CliRun tikhonov = solve(traces, null, "tikhonov", dir.resolve("tik"));
        assertEquals(Pdeflow.USAGE, tikhonov.exitCode());
        assertEquals(1, tikhonov.err().strip().lines().count(), tikhonov.err());
        assertTrue(tikhonov.err().contains("gradient") && tikhonov.err().contains("eki"), tikhonov.err());
        assertFalse(Files.exists(dir.resolve("tik")));
    }

    /**
     * {@code benchmark inverse} on one field of a 24^2 {@code generate wave} dataset (one shot mid-surface,
     * a receiver on every surface node, 12 Hz, velocities 1800-2600 m/s): it runs EKI's documented number of
     * forward evaluations, J (N + 1), and ends fitting the traces better than its start, the prior's constant
     * mean (1800 + 2600) / 2, whose misfit is computed here with the acquisition the dataset's attributes give.
     */
    @Test
    void benchmarkRunsOnAGeneratedWaveDataset() throws IOException {
        Path data = dir.resolve("wave.h5");
        CliRun gen = CliRun.of(
                "generate",
                "wave",
                "--resolution",
                "24",
                "--samples",
                "1",
                "--velocities",
                "1800-2600",
                "--frequency",
                "12",
                "--out",
                data.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        Path out = dir.resolve("bench");
        CliRun run = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "wave-inverse",
                "--methods",
                "eki",
                "--dataset",
                data.toString(),
                "--fields",
                "1",
                "--samples",
                "32",
                "--steps",
                "12",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String table = Files.readString(out.resolve("benchmark.md"));
        assertTrue(table.contains("| wave-inverse | c rel L2 |"), table);
        assertTrue(table.contains("wave-inverse readings at noise 1 % of the traces' RMS"), table);
        JsonObject row = json(out.resolve("benchmark.json"))
                .getAsJsonArray("results")
                .get(0)
                .getAsJsonObject();
        assertEquals("wave-inverse", row.get("problem").getAsString());
        assertEquals(32 * 13, row.get("forwardEvaluationsPerField").getAsDouble());
        double error = row.get("relativeL2Mean").getAsDouble();
        assertTrue(error > 0 && error < 1, "error " + error);

        double[] u;
        Map<String, Object> attributes;
        try (DatasetReader reader = DatasetReader.open(data)) {
            u = reader.readSample("u", 0);
            attributes = reader.attributes();
        }
        WaveInverse problem = (WaveInverse) Problems.get("wave-inverse").forDataset(attributes);
        double[] start = problem.acquisition()
                .orElseThrow()
                .forwardModel(new BatchExecutor(1))
                .apply(constant(2200));
        double rms = Math.sqrt(Arrays.stream(u).map(v -> v * v).sum() / u.length);
        double startMisfit = 0;
        for (int k = 0; k < u.length; k++) {
            double r = (start[k] - u[k]) / (0.01 * rms);
            startMisfit += 0.5 * r * r / u.length;
        }
        double misfit = row.get("misfitPerReadingMean").getAsDouble();
        assertTrue(misfit < startMisfit, "misfit per reading " + misfit + " vs the start's " + startMisfit);
    }
}
