package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.DType;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.pde.elliptic.PoissonSolver;
import org.pdeflow.pde.grid.Grid2D;

/** The simulate commands end to end: files in, files out, exit codes and one-line errors. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private Path npy(String name, NdArray a, DType type) throws IOException {
        Path p = dir.resolve(name);
        Npy.write(p, a, type);
        return p;
    }

    private static NdArray constant(int nx, int ny, double v) {
        double[] d = new double[nx * ny];
        Arrays.fill(d, v);
        return NdArray.of2d(nx, ny, d);
    }

    @Test
    void darcyWithConstantCoefficientIsPoissonScaled() throws IOException {
        // -div(2 grad u) = 1 is -lap(u) = 1/2: an independent solver gives the same field.
        int s = 33;
        Path a = npy("a.npy", constant(s, s, 2.0), DType.FLOAT32);
        Path u = dir.resolve("out/u.npy");
        Path png = dir.resolve("out/u.png");
        CliRun run = CliRun.of(
                "simulate", "darcy", "--coefficient", a.toString(), "--out", u.toString(), "--plot", png.toString());
        assertEquals(0, run.exitCode(), run.err());
        NdArray result = Npy.read(u);
        assertArrayEquals(new int[] {s, s}, result.shape());
        double[] f = new double[s * s];
        Arrays.fill(f, 0.5);
        double[] expected = new PoissonSolver(Grid2D.nodes(s, 1.0)).solve(f);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], result.data()[k], 1e-12);
        }
        assertPictureHasContent(png);
    }

    @Test
    void badCoefficientFilesFailWithOneLineAndWriteNothing() throws IOException {
        Path u = dir.resolve("u.npy");
        Files.writeString(u, "keep me");
        double[] nan = new double[16];
        nan[5] = Double.NaN;
        double[] negative = new double[16];
        Arrays.fill(negative, 1);
        negative[3] = -1;
        Object[][] cases = {
            {dir.resolve("missing.npy"), "no such file"},
            {npy("rect.npy", constant(4, 5, 1), DType.FLOAT64), "square"},
            {npy("nan.npy", NdArray.of2d(4, 4, nan), DType.FLOAT64), "finite"},
            {npy("neg.npy", NdArray.of2d(4, 4, negative), DType.FLOAT64), "positive"},
            {npy("cube.npy", new NdArray(new int[] {2, 2, 2}, new double[8]), DType.FLOAT64), "2-D"},
        };
        for (Object[] c : cases) {
            Path bad = (Path) c[0];
            CliRun run = CliRun.of("simulate", "darcy", "--coefficient", bad.toString(), "--out", u.toString());
            assertEquals(2, run.exitCode(), run.err());
            String[] lines = run.err().strip().split("\n");
            assertEquals(1, lines.length, "one line: " + run.err());
            assertTrue(lines[0].contains(bad.toString()) && lines[0].contains((String) c[1]), lines[0]);
            assertEquals("keep me", Files.readString(u), "existing output must not be touched");
        }
    }

    @Test
    void outputsGetThePermissionsOfAnyNewFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(plain));
        Path a = npy("a.npy", constant(9, 9, 1.0), DType.FLOAT64);
        Path u = dir.resolve("u.npy");
        Path png = dir.resolve("u.png");
        CliRun run = CliRun.of(
                "simulate", "darcy", "--coefficient", a.toString(), "--out", u.toString(), "--plot", png.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (Path p : new Path[] {u, png}) {
            assertEquals(expected, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, CliRun.of("simulate", "darcy", "--out", "x.npy").exitCode());
        assertEquals(
                2,
                CliRun.of("simulate", "ns", "--initial", "w.npy", "--out", "x.npy", "--bogus")
                        .exitCode());
        assertEquals(2, CliRun.of("frobnicate").exitCode());
        assertEquals(2, CliRun.of().exitCode());
        CliRun help = CliRun.of("simulate", "ns", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--reynolds") && help.out().contains("--snapshots"), help.out());
    }

    @Test
    void navierStokesTaylorGreenDecaysAtTheAnalyticRate() throws IOException {
        // w = 2 k^2 sin(kx) sin(ky): the nonlinear term vanishes and it decays as exp(-2 nu k^2 t).
        int n = 16;
        int k = 2;
        double nu = 0.05;
        Grid2D g = Grid2D.periodic(n, 2 * Math.PI);
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[g.index(i, j)] = 2 * k * k * Math.sin(k * g.x(i)) * Math.sin(k * g.y(j));
            }
        }
        Path w0 = npy("w0.npy", NdArray.of2d(n, n, w), DType.FLOAT64);
        Path out = dir.resolve("wT.npy");
        CliRun run = CliRun.of(
                "simulate",
                "ns",
                "--initial",
                w0.toString(),
                "--snapshots",
                "0.25,0.5",
                "--time",
                "1",
                "--forcing",
                "none",
                "--viscosity",
                Double.toString(nu),
                "--integrator",
                "dp853",
                "--tolerance",
                "1e-10",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        NdArray stack = Npy.read(out);
        assertArrayEquals(new int[] {3, n, n}, stack.shape());
        double[] times = {0.25, 0.5, 1.0};
        for (int s = 0; s < 3; s++) {
            double decay = Math.exp(-2 * nu * k * k * times[s]);
            for (int p = 0; p < n * n; p++) {
                assertEquals(w[p] * decay, stack.data()[s * n * n + p], 1e-8);
            }
        }
    }

    @Test
    void navierStokesTimeIsTheLastOutputTime() throws IOException {
        // Taylor-Green again: w(t) = w(0) exp(-2 nu k^2 t).
        int n = 16;
        int k = 1;
        double nu = 0.1;
        Grid2D g = Grid2D.periodic(n, 2 * Math.PI);
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[g.index(i, j)] = 2 * k * k * Math.sin(k * g.x(i)) * Math.sin(k * g.y(j));
            }
        }
        Path w0 = npy("w0.npy", NdArray.of2d(n, n, w), DType.FLOAT64);
        Path out = dir.resolve("traj.npy");
        String[] common = {
            "simulate",
            "ns",
            "--initial",
            w0.toString(),
            "--forcing",
            "none",
            "--viscosity",
            Double.toString(nu),
            "--integrator",
            "dp853",
            "--tolerance",
            "1e-10",
            "--out",
            out.toString()
        };
        Function<String[], CliRun> run = extra -> {
            String[] args = Arrays.copyOf(common, common.length + extra.length);
            System.arraycopy(extra, 0, args, common.length, extra.length);
            return CliRun.of(args);
        };
        // before the last snapshot: refused, not silently dropped
        CliRun early = run.apply(new String[] {"--snapshots", "0.5", "--time", "0.25"});
        assertEquals(2, early.exitCode(), early.err());
        assertEquals(1, early.err().strip().split("\\R").length, early.err());
        assertTrue(early.err().contains("--time 0.25"), early.err());
        assertFalse(Files.exists(out));
        // after it: added as the last snapshot
        CliRun later = run.apply(new String[] {"--snapshots", "0.25", "--time", "0.5"});
        assertEquals(0, later.exitCode(), later.err());
        NdArray stack = Npy.read(out);
        assertArrayEquals(new int[] {2, n, n}, stack.shape());
        double[] times = {0.25, 0.5};
        for (int s = 0; s < 2; s++) {
            for (int p = 0; p < n * n; p++) {
                assertEquals(w[p] * Math.exp(-2 * nu * k * k * times[s]), stack.data()[s * n * n + p], 1e-8);
            }
        }
        // equal to it: one output time, still a stack
        CliRun same = run.apply(new String[] {"--snapshots", "0.5", "--time", "0.5"});
        assertEquals(0, same.exitCode(), same.err());
        assertArrayEquals(new int[] {1, n, n}, Npy.read(out).shape());
    }

    @Test
    void navierStokesRejectsNonSquareInput() throws IOException {
        Path w0 = npy("w0.npy", constant(8, 6, 0), DType.FLOAT64);
        CliRun run = CliRun.of(
                "simulate",
                "ns",
                "--initial",
                w0.toString(),
                "--time",
                "1",
                "--out",
                dir.resolve("o.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("w0.npy") && run.err().contains("square"), run.err());
        assertFalse(Files.exists(dir.resolve("o.npy")));
    }

    @Test
    void waveRecordsTracesOfTheDocumentedShape() throws IOException {
        int nx = 41;
        int ny = 31;
        Path c = npy("c.npy", constant(nx, ny, 2000), DType.FLOAT64);
        Path out = dir.resolve("traces.npy");
        Path png = dir.resolve("traces.png");
        CliRun run = CliRun.of(
                "simulate",
                "wave",
                "--velocity",
                c.toString(),
                "--spacing",
                "10",
                "--sources",
                "200,150",
                "--receivers",
                "100,150;300,150;350,100",
                "--frequency",
                "15",
                "--time",
                "0.3",
                "--sample-interval",
                "0.002",
                "--out",
                out.toString(),
                "--plot",
                png.toString());
        assertEquals(0, run.exitCode(), run.err());
        NdArray traces = Npy.read(out);
        assertArrayEquals(new int[] {1, 3, 151}, traces.shape());
        double peak = maxAbs(traces.data());
        // Receivers 1 and 2 sit symmetrically 100 m from the source in a homogeneous medium.
        for (int k = 0; k < 151; k++) {
            assertEquals(traces.data()[k], traces.data()[151 + k], 1e-9 * peak);
        }
        // Nothing arrives at 100 m before delay + distance / c, less 1.2 periods: the Ricker
        // wavelet is below 2e-5 of its peak that far from its centre.
        double arrival = 1.5 / 15 + 100 / 2000.0 - 1.2 / 15;
        for (int k = 0; k < (int) (arrival / 0.002); k++) {
            assertTrue(Math.abs(traces.data()[k]) < 1e-3 * peak, "early signal at sample " + k);
        }
        assertPictureHasContent(png);

        CliRun outside = CliRun.of(
                "simulate",
                "wave",
                "--velocity",
                c.toString(),
                "--sources",
                "9000,10",
                "--receivers",
                "10,10",
                "--out",
                dir.resolve("x.npy").toString());
        assertEquals(2, outside.exitCode());
        assertTrue(outside.err().contains("outside the model"), outside.err());
    }

    private static double maxAbs(double[] d) {
        double m = 0;
        for (double v : d) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static void assertPictureHasContent(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 300 && img.getHeight() >= 300, "picture size");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 50, "a heatmap has many colours, found " + colours.size());
    }
}
