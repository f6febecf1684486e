package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.Hdf5DatasetWriter;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
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
        InverseProblem p = Problems.get("darcy-inverse").synthetic(new ProblemSettings(16, 1e-3, 1e-3, 40, 1, 0));
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
        InverseProblem f = Problems.get("darcy-forward").synthetic(new ProblemSettings(16, 0.0, 0.1, 40, 1, 0));
        PointSampling fp = (PointSampling) ((ObservedFieldModel) f.forward()).observation();
        forwardObs = dir.resolve("obs-a.csv");
        writeCsv(forwardObs, fp.x(), fp.y(), f.observations().values(), 0.1, "a");
    }

    private static void writeCsv(Path file, double[] x, double[] y, double[] v, double sigma, String field)
            throws IOException {
        StringBuilder sb = new StringBuilder("x,y,value,sigma,field\n");
        for (int k = 0; k < x.length; k++) {
            sb.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g,%g,%s%n", x[k], y[k], v[k], sigma, field));
        }
        Files.writeString(file, sb.toString());
    }

    private static JsonObject report(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("report.json")))
                .getAsJsonObject();
    }

    private static void assertFiles(Path out, String... names) {
        for (String n : names) {
            assertTrue(Files.isRegularFile(out.resolve(n)), "missing " + n + " in " + out);
        }
    }

    /** Without --samples an ensemble method runs its default ensemble, a sampler 8 samples. */
    @Test
    void anEnsembleMethodWithoutSamplesRunsTheDefaultEnsemble() throws IOException {
        Path out = dir.resolve("eki-default");
        List<String> args = new ArrayList<>(List.of(classicalSolve("darcy-inverse", obs, "eki", out)));
        int at = args.indexOf("--samples");
        args.subList(at, at + 2).clear();
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(Methods.DEFAULT_ENSEMBLE, 16, 16),
                Arrays.stream(Npy.read(out.resolve("a_samples.npy")).shape())
                        .boxed()
                        .toList());
        assertEquals(
                Methods.DEFAULT_ENSEMBLE,
                report(out).getAsJsonObject("settings").get("samples").getAsInt());
    }

    @Test
    void ekiWritesSamplesReportAndPlots() throws IOException {
        Path out = dir.resolve("eki");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "eki",
                "--samples",
                "16",
                "--steps",
                "8",
                "--seed",
                "1",
                "--resolution",
                "16",
                "--truth",
                truth.toString(),
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(
                out,
                "log_a_mean.npy",
                "log_a_std.npy",
                "log_a_samples.npy",
                "mean.npy",
                "std.npy",
                "samples.npy",
                "a_mean.npy",
                "a_std.npy",
                "a_samples.npy",
                "report.json",
                "log_a.png",
                "a.png",
                "misfit.png");
        assertEquals(
                List.of(16, 16, 16),
                Arrays.stream(Npy.read(out.resolve("a_samples.npy")).shape())
                        .boxed()
                        .toList());
        JsonObject r = report(out);
        assertEquals("eki", r.get("method").getAsString());
        assertTrue(r.has("settings") && r.has("timings") && r.has("dataMisfit") && r.has("misfitHistory"));
        assertEquals(40, r.getAsJsonObject("observations").get("count").getAsInt());
        double err = r.getAsJsonObject("relativeL2").get("a").getAsDouble();
        // An ensemble method with a smooth prior recovers the {3, 12} field only coarsely; 0.6 is
        // the relative error of the constant 6 against a field half 3s and half 12s (about 0.5) plus margin.
        assertTrue(err > 0 && err < 0.6, "relative L2 of a " + err);
        assertTrue(r.getAsJsonObject("timings").get("forwardEvaluations").getAsLong() >= 16 * 8);
        // diagnostics: every figure as PNG and SVG, coverage of the truth in the report
        for (String fig : List.of(
                "a", "log_a", "a_gallery", "a_spectrum", "log_a_spectrum", "calibration", "misfit", "error_per_step")) {
            assertFiles(out, fig + ".png", fig + ".svg");
        }
        JsonObject d = r.getAsJsonObject("diagnostics").getAsJsonObject("a");
        double cov = d.get("coverage2Std").getAsDouble();
        assertTrue(cov >= 0 && cov <= 1, "coverage " + cov);
        // 16 samples: a calibrated posterior puts P(|T_15| <= 2 / sqrt(17/16) = 1.940) inside +-2 std, between the
        // table values 0.90 (t = 1.753) and 0.95 (t = 2.131), below the exact-moments 0.9545
        double nominal = d.get("nominal2StdFiniteSamples").getAsDouble();
        assertTrue(nominal > 0.90 && nominal < 0.95, "nominal " + nominal);
        assertEquals(
                8, r.getAsJsonObject("errorHistory").getAsJsonArray("log_a").size());
        // log_a, a and u_solver (a pushed through the Darcy solver): fields, galleries, spectra;
        // calibration, misfit, error
        assertEquals(12, r.getAsJsonArray("figures").size());
    }

    @Test
    void tikhonovRuns() throws IOException {
        Path out = dir.resolve("tik");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "tikhonov",
                "--steps",
                "15",
                "--truth",
                truth.toString(),
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "log_a_mean.npy", "a_mean.npy", "report.json", "misfit.png");
        JsonObject r = report(out);
        // One estimate: no spread, and a is exp(log a) node by node.
        for (double v : Npy.read(out.resolve("log_a_std.npy")).data()) {
            assertEquals(0.0, v);
        }
        double[] logA = Npy.read(out.resolve("log_a_mean.npy")).data();
        double[] a = Npy.read(out.resolve("a_mean.npy")).data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Math.exp(logA[i]), a[i], 1e-12 * a[i]);
        }
        // The registry's settings reached the run: the problem's default penalty, at most --steps L-BFGS iterations.
        JsonObject settings = r.getAsJsonObject("settings");
        assertEquals("gradient", settings.get("regulariser").getAsString());
        assertEquals(0.01, settings.get("lambda").getAsDouble());
        int iterations = r.getAsJsonObject("statistics").get("iterations").getAsInt();
        assertTrue(iterations >= 1 && iterations <= 15, "iterations " + iterations);
        assertEquals(iterations, r.getAsJsonArray("misfitHistory").size());
        assertTrue(r.get("dataMisfit").getAsDouble()
                < r.getAsJsonArray("misfitHistory").get(0).getAsDouble());
    }

    @Test
    void guidedMethodWithGaussianPrior() throws IOException {
        Path out = dir.resolve("dps");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "dps",
                "--prior",
                "gaussian",
                // the Gaussian prior's tuned step (darcy-inverse's default, 12000, is the shipped trained prior's)
                "--zeta",
                "6000",
                "--samples",
                "4",
                "--steps",
                "30",
                "--truth",
                truth.toString(),
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "log_a_mean.npy", "a_samples.npy", "report.json", "a.png", "misfit.png");
        JsonObject r = report(out);
        assertEquals("dps", r.get("method").getAsString());
        // Heun: one denoiser call per step for x̂0, one more for the correction on all but the last step (to sigma 0).
        assertEquals(2 * 30 - 1, r.getAsJsonObject("timings").get("nfe").getAsDouble());
        assertTrue(r.get("prior").getAsString().contains("Gaussian"));
        assertTrue(r.getAsJsonObject("relativeL2").has("a"));
        // DPS reports its denoised estimate each step: the error curve exists
        assertFiles(out, "error_per_step.png", "error_per_step.svg", "a_gallery.svg", "calibration.svg");
        assertEquals(
                30, r.getAsJsonObject("errorHistory").getAsJsonArray("log_a").size());
    }

    @Test
    void jointForwardProblemWithDiffusionPde() throws IOException {
        Path out = dir.resolve("dpde");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-forward",
                "--observations",
                forwardObs.toString(),
                "--method",
                "diffusionpde",
                "--prior",
                "gaussian",
                "--samples",
                "2",
                "--steps",
                "20",
                "--resolution",
                "16",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "a_mean.npy", "u_mean.npy", "u_samples.npy", "report.json", "a.png", "u.png");
        assertFalse(Files.exists(out.resolve("mean.npy")), "two fields: no unqualified mean.npy");
        assertTrue(report(out).getAsJsonObject("statistics").has("finalResidualRms"));
    }

    /** ns-inverse at 16 x 16: readings of omega(T = 1) on every 2nd node; EKI and derivative-free EnKG. */
    @Test
    void navierStokesWithEkiAndEnkg() throws IOException {
        InverseProblem p = Problems.get("ns-inverse").synthetic(new ProblemSettings(16, 0.0, 1.0, 1, 2, 0));
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
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "ns-inverse",
                    "--observations",
                    nsObs.toString(),
                    "--method",
                    method,
                    "--prior",
                    "gaussian",
                    "--samples",
                    "4",
                    "--steps",
                    "2",
                    "--truth",
                    nsTruth.toString(),
                    "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertFiles(out, "omega0_mean.npy", "mean.npy", "omega0.png", "report.json");
            JsonObject r = report(out);
            assertEquals(64, r.getAsJsonObject("observations").get("count").getAsInt());
            assertTrue(r.getAsJsonObject("relativeL2").has("omega0"));
            assertTrue(r.getAsJsonArray("misfitHistory").size() > 0);
        }
    }

    /**
     * ns-inverse reads omega at t = 1: a file whose t column says 1 gives bit for bit the posterior of
     * the same readings without the column, and a reading at another time is refused (exit 2, one
     * line naming the line and t). The sigma the file gives is the one the report records.
     */
    @Test
    void navierStokesReadingsMayCarryTheirObservationTime() throws IOException {
        // Any vorticity readings will do: the two files must give one posterior.
        Grid2D g = Problems.get("ns-inverse").grid(16);
        StringBuilder plain = new StringBuilder("x,y,value,sigma\n");
        StringBuilder timed = new StringBuilder("x,y,value,sigma,t\n");
        int n = g.nx() / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = g.x(2 * i);
                double y = g.y(2 * j);
                String row =
                        String.format(Locale.ROOT, "%.17g,%.17g,%.17g,0.25", x, y, 3 * Math.sin(x) * Math.cos(2 * y));
                plain.append(row).append('\n');
                timed.append(row).append(",1\n");
            }
        }
        Path plainCsv = Files.writeString(dir.resolve("ns-plain.csv"), plain.toString());
        Path timedCsv = Files.writeString(dir.resolve("ns-timed.csv"), timed.toString());
        double[][] means = new double[2][];
        int k = 0;
        for (Path csv : List.of(plainCsv, timedCsv)) {
            Path out = dir.resolve("ns-t-" + k);
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "ns-inverse",
                    "--observations",
                    csv.toString(),
                    "--method",
                    "eki",
                    "--samples",
                    "4",
                    "--steps",
                    "1",
                    "--resolution",
                    "16",
                    "--threads",
                    "1",
                    "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            means[k++] = Npy.read(out.resolve("omega0_mean.npy")).data();
            JsonObject observed = report(out).getAsJsonObject("observations");
            assertEquals(n * n, observed.get("count").getAsInt());
            assertEquals(0.25, observed.get("sigmaMin").getAsDouble());
            assertEquals(0.25, observed.get("sigmaMax").getAsDouble());
        }
        assertArrayEquals(means[0], means[1], 0.0);
        Path early =
                Files.writeString(dir.resolve("ns-early.csv"), timed.toString().replaceFirst(",1\n", ",0.5\n"));
        Path out = dir.resolve("ns-early-out");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "ns-inverse",
                "--observations",
                early.toString(),
                "--method",
                "eki",
                "--resolution",
                "16",
                "--out",
                out.toString());
        assertEquals(2, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].contains("ns-early.csv: line 2, field 't'"), lines[0]);
        assertFalse(Files.exists(out));
    }

    /**
     * Readings without a sigma column take --sigma, which the report records as the sigma of every
     * reading; without --sigma the missing column is a one-line usage error that says what to give.
     */
    @Test
    void aDefaultSigmaIsRecordedAndItsAbsenceExplained() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,value\n");
        for (String line : Files.readAllLines(obs).subList(1, 41)) {
            String[] cells = line.split(",");
            csv.append(cells[0])
                    .append(',')
                    .append(cells[1])
                    .append(',')
                    .append(cells[2])
                    .append('\n');
        }
        Path bare = Files.writeString(dir.resolve("no-sigma.csv"), csv.toString());
        Path out = dir.resolve("default-sigma");
        List<String> args = new ArrayList<>(List.of(classicalSolve("darcy-inverse", bare, "eki", out)));
        CliRun refused = CliRun.of(args.toArray(new String[0]));
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(
                refused.err().contains("'sigma': missing column")
                        && refused.err().contains("1 % of the readings' RMS"),
                refused.err());
        assertFalse(Files.exists(out));
        args.addAll(List.of("--sigma", "0.002"));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        JsonObject observed = report(out).getAsJsonObject("observations");
        assertEquals(0.002, observed.get("sigmaMin").getAsDouble());
        assertEquals(0.002, observed.get("sigmaMax").getAsDouble());
        assertEquals(0.002, observed.get("sigmaDefault").getAsDouble());
    }

    /**
     * A tiny trained joint (a, u) prior (a few training steps on 24 generated 16 x 16 Darcy pairs:
     * mechanics, not accuracy): darcy-forward with DPS, darcy-inverse with DiffusionPDE in its
     * joint space, FunDPS on a finer grid than trained, and a folder that is not a prior is a usage error.
     */
    @Test
    void trainedPriorFolder() throws IOException {
        Path data = dir.resolve("train.h5");
        assertEquals(
                0,
                CliRun.of(
                                "generate",
                                "darcy",
                                "--samples",
                                "24",
                                "--resolution",
                                "16",
                                "--seed",
                                "3",
                                "--threads",
                                "1",
                                "--out",
                                data.toString())
                        .exitCode());
        Path model = dir.resolve("prior");
        CliRun train = CliRun.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a,u",
                "--arch",
                "uno",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--modes",
                "4",
                "--projection",
                "8",
                "--embedding",
                "8",
                "--steps",
                "10",
                "--batch",
                "8",
                "--lr",
                "3e-3",
                "--threads",
                "1",
                "--seed",
                "2",
                "--out",
                model.toString());
        assertEquals(0, train.exitCode(), train.err());
        Path out = dir.resolve("trained-dps");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-forward",
                "--observations",
                forwardObs.toString(),
                "--method",
                "dps",
                "--prior",
                model.toString(),
                "--samples",
                "2",
                "--steps",
                "6",
                "--resolution",
                "16",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(out, "a_mean.npy", "u_mean.npy", "report.json");
        assertTrue(report(out).get("prior").getAsString().contains("trained"));
        Path out2 = dir.resolve("trained-dpde");
        CliRun run2 = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "diffusionpde",
                "--prior",
                model.toString(),
                "--samples",
                "2",
                "--steps",
                "6",
                "--truth",
                truth.toString(),
                "--out",
                out2.toString());
        assertEquals(0, run2.exitCode(), run2.err());
        assertEquals(
                List.of("a", "u"),
                List.of(
                        report(out2).getAsJsonArray("formulation").get(0).getAsString(),
                        report(out2).getAsJsonArray("formulation").get(1).getAsString()));
        // Without --resolution or --truth the grid is the prior's training grid (16, not the problem's 32):
        // the first run again without its --resolution 16 gives its samples.
        Path out16 = dir.resolve("trained-default-grid");
        CliRun own = CliRun.of(
                "solve",
                "--problem",
                "darcy-forward",
                "--observations",
                forwardObs.toString(),
                "--method",
                "dps",
                "--prior",
                model.toString(),
                "--samples",
                "2",
                "--steps",
                "6",
                "--out",
                out16.toString());
        assertEquals(0, own.exitCode(), own.err());
        assertEquals(
                List.of(2, 16, 16),
                Arrays.stream(Npy.read(out16.resolve("u_samples.npy")).shape())
                        .boxed()
                        .toList());
        assertArrayEquals(
                Npy.read(out.resolve("u_samples.npy")).data(),
                Npy.read(out16.resolve("u_samples.npy")).data(),
                0.0);
        assertEquals(16, report(out16).get("resolution").getAsInt());
        assertEquals(16, report(out16).get("priorResolution").getAsInt());
        // Resolution-agnostic use (FunDPS): the 16 x 16 prior on a 24 x 24 grid, said in the log and the report.
        Path out3 = dir.resolve("trained-fundps-24");
        PrintStream savedErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        CliRun run3;
        try {
            run3 = CliRun.of(
                    "solve",
                    "--problem",
                    "darcy-forward",
                    "--observations",
                    forwardObs.toString(),
                    "--method",
                    "fundps",
                    "--prior",
                    model.toString(),
                    "--samples",
                    "2",
                    "--steps",
                    "6",
                    "--resolution",
                    "24",
                    "--out",
                    out3.toString());
        } finally {
            System.setErr(savedErr);
        }
        assertEquals(0, run3.exitCode(), run3.err());
        assertEquals(24, report(out3).get("resolution").getAsInt());
        assertEquals(16, report(out3).get("priorResolution").getAsInt());
        List<String> warned = log.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("trained on 16 x 16") && l.contains("the grid is 24 x 24"))
                .toList();
        assertEquals(1, warned.size(), log.toString(StandardCharsets.UTF_8));
        assertEquals(
                List.of(2, 24, 24),
                Arrays.stream(Npy.read(out3.resolve("u_samples.npy")).shape())
                        .boxed()
                        .toList());
        CliRun notPrior = CliRun.of(
                "solve",
                "--problem",
                "darcy-forward",
                "--observations",
                forwardObs.toString(),
                "--method",
                "dps",
                "--prior",
                dir.toString(),
                "--out",
                dir.resolve("np").toString());
        assertEquals(2, notPrior.exitCode(), notPrior.err());
        assertFalse(Files.exists(dir.resolve("np")));
    }

    /**
     * A one-channel prior over a (a few training steps of a tiny U-Net on ln a: mechanics, not accuracy)
     * runs through {@code solve} with the solver in the likelihood: darcy-inverse is posed on log a (not on a
     * joint (a, u) space), the prior's samples are positive permeabilities whatever the network outputs, and
     * the guided samples fit the readings better than the same sampler without guidance (zeta 0).
     */
    @Test
    void oneChannelPriorOverAUsesTheSolver() throws IOException {
        Path data = dir.resolve("train-a.h5");
        assertEquals(
                0,
                CliRun.of(
                                "generate",
                                "darcy",
                                "--samples",
                                "24",
                                "--resolution",
                                "16",
                                "--seed",
                                "5",
                                "--threads",
                                "1",
                                "--out",
                                data.toString())
                        .exitCode());
        Path model = dir.resolve("prior-a");
        CliRun train = CliRun.of(
                "train-prior",
                "--dataset",
                data.toString(),
                "--fields",
                "a",
                "--log",
                "--arch",
                "unet",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--blocks",
                "1",
                "--groups",
                "2",
                "--embedding",
                "8",
                "--steps",
                "10",
                "--batch",
                "8",
                "--lr",
                "3e-3",
                "--threads",
                "1",
                "--seed",
                "2",
                "--out",
                model.toString());
        assertEquals(0, train.exitCode(), train.err());
        double[] misfit = new double[2];
        String[] zetas = {"0", "700"};
        for (int k = 0; k < 2; k++) {
            Path out = dir.resolve("one-channel-" + k);
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "darcy-inverse",
                    "--observations",
                    obs.toString(),
                    "--method",
                    "dps",
                    "--prior",
                    model.toString(),
                    "--zeta",
                    zetas[k],
                    "--samples",
                    "2",
                    "--steps",
                    "20",
                    "--truth",
                    truth.toString(),
                    "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            JsonObject report = report(out);
            assertEquals("log_a", report.getAsJsonArray("formulation").get(0).getAsString());
            assertEquals(1, report.getAsJsonArray("formulation").size());
            assertTrue(report.get("prior").getAsString().contains("trained"));
            for (double a : Npy.read(out.resolve("a_samples.npy")).data()) {
                assertTrue(a > 0, "a permeability sample " + a);
            }
            misfit[k] = report.get("dataMisfitPerReading").getAsDouble();
        }
        assertTrue(misfit[1] < 0.5 * misfit[0], "guided misfit " + misfit[1] + " vs unguided " + misfit[0]);
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String[] classicalSolve(String problem, Path observations, String method, Path out) {
        return new String[] {
            "solve",
            "--problem",
            problem,
            "--observations",
            observations.toString(),
            "--method",
            method,
            "--samples",
            "4",
            "--steps",
            "2",
            "--resolution",
            "16",
            "--out",
            out.toString()
        };
    }

    /**
     * A rerun into the --out of an earlier run replaces the folder whole: what is left is exactly what
     * the second command writes into a fresh folder (the first run's log_a files, which the second
     * problem does not have, are gone), and no hidden staging folder stays behind.
     */
    @Test
    void solveReplacesAnEarlierResultWhole() throws IOException {
        Path parent = Files.createDirectories(dir.resolve("replace"));
        Path out = parent.resolve("out");
        CliRun first = CliRun.of(classicalSolve("darcy-inverse", obs, "eki", out));
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(Files.exists(out.resolve("log_a_mean.npy")));
        CliRun second = CliRun.of(classicalSolve("darcy-forward", forwardObs, "tikhonov", out));
        assertEquals(0, second.exitCode(), second.err());
        Path fresh = parent.resolve("fresh");
        CliRun reference = CliRun.of(classicalSolve("darcy-forward", forwardObs, "tikhonov", fresh));
        assertEquals(0, reference.exitCode(), reference.err());
        assertFalse(Files.exists(out.resolve("log_a_mean.npy")), "a file of the first run is left");
        assertEquals(listing(fresh), listing(out));
        assertEquals(List.of("fresh", "out"), listing(parent), "no staging folder may be left");
    }

    /** An --out holding files of the user's own is refused before any work, with one line, and left as it was. */
    @Test
    void solveRefusesAFolderThatIsNotAPdeflowResult() throws IOException {
        Path out = Files.createDirectories(dir.resolve("users-folder"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of(classicalSolve("darcy-inverse", obs, "eki", out));
        assertEquals(2, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].contains("--out") && lines[0].contains("users-folder"), lines[0]);
        assertEquals(List.of("notes.txt"), listing(out));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        // An empty folder is taken.
        Path empty = Files.createDirectories(dir.resolve("empty-folder"));
        CliRun ok = CliRun.of(classicalSolve("darcy-inverse", obs, "eki", empty));
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(Files.exists(empty.resolve("report.json")));
    }

    /**
     * A run whose guidance blows up (FunDPS with a weight of 1e10: log a leaves the range of exp within
     * a few steps) fails with exit 1 and one line naming the method and the step, and leaves an
     * earlier result in --out as it was.
     */
    @Test
    void aRunThatBlowsUpFailsNamingMethodAndStepAndWritesNothing() throws IOException {
        Path out = dir.resolve("blown");
        CliRun earlier = CliRun.of(classicalSolve("darcy-inverse", obs, "eki", out));
        assertEquals(0, earlier.exitCode(), earlier.err());
        List<String> before = listing(out);
        String report = Files.readString(out.resolve("report.json"));
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "fundps",
                "--prior",
                "gaussian",
                "--weight",
                "1e10",
                "--samples",
                "2",
                "--steps",
                "10",
                "--resolution",
                "16",
                "--out",
                out.toString());
        assertEquals(1, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("pdeflow: failed: fundps diverged in Heun step "), lines[0]);
        assertTrue(lines[0].contains(" of 10: "), lines[0]);
        assertEquals(before, listing(out));
        assertEquals(report, Files.readString(out.resolve("report.json")));
    }

    /**
     * The case: darcy-inverse with the shipped prior (trained at 64 x 64, models/darcy64-edm-uno)
     * and neither --resolution nor --truth runs on 64 x 64, not on the problem's default 32. FunDPS with
     * weight 0 draws prior samples (5 Heun steps keep them well inside the divergence rule; 2 do not
     * reliably).
     */
    @Test
    void theShippedPriorSetsTheDefaultGrid() throws IOException {
        Path out = dir.resolve("shipped-grid");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "fundps",
                "--weight",
                "0",
                "--samples",
                "1",
                "--steps",
                "5",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(
                List.of(1, 64, 64),
                Arrays.stream(Npy.read(out.resolve("a_samples.npy")).shape())
                        .boxed()
                        .toList());
        JsonObject r = report(out);
        assertEquals(64, r.get("resolution").getAsInt());
        assertEquals(64, r.get("priorResolution").getAsInt());
        assertEquals(64, r.getAsJsonObject("settings").get("resolution").getAsInt());
    }

    /**
     * Gridded observations written here (the pressure of the true a on 16 x 16 nodes, solved by the
     * reference solver, read at every third interior node; arrays built in the test, written with Npz
     * and Npy) give the posterior of the same readings in a CSV file, at the nodes' coordinates
     * (i / 15, j / 15) in the documented C order; the archive sets the grid (no --resolution).
     */
    @Test
    void griddedObservationsGiveThePosteriorOfTheSameReadingsInCsv() throws IOException {
        int s = 16;
        double[] u = new DarcySolver(Grid2D.nodes(s, 1.0)).solve(Npy.read(truth).data());
        double[] values = new double[s * s];
        double[] mask = new double[s * s];
        Arrays.fill(values, Double.NaN);
        StringBuilder csv = new StringBuilder("x,y,value\n");
        for (int i = 1; i < s - 1; i += 3) {
            for (int j = 2; j < s - 1; j += 3) {
                values[i * s + j] = u[i * s + j];
                mask[i * s + j] = 1;
                csv.append(String.format(Locale.ROOT, "%.17g,%.17g,%.17g%n", i / 15.0, j / 15.0, u[i * s + j]));
            }
        }
        Path csvFile = Files.writeString(dir.resolve("grid-equivalent.csv"), csv.toString());
        Path npz = dir.resolve("grid_obs.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("values", NdArray.of2d(s, s, values));
        arrays.put("mask", NdArray.of2d(s, s, mask));
        Npz.write(npz, arrays);
        Path valuesNpy = dir.resolve("grid_values.npy");
        Path maskNpy = dir.resolve("grid_mask.npy");
        Npy.write(valuesNpy, NdArray.of2d(s, s, values));
        Npy.write(maskNpy, NdArray.of2d(s, s, mask));
        List<List<String>> inputs = List.of(
                List.of("--observations", csvFile.toString(), "--resolution", "16"),
                List.of("--observations", npz.toString()),
                List.of("--observations", valuesNpy.toString(), "--mask", maskNpy.toString()));
        double[][] means = new double[inputs.size()][];
        for (int k = 0; k < inputs.size(); k++) {
            Path out = dir.resolve("gridded-" + k);
            List<String> args = new ArrayList<>(List.of(
                    "solve",
                    "--problem",
                    "darcy-inverse",
                    "--method",
                    "eki",
                    "--samples",
                    "6",
                    "--steps",
                    "3",
                    "--seed",
                    "4",
                    "--sigma",
                    "1e-3",
                    "--out",
                    out.toString()));
            args.addAll(inputs.get(k));
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), inputs.get(k) + ": " + run.err());
            means[k] = Npy.read(out.resolve("log_a_mean.npy")).data();
            JsonObject r = report(out);
            assertEquals(16, r.get("resolution").getAsInt());
            assertEquals(5 * 5, r.getAsJsonObject("observations").get("count").getAsInt());
            assertEquals(
                    k == 0 ? "csv" : "gridded",
                    r.getAsJsonObject("observations").get("format").getAsString());
        }
        assertArrayEquals(means[0], means[1], 1e-12);
        assertArrayEquals(means[0], means[2], 1e-12);
    }

    /** A file in the other format, or gridded observations without what they need, is one line naming it. */
    @Test
    void wrongGriddedOrCsvFilesAreOneLineUsageErrors() throws IOException {
        Path npz = dir.resolve("wrong.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("values", NdArray.of2d(2, 2, new double[] {1, 2, 3, 4}));
        arrays.put("mask", NdArray.of2d(2, 2, new double[] {1, 0, 0, 1}));
        Npz.write(npz, arrays);
        Path npzAsCsv = Files.copy(npz, dir.resolve("archive.csv"));
        Path csvAsNpz = Files.copy(obs, dir.resolve("text.npz"));
        Path npy = dir.resolve("lonely.npy");
        Npy.write(npy, NdArray.of2d(2, 2, new double[] {1, 2, 3, 4}));
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--observations", npzAsCsv.toString(), "--sigma", "1"), "archive.csv: is a ZIP archive");
        cases.put(List.of("--observations", csvAsNpz.toString(), "--sigma", "1"), "text.npz: not a valid .npz");
        cases.put(List.of("--observations", npz.toString()), "give --sigma");
        cases.put(List.of("--observations", npy.toString(), "--sigma", "1"), "--mask");
        cases.put(List.of("--observations", obs.toString(), "--mask", npy.toString()), "--mask");
        int k = 0;
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Path out = dir.resolve("wrong-format-" + k++);
            List<String> args = new ArrayList<>(
                    List.of("solve", "--problem", "darcy-inverse", "--method", "eki", "--out", out.toString()));
            args.addAll(c.getKey());
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(2, run.exitCode(), c.getKey() + ": " + run.err());
            String[] lines = run.err().strip().split("\n");
            assertEquals(1, lines.length, run.err());
            assertTrue(lines[0].contains(c.getValue()), c.getKey() + ": " + lines[0]);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void badObservationFileFailsBeforeAnyWork() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x,y,value,sigma\n0.5,0.5,0.01,0.001\n0.25,0.5,0.02,-0.1\n");
        Path out = dir.resolve("bad-out");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                bad.toString(),
                "--method",
                "eki",
                "--out",
                out.toString());
        assertEquals(2, run.exitCode());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].contains("bad.csv") && lines[0].contains("line 3") && lines[0].contains("sigma"), lines[0]);
        assertFalse(Files.exists(out), "nothing may be written");
    }

    /**
     * --prior latent runs the method on the latent field of the data's own generative prior (a control):
     * every sample is a two-phase coefficient within [3, 12], and the guided run ends nearer the readings
     * than it started.
     */
    @Test
    void guidedMethodWithTheExactLatentPrior() throws IOException {
        Path out = dir.resolve("dps-latent");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-inverse",
                "--observations",
                obs.toString(),
                "--method",
                "dps",
                "--prior",
                "latent",
                "--zeta",
                "1500",
                "--samples",
                "4",
                "--steps",
                "30",
                "--truth",
                truth.toString(),
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject r = report(out);
        assertTrue(
                r.get("prior").getAsString().contains("latent"), r.get("prior").getAsString());
        for (double v : Npy.read(out.resolve("a_samples.npy")).data()) {
            assertTrue(v >= 3 - 1e-6 && v <= 12 + 1e-6, "a = " + v);
        }
        assertTrue(r.get("dataMisfit").getAsDouble()
                < r.getAsJsonArray("misfitHistory").get(0).getAsDouble());
    }

    /**
     * Unset, DPS' step is the one tuned for the prior given (--prior latent: 3000, not the shipped prior's
     * 12000; the other kinds: PriorHandleTest). The latent prior's a stays in [3, 12], so even a step tuned at
     * 64^2 cannot break the solver on this 16^2 case.
     */
    @Test
    void theDefaultGuidanceIsTheOneTunedForThePriorGiven() throws IOException {
        for (String[] prior : new String[][] {{"latent", "3000.0"}}) {
            Path out = dir.resolve("dps-default-" + prior[0]);
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "darcy-inverse",
                    "--observations",
                    obs.toString(),
                    "--method",
                    "dps",
                    "--prior",
                    prior[0],
                    "--samples",
                    "1",
                    "--steps",
                    "30",
                    "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals(
                    Double.parseDouble(prior[1]),
                    report(out).getAsJsonObject("settings").get("zetaPrime").getAsDouble(),
                    prior[0]);
        }
    }

    @Test
    void theLatentPriorIsRefusedWhereTheProblemHasNone() {
        Path out = dir.resolve("latent-forward");
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "darcy-forward",
                "--observations",
                forwardObs.toString(),
                "--method",
                "dps",
                "--prior",
                "latent",
                "--out",
                out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--prior latent"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(Files.exists(out), "nothing may be written");
    }

    @Test
    void unsupportedCombinationsAreUsageErrors() {
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "ns-inverse",
                "--observations",
                forwardObs.toString(),
                "--method",
                "diffusionpde",
                "--out",
                dir.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("joint"), run.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    /**
     * The classical baselines answer darcy-forward by reconstructing a from its readings; u is the
     * reference solver's pressure for that a projected onto the phases {3, 12}, recomputed here
     * independently from the written a.
     */
    @Test
    void classicalForwardGivesUFromTheSolver() throws IOException {
        for (String method : List.of("tikhonov", "eki")) {
            Path out = dir.resolve("forward-" + method);
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "darcy-forward",
                    "--observations",
                    forwardObs.toString(),
                    "--method",
                    method,
                    "--samples",
                    "4",
                    "--steps",
                    "20",
                    "--resolution",
                    "16",
                    "--out",
                    out.toString());
            assertEquals(0, run.exitCode(), run.err());
            double[][] a = samples(Npy.read(out.resolve("a_samples.npy")));
            double[][] u = samples(Npy.read(out.resolve("u_solver_samples.npy")));
            assertEquals(a.length, u.length);
            DarcySolver solver = new DarcySolver(Grid2D.nodes(16, 1.0));
            for (int k = 0; k < a.length; k++) {
                double[] phases = a[k].clone();
                for (int i = 0; i < phases.length; i++) {
                    phases[i] = phases[i] > 7.5 ? 12.0 : 3.0;
                }
                assertArrayEquals(solver.solve(phases), u[k], 1e-12);
            }
        }
    }

    private static double[][] samples(NdArray stacked) {
        int n = stacked.dim(1) * stacked.dim(2);
        double[][] out = new double[stacked.dim(0)][];
        for (int k = 0; k < out.length; k++) {
            out[k] = Arrays.copyOfRange(stacked.data(), k * n, (k + 1) * n);
        }
        return out;
    }

    /** Two 16 x 16 Darcy test pairs (a from the FNO distribution, u solved). */
    private static Path tinyDataset() throws IOException {
        Path h5 = dir.resolve("test.h5");
        if (Files.exists(h5)) {
            return h5;
        }
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
        new Hdf5DatasetWriter(2)
                .coordinate("x", xs, "x")
                .coordinate("y", xs, "y")
                .field(
                        "a",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "coefficient",
                        Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(as[i], 0, slab, 0, s * s))
                .field(
                        "u",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "pressure",
                        Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(us[i], 0, slab, 0, s * s))
                .write(h5, dir.resolve("test.h5.tmp"));
        return h5;
    }

    @Test
    void benchmarkInverseOnATinyDataset() throws IOException {
        Path h5 = tinyDataset();
        Path out = dir.resolve("bench");
        CliRun run = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "darcy-inverse,darcy-forward",
                "--methods",
                "fundps",
                "--dataset",
                h5.toString(),
                "--fields",
                "2",
                "--samples",
                "2",
                "--steps",
                "10",
                // FunDPS' default weight (300) blows up in 10 steps on these 16 x 16 problems (a failed cell)
                "--weight",
                "30",
                "--prior",
                "gaussian",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String md = Files.readString(out.resolve("benchmark.md"));
        assertTrue(
                md.contains("| darcy-inverse | a rel L2 | a error rate | u from a (solver) rel L2 |")
                        && md.contains("| darcy-forward | u rel L2 | u from a (solver) rel L2 | a error rate |")
                        && md.contains("| fundps | "),
                md);
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                .getAsJsonObject();
        assertEquals(2, json.getAsJsonArray("results").size());
        JsonObject metrics =
                json.getAsJsonArray("results").get(0).getAsJsonObject().getAsJsonObject("metrics");
        JsonObject rel = metrics.getAsJsonObject("a rel L2");
        assertEquals(2, rel.getAsJsonArray("perField").size());
        double e = rel.get("mean").getAsDouble();
        // The zero field has a relative error of exactly 1: a posterior mean does better.
        assertTrue(e > 0 && e < 1, "relative L2 " + e);
        double rate = metrics.getAsJsonObject("a error rate").get("mean").getAsDouble();
        assertTrue(rate >= 0 && rate <= 1, "error rate " + rate);
    }

    @Test
    void benchmarkSweepsWriteOneChartPerProblemWithASeriesPerMethod() throws IOException {
        Path h5 = tinyDataset();
        Path out = dir.resolve("sweep");
        CliRun run = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "darcy-inverse",
                "--methods",
                "dps,eki",
                "--dataset",
                h5.toString(),
                "--fields",
                "1",
                "--samples",
                "2",
                "--ensemble",
                "6",
                "--prior",
                "gaussian",
                // DPS' default zeta (0.5) drives log a past 10 prior standard deviations in a few steps here
                "--zeta",
                "0.3",
                "--sweep-steps",
                "6,10",
                "--sweep-readings",
                "10,30",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFiles(
                out,
                "darcy-inverse_error_vs_nfe.png",
                "darcy-inverse_error_vs_nfe.svg",
                "darcy-inverse_error_vs_nfe.csv",
                "darcy-inverse_error_vs_readings.png",
                "darcy-inverse_error_vs_readings.svg",
                "darcy-inverse_error_vs_readings.csv",
                "benchmark.md",
                "benchmark.json");
        List<String> nfe = Files.readAllLines(out.resolve("darcy-inverse_error_vs_nfe.csv"));
        assertEquals(1 + 4, nfe.size(), String.join("\n", nfe));
        // dps: NFE grows with the steps; the readings sweep records the readings it used
        String[] dps6 = nfe.get(1).split(",");
        String[] dps10 = nfe.get(2).split(",");
        assertEquals(List.of("darcy-inverse", "dps", "6"), List.of(dps6[0], dps6[1], dps6[2]));
        assertTrue(Double.parseDouble(dps10[4]) > Double.parseDouble(dps6[4]), nfe.toString());
        List<String> readings = Files.readAllLines(out.resolve("darcy-inverse_error_vs_readings.csv"));
        assertEquals(
                List.of("10", "30"),
                List.of(readings.get(1).split(",")[3], readings.get(2).split(",")[3]));
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                .getAsJsonObject();
        assertEquals(8, json.getAsJsonArray("results").size());
        // --samples for the sampler, --ensemble for the ensemble method
        for (var row : json.getAsJsonArray("results")) {
            JsonObject o = row.getAsJsonObject();
            assertEquals(
                    o.get("method").getAsString().equals("eki") ? 6 : 2,
                    o.get("samples").getAsInt(),
                    o.toString());
        }
        assertEquals(2, json.getAsJsonArray("figures").size());
        assertTrue(Files.readString(out.resolve("benchmark.md")).contains("| NFE / sample |"));
    }

    /**
     * A cell that blows up (FunDPS with a weight of 1e10) is recorded as failed with its reason in
     * benchmark.md and benchmark.json and left out of the sweep's CSV; the other method's cells are
     * kept, and the benchmark completes.
     */
    @Test
    void aBenchmarkCellThatBlowsUpIsRecordedAsFailedAndTheRestKept() throws IOException {
        Path h5 = tinyDataset();
        for (boolean sweep : List.of(false, true)) {
            Path out = dir.resolve(sweep ? "bench-failed-sweep" : "bench-failed");
            List<String> args = new ArrayList<>(List.of(
                    "benchmark",
                    "inverse",
                    "--problem",
                    "darcy-inverse",
                    "--methods",
                    "fundps,eki",
                    "--dataset",
                    h5.toString(),
                    "--fields",
                    "2",
                    "--samples",
                    "2",
                    "--steps",
                    "10",
                    "--weight",
                    "1e10",
                    "--prior",
                    "gaussian",
                    "--out",
                    out.toString()));
            if (sweep) {
                args.addAll(List.of("--sweep-steps", "8,10"));
            }
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), run.err());
            JsonObject json = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                    .getAsJsonObject();
            int cells = sweep ? 4 : 2;
            assertEquals(cells, json.getAsJsonArray("results").size());
            int failed = 0;
            for (int k = 0; k < cells; k++) {
                JsonObject row = json.getAsJsonArray("results").get(k).getAsJsonObject();
                if (row.get("method").getAsString().equals("fundps")) {
                    String reason = row.get("failed").getAsString();
                    assertTrue(reason.startsWith("field 0: fundps diverged in Heun step "), reason);
                    failed++;
                } else {
                    assertFalse(row.has("failed"), row.toString());
                    assertTrue(Double.isFinite(row.get("relativeL2Mean").getAsDouble()), row.toString());
                }
            }
            assertEquals(cells / 2, failed);
            String md = Files.readString(out.resolve("benchmark.md"));
            assertTrue(md.contains("| failed |") && md.contains("Failed: darcy-inverse fundps"), md);
            if (sweep) {
                List<String> csv = Files.readAllLines(out.resolve("darcy-inverse_error_vs_nfe.csv"));
                assertEquals(1 + 2, csv.size(), String.join("\n", csv));
                assertTrue(csv.get(1).startsWith("darcy-inverse,eki,8,")
                        && csv.get(2).startsWith("darcy-inverse,eki,10,"));
            }
        }
    }

    @Test
    void badSweepListsAreOneLineUsageErrors() throws IOException {
        Path h5 = tinyDataset();
        List<List<String>> bad = List.of(
                List.of("--sweep-steps", "0,5"),
                List.of("--sweep-steps", "5,5"),
                List.of("--sweep-readings", "a,b"),
                List.of("--sweep-readings", "-3"));
        int k = 0;
        for (List<String> option : bad) {
            Path out = dir.resolve("bad-sweep-" + k++);
            List<String> args = new ArrayList<>(List.of(
                    "benchmark",
                    "inverse",
                    "--problem",
                    "darcy-inverse",
                    "--methods",
                    "eki",
                    "--dataset",
                    h5.toString(),
                    "--out",
                    out.toString()));
            args.addAll(option);
            CliRun run = CliRun.of(args.toArray(new String[0]));
            assertEquals(2, run.exitCode(), option + ": " + run.err());
            // one line naming the option (picocli's own conversion errors add the usual "Try --help" line)
            String[] lines = run.err().strip().split("\n");
            assertTrue(
                    lines[0].contains(option.get(0))
                            && lines.length <= 2
                            && (lines.length == 1 || lines[1].startsWith("Try")),
                    run.err());
            assertFalse(Files.exists(out), "nothing may be written");
        }
        CliRun noOut = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "darcy-inverse",
                "--methods",
                "eki",
                "--dataset",
                h5.toString(),
                "--sweep-steps",
                "2,4");
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("--out"), noOut.err());
    }
    /**
     * ns-inverse cells: stride, noise and first field reach the readings and the report; EKI's evaluation count
     * is exact.
     */
    @Test
    void benchmarkInverseNavierStokesOptions() throws IOException {
        Path h5 = dir.resolve("ns.h5");
        int s = 16;
        double[][] w = new double[3][];
        SplittableRandom rng = new SplittableRandom(5);
        PeriodicGaussianField grf =
                new PeriodicGaussianField(Grid2D.periodic(s, 2 * Math.PI), new GrfSpec(2.5, 3.0, 20.0, true));
        for (int k = 0; k < 3; k++) {
            w[k] = grf.sample(rng);
        }
        double[] xs = new double[s];
        for (int i = 0; i < s; i++) {
            xs[i] = 2 * Math.PI * i / s;
        }
        // u is not read for ns-inverse (readings come from the problem's own forward solve): zeros here.
        new Hdf5DatasetWriter(3)
                .attribute("variant", "inversebench")
                .attribute("dealiasing", "per-axis 2/3 rule")
                .coordinate("x", xs, "x")
                .coordinate("y", xs, "y")
                .field(
                        "a",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "omega0",
                        Precision.FLOAT64,
                        (i, slab) -> System.arraycopy(w[i], 0, slab, 0, s * s))
                .field("u", new int[] {s, s}, List.of("x", "y"), "omega(T)", Precision.FLOAT64, (i, slab) -> {})
                .write(h5, dir.resolve("ns.h5.tmp"));
        Path out = dir.resolve("bench-ns");
        CliRun run = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "ns-inverse",
                "--methods",
                "eki",
                "--dataset",
                h5.toString(),
                "--first",
                "1",
                "--fields",
                "2",
                "--samples",
                "2",
                "--steps",
                "1",
                "--stride",
                "4",
                "--noise",
                "0.5",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject row = JsonParser.parseString(Files.readString(out.resolve("benchmark.json")))
                .getAsJsonObject()
                .getAsJsonArray("results")
                .get(0)
                .getAsJsonObject();
        assertEquals(1, row.get("firstField").getAsInt());
        assertEquals(4, row.get("stride").getAsInt());
        assertEquals(0.5, row.get("noise").getAsDouble());
        assertEquals(
                2 * (1 + 1), row.get("forwardEvaluationsPerField").getAsDouble(), "EKI: J particles x (N + 1) batches");
        assertTrue(row.get("forwardSecondsPerField").getAsDouble() > 0);
        assertTrue(Files.readString(out.resolve("benchmark.md")).contains("readings at stride 4, noise 0.5"));
        CliRun tooFew = CliRun.of(
                "benchmark",
                "inverse",
                "--problem",
                "ns-inverse",
                "--methods",
                "eki",
                "--dataset",
                h5.toString(),
                "--first",
                "2",
                "--fields",
                "2",
                "--out",
                dir.resolve("none").toString());
        assertEquals(2, tooFew.exitCode(), tooFew.err());
        assertTrue(tooFew.err().contains("--first + --fields"), tooFew.err());
    }

    /** Options that cannot work are refused before any work: one line, exit 2, no output folder. */
    @Test
    void impossibleSizesAreRefusedBeforeAnyWork() {
        for (String[] bad : new String[][] {
            {"--resolution", "1000000"}, {"--resolution", "2"}, {"--plot-size", "0"}, {"--plot-size", "100000"}
        }) {
            Path out = dir.resolve("refused-" + bad[0].substring(2) + bad[1]);
            CliRun run = CliRun.of(
                    "solve",
                    "--problem",
                    "darcy-inverse",
                    "--observations",
                    obs.toString(),
                    "--method",
                    "tikhonov",
                    bad[0],
                    bad[1],
                    "--out",
                    out.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains(bad[0]) && run.err().strip().lines().count() == 1, run.err());
            assertFalse(Files.exists(out), out.toString());
        }
    }
}
