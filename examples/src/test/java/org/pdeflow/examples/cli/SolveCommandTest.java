package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.Hdf5DatasetWriter;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemCatalog;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;

/**
 * {@code pdeflow solve} and {@code pdeflow benchmark inverse} end to end on 16 x 16 Darcy problems
 * with the Gaussian baseline prior (no trained model): files, report fields, error handling.
 */
class SolveCommandTest {

    @TempDir
    static Path dir;

    private static Path obs;
    private static Path truth;
    private static Path forwardObs;

    /** Readings of u at the 40 places of a 16 x 16 darcy-inverse instance, and its true a. */
    @BeforeAll
    static void files() throws IOException {
        InverseProblem p = ProblemCatalog.create("darcy-inverse", new ProblemSettings(16, 1e-3, 1e-3, 40, 1, 0));
        PointSampling points = (PointSampling) ((DarcyForwardModel) p.forward()).observation();
        obs = dir.resolve("obs.csv");
        writeCsv(obs, points.x(), points.y(), p.observations().values(), 1e-3, "u");
        double[] logA = p.truth();
        double[] a = new double[logA.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp(logA[i]);
        }
        truth = dir.resolve("a.npy");
        Npy.write(truth, NdArray.of2d(16, 16, a));
        InverseProblem f = ProblemCatalog.create("darcy-forward", new ProblemSettings(16, 0.0, 0.1, 40, 1, 0));
        PointSampling fp = (PointSampling) ((org.pdeflow.inverse.forward.ObservedFieldModel) f.forward()).observation();
        forwardObs = dir.resolve("obs-a.csv");
        writeCsv(forwardObs, fp.x(), fp.y(), f.observations().values(), 0.1, "a");
    }

    private static void writeCsv(Path file, double[] x, double[] y, double[] v, double sigma, String field) throws IOException {
        StringBuilder sb = new StringBuilder("x,y,value,sigma,field\n");
        for (int k = 0; k < x.length; k++) {
            sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%g,%s%n", x[k], y[k], v[k], sigma, field));
        }
        Files.writeString(file, sb.toString());
    }

    private static JsonObject report(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    }

    private static void assertFiles(Path out, String... names) {
        for (String n : names) {
            assertTrue(Files.isRegularFile(out.resolve(n)), "missing " + n + " in " + out);
        }
    }

    @Test
    void ekiWritesSamplesReportAndPlots() throws IOException {
        Path out = dir.resolve("eki");
        CliRun run = CliRun.of("solve", "--problem", "darcy-inverse", "--observations", obs.toString(), "--method", "eki",
                "--samples", "16", "--steps", "8", "--seed", "1", "--resolution", "16", "--truth", truth.toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "log_a_mean.npy", "log_a_std.npy", "log_a_samples.npy", "mean.npy", "std.npy", "samples.npy",
                "a_mean.npy", "a_std.npy", "a_samples.npy", "report.json", "log_a.png", "a.png", "misfit.png");
        assertEquals(List.of(16, 16, 16), java.util.Arrays.stream(Npy.read(out.resolve("a_samples.npy")).shape()).boxed().toList());
        JsonObject r = report(out);
        assertEquals("eki", r.get("method").getAsString());
        assertTrue(r.has("settings") && r.has("timings") && r.has("dataMisfit") && r.has("misfitHistory"));
        assertEquals(40, r.getAsJsonObject("observations").get("count").getAsInt());
        double err = r.getAsJsonObject("relativeL2").get("a").getAsDouble();
        // An ensemble method with a smooth prior recovers the {3, 12} field only coarsely; 0.6 is
        // the relative error of the constant 6 against a field half 3s and half 12s (about 0.5) plus margin.
        assertTrue(err > 0 && err < 0.6, "relative L2 of a " + err);
        assertTrue(r.getAsJsonObject("timings").get("forwardEvaluations").getAsLong() >= 16 * 8);
    }

    @Test
    void tikhonovRuns() throws IOException {
        Path out = dir.resolve("tik");
        CliRun run = CliRun.of("solve", "--problem", "darcy-inverse", "--observations", obs.toString(), "--method", "tikhonov",
                "--steps", "15", "--truth", truth.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "log_a_mean.npy", "a_mean.npy", "report.json", "misfit.png");
        JsonObject r = report(out);
        assertEquals(1, r.getAsJsonObject("statistics").get("samples") == null ? 1
                : r.getAsJsonObject("statistics").get("samples").getAsInt());
        assertTrue(r.get("dataMisfit").getAsDouble() < r.getAsJsonArray("misfitHistory").get(0).getAsDouble());
    }

    @Test
    void guidedMethodWithGaussianPrior() throws IOException {
        Path out = dir.resolve("dps");
        CliRun run = CliRun.of("solve", "--problem", "darcy-inverse", "--observations", obs.toString(), "--method", "dps",
                "--prior", "gaussian", "--samples", "4", "--steps", "30", "--truth", truth.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "log_a_mean.npy", "a_samples.npy", "report.json", "a.png", "misfit.png");
        JsonObject r = report(out);
        assertEquals("dps", r.get("method").getAsString());
        assertEquals(30, r.getAsJsonObject("timings").get("nfe").getAsDouble(), 30);
        assertTrue(r.get("prior").getAsString().contains("Gaussian"));
        assertTrue(r.getAsJsonObject("relativeL2").has("a"));
    }

    @Test
    void jointForwardProblemWithDiffusionPde() throws IOException {
        Path out = dir.resolve("dpde");
        CliRun run = CliRun.of("solve", "--problem", "darcy-forward", "--observations", forwardObs.toString(), "--method",
                "diffusionpde", "--prior", "gaussian", "--samples", "2", "--steps", "20", "--resolution", "16", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "a_mean.npy", "u_mean.npy", "u_samples.npy", "report.json", "a.png", "u.png");
        assertFalse(Files.exists(out.resolve("mean.npy")), "two fields: no unqualified mean.npy");
        assertTrue(report(out).getAsJsonObject("statistics").has("finalResidualRms"));
    }

    /** ns-inverse at 16 x 16: readings of omega(T = 1) on every 2nd node; EKI and derivative-free EnKG. */
    @Test
    void navierStokesWithEkiAndEnkg() throws IOException {
        InverseProblem p = ProblemCatalog.create("ns-inverse", new ProblemSettings(16, 0.0, 1.0, 1, 2, 0));
        Grid2D g = p.unknowns().fields().get(0).grid();
        int n = g.nx() / 2;
        double[] x = new double[n * n];
        double[] y = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                x[i * n + j] = g.x(2 * i);
                y[i * n + j] = g.y(2 * j);
            }
        }
        Path nsObs = dir.resolve("ns.csv");
        writeCsv(nsObs, x, y, p.observations().values(), 1.0, "omega");
        Path nsTruth = dir.resolve("omega0.npy");
        Npy.write(nsTruth, NdArray.of2d(16, 16, p.truth()));
        for (String method : List.of("eki", "enkg")) {
            Path out = dir.resolve("ns-" + method);
            CliRun run = CliRun.of("solve", "--problem", "ns-inverse", "--observations", nsObs.toString(), "--method", method,
                    "--prior", "gaussian", "--samples", "4", "--steps", "2", "--truth", nsTruth.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertFiles(out, "omega0_mean.npy", "mean.npy", "omega0.png", "report.json");
            JsonObject r = report(out);
            assertEquals(64, r.getAsJsonObject("observations").get("count").getAsInt());
            assertTrue(r.getAsJsonObject("relativeL2").has("omega0"));
            assertTrue(r.getAsJsonArray("misfitHistory").size() > 0);
        }
    }

    /**
     * A tiny trained joint (a, u) prior (a few training steps on 24 generated 16 x 16 Darcy pairs:
     * mechanics, not accuracy): darcy-forward with DPS, darcy-inverse with DiffusionPDE in its
     * joint space, FunDPS on a finer grid than trained, and a folder that is not a prior is a usage error.
     */
    @Test
    void trainedPriorFolder() throws IOException {
        Path data = dir.resolve("train.h5");
        assertEquals(0, CliRun.of("generate", "darcy", "--samples", "24", "--resolution", "16", "--seed", "3", "--threads", "1",
                "--out", data.toString()).exitCode());
        Path model = dir.resolve("prior");
        CliRun train = CliRun.of("train-prior", "--dataset", data.toString(), "--fields", "a,u", "--arch", "uno", "--width", "4",
                "--mults", "1,2", "--modes", "4", "--projection", "8", "--embedding", "8", "--steps", "10", "--batch", "8",
                "--lr", "3e-3", "--threads", "1", "--seed", "2", "--out", model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Path out = dir.resolve("trained-dps");
        CliRun run = CliRun.of("solve", "--problem", "darcy-forward", "--observations", forwardObs.toString(), "--method", "dps",
                "--prior", model.toString(), "--samples", "2", "--steps", "6", "--resolution", "16", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "a_mean.npy", "u_mean.npy", "report.json");
        assertTrue(report(out).get("prior").getAsString().contains("trained"));
        Path out2 = dir.resolve("trained-dpde");
        CliRun run2 = CliRun.of("solve", "--problem", "darcy-inverse", "--observations", obs.toString(), "--method",
                "diffusionpde", "--prior", model.toString(), "--samples", "2", "--steps", "6", "--truth", truth.toString(),
                "--out", out2.toString());
        assertEquals(0, run2.exitCode(), run2.err());
        assertEquals(List.of("a", "u"), List.of(report(out2).getAsJsonArray("formulation").get(0).getAsString(),
                report(out2).getAsJsonArray("formulation").get(1).getAsString()));
        // Resolution-agnostic use (FunDPS): the 16 x 16 prior on a 24 x 24 grid.
        Path out3 = dir.resolve("trained-fundps-24");
        CliRun run3 = CliRun.of("solve", "--problem", "darcy-forward", "--observations", forwardObs.toString(), "--method",
                "fundps", "--prior", model.toString(), "--samples", "2", "--steps", "6", "--resolution", "24", "--out",
                out3.toString());
        assertEquals(0, run3.exitCode(), run3.err());
        assertEquals(List.of(2, 24, 24), java.util.Arrays.stream(Npy.read(out3.resolve("u_samples.npy")).shape()).boxed().toList());
        CliRun notPrior = CliRun.of("solve", "--problem", "darcy-forward", "--observations", forwardObs.toString(), "--method",
                "dps", "--prior", dir.toString(), "--out", dir.resolve("np").toString());
        assertEquals(2, notPrior.exitCode(), notPrior.err());
        assertFalse(Files.exists(dir.resolve("np")));
    }

    @Test
    void badObservationFileFailsBeforeAnyWork() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x,y,value,sigma\n0.5,0.5,0.01,0.001\n0.25,0.5,0.02,-0.1\n");
        Path out = dir.resolve("bad-out");
        CliRun run = CliRun.of("solve", "--problem", "darcy-inverse", "--observations", bad.toString(), "--method", "eki",
                "--out", out.toString());
        assertEquals(2, run.exitCode());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].contains("bad.csv") && lines[0].contains("line 3") && lines[0].contains("sigma"), lines[0]);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void unsupportedCombinationsAreUsageErrors() {
        CliRun run = CliRun.of("solve", "--problem", "darcy-forward", "--observations", forwardObs.toString(), "--method", "eki",
                "--out", dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("joint"), run.err());
    }

    @Test
    void benchmarkInverseOnATinyDataset() throws IOException {
        Path h5 = dir.resolve("test.h5");
        int s = 16;
        double[][] as = new double[2][];
        double[][] us = new double[2][];
        SplittableRandom rng = new SplittableRandom(7);
        for (int k = 0; k < 2; k++) {
            as[k] = new DarcyCoefficient(s).sample(rng);
            us[k] = new DarcySolver(Grid2D.nodes(s, 1.0)).solve(as[k]);
        }
        double[] xs = new double[s];
        for (int i = 0; i < s; i++) {
            xs[i] = i / (s - 1.0);
        }
        new Hdf5DatasetWriter(2).coordinate("x", xs, "x").coordinate("y", xs, "y")
                .field("a", new int[] {s, s}, List.of("x", "y"), "coefficient", Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(as[i], 0, slab, 0, s * s))
                .field("u", new int[] {s, s}, List.of("x", "y"), "pressure", Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(us[i], 0, slab, 0, s * s))
                .write(h5, dir.resolve("test.h5.tmp"));
        Path out = dir.resolve("bench");
        CliRun run = CliRun.of("benchmark", "inverse", "--problem", "darcy-inverse,darcy-forward", "--methods", "fundps",
                "--dataset", h5.toString(), "--fields", "2", "--samples", "2", "--steps", "10", "--prior", "gaussian",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String md = Files.readString(out.resolve("benchmark.md"));
        assertTrue(md.contains("| darcy-inverse | fundps | a |") && md.contains("| darcy-forward | fundps | u |"), md);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("benchmark.json"))).getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("results").size());
        JsonObject row = json.getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals(2, row.getAsJsonArray("relativeL2PerField").size());
        double e = row.get("relativeL2Mean").getAsDouble();
        assertTrue(e > 0 && Double.isFinite(e), "relative L2 " + e);
    }
    /** ns-inverse cells: stride, noise and first field reach the readings and the report; EKI's evaluation count is exact. */
    @Test
    void benchmarkInverseNavierStokesOptions() throws IOException {
        Path h5 = dir.resolve("ns.h5");
        int s = 16;
        double[][] w = new double[3][];
        SplittableRandom rng = new SplittableRandom(5);
        org.pdeflow.pde.grf.PeriodicGaussianField grf = new org.pdeflow.pde.grf.PeriodicGaussianField(
                Grid2D.periodic(s, 2 * Math.PI), new org.pdeflow.pde.grf.GrfSpec(2.5, 3.0, 20.0, true));
        for (int k = 0; k < 3; k++) {
            w[k] = grf.sample(rng);
        }
        double[] xs = new double[s];
        for (int i = 0; i < s; i++) {
            xs[i] = 2 * Math.PI * i / s;
        }
        // u is not read for ns-inverse (readings come from the problem's own forward solve): zeros here.
        new Hdf5DatasetWriter(3).attribute("variant", "inversebench").attribute("dealiasing", "per-axis 2/3 rule")
                .coordinate("x", xs, "x").coordinate("y", xs, "y")
                .field("a", new int[] {s, s}, List.of("x", "y"), "omega0", Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(w[i], 0, slab, 0, s * s))
                .field("u", new int[] {s, s}, List.of("x", "y"), "omega(T)", Precision.FLOAT64, (i, slab) -> { })
                .write(h5, dir.resolve("ns.h5.tmp"));
        Path out = dir.resolve("bench-ns");
        CliRun run = CliRun.of("benchmark", "inverse", "--problem", "ns-inverse", "--methods", "eki", "--dataset", h5.toString(),
                "--first", "1", "--fields", "2", "--samples", "2", "--steps", "1", "--stride", "4", "--noise", "0.5",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject row = JsonParser.parseString(Files.readString(out.resolve("benchmark.json"))).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals(1, row.get("firstField").getAsInt());
        assertEquals(4, row.get("stride").getAsInt());
        assertEquals(0.5, row.get("noise").getAsDouble());
        assertEquals(2 * (1 + 1), row.get("forwardEvaluationsPerField").getAsDouble(), "EKI: J particles x (N + 1) batches");
        assertTrue(row.get("forwardSecondsPerField").getAsDouble() > 0);
        assertTrue(Files.readString(out.resolve("benchmark.md")).contains("readings at stride 4, noise 0.5"));
        CliRun tooFew = CliRun.of("benchmark", "inverse", "--problem", "ns-inverse", "--methods", "eki", "--dataset", h5.toString(),
                "--first", "2", "--fields", "2", "--out", dir.resolve("none").toString());
        assertEquals(2, tooFew.exitCode(), tooFew.err());
        assertTrue(tooFew.err().contains("--first + --fields"), tooFew.err());
    }
}
