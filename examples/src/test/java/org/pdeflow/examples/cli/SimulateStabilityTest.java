package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Time steps that would return garbage or take hours: {@code simulate ns} refuses Courant numbers
 * above the IMEX stepper's bound and stops a run that grows beyond the energy estimate (exit 1, one
 * line, nothing written); both simulate commands refuse a run estimated at hours unless
 * {@code --allow-long}.
 */
class SimulateStabilityTest {

    @TempDir
    Path dir;

    /** A vorticity field of random modes |m1|, |m2| <= 4 with amplitudes 40 N(0,1) / (1 + |m|²). */
    private Path vorticity(String name, int n, double scale) throws IOException {
        Grid2D g = Grid2D.periodic(n, 2 * Math.PI);
        Random random = new Random(3);
        double[] w = new double[n * n];
        for (int m1 = -4; m1 <= 4; m1++) {
            for (int m2 = 0; m2 <= 4; m2++) {
                if (m2 == 0 && m1 <= 0) {
                    continue;
                }
                double a = scale * 40 * random.nextGaussian() / (1 + m1 * m1 + m2 * m2);
                double phase = 2 * Math.PI * random.nextDouble();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        w[g.index(i, j)] += a * Math.cos(m1 * g.x(i) + m2 * g.y(j) + phase);
                    }
                }
            }
        }
        Path p = dir.resolve(name);
        Npy.write(p, NdArray.of2d(n, n, w));
        return p;
    }

    private Path existingOutput() throws IOException {
        Path out = dir.resolve("out.npy");
        Files.writeString(out, "keep me");
        return out;
    }

    private static String oneLine(CliRun run) {
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + run.err());
        assertFalse(lines[0].contains("Exception"), lines[0]);
        return lines[0];
    }

    @Test
    void courantNumbersAboveTheBoundAreRefused() throws IOException {
        Path w0 = vorticity("w0.npy", 32, 0.1);
        Path out = existingOutput();
        for (String c : new String[] {"0.5", "0.34", "2", "0", "-0.1"}) {
            CliRun run = CliRun.of(
                    "simulate",
                    "ns",
                    "--initial",
                    w0.toString(),
                    "--time",
                    "0.5",
                    "--courant",
                    c,
                    "--out",
                    out.toString());
            assertEquals(Pdeflow.USAGE, run.exitCode(), run.err());
            assertTrue(oneLine(run).contains("--courant must be in (0, 0.3376]"), run.err());
            assertEquals("keep me", Files.readString(out));
        }
        CliRun atTheBound = CliRun.of(
                "simulate",
                "ns",
                "--initial",
                w0.toString(),
                "--time",
                "0.5",
                "--courant",
                "0.3376",
                "--out",
                out.toString());
        assertEquals(0, atTheBound.exitCode(), atTheBound.err());
        assertEquals(32, Npy.read(out).dim(0));
    }

    @Test
    void aRunThatGrowsBeyondTheEnergyBoundFailsAndWritesNothing() throws IOException {
        // Unforced and nearly inviscid, the exact flow keeps its rms vorticity; Heun's growth at the
        // cut-off makes the computed one rise even at C = 0.3, and the run must stop.
        Path w0 = vorticity("w0.npy", 32, 1);
        Path out = existingOutput();
        Path png = dir.resolve("w.png");
        CliRun run = CliRun.of(
                "simulate",
                "ns",
                "--initial",
                w0.toString(),
                "--time",
                "100",
                "--forcing",
                "none",
                "--viscosity",
                "1e-9",
                "--courant",
                "0.3",
                "--max-step",
                "0.05",
                "--out",
                out.toString(),
                "--plot",
                png.toString());
        assertEquals(Pdeflow.FAILURE, run.exitCode(), run.err());
        String line = oneLine(run);
        assertTrue(line.startsWith("pdeflow: failed: simulate ns: the flow diverged by t = "), line);
        assertTrue(line.contains("nothing written"), line);
        assertEquals("keep me", Files.readString(out));
        assertFalse(Files.exists(png));
    }

    @Test
    void runsOfHoursAreRefusedUpFront() throws IOException {
        Path out = existingOutput();
        // vorticity in the wrong units: a million times too large, so the CFL step is a million times too small
        Path big = vorticity("big.npy", 32, 1e6);
        CliRun scaled =
                CliRun.of("simulate", "ns", "--initial", big.toString(), "--time", "8", "--out", out.toString());
        assertEquals(Pdeflow.USAGE, scaled.exitCode(), scaled.err());
        String line = oneLine(scaled);
        assertTrue(line.contains("hours") && line.contains("big.npy") && line.contains("--allow-long"), line);
        // a tiny --max-step
        Path w0 = vorticity("w0.npy", 32, 1);
        CliRun tiny = CliRun.of(
                "simulate",
                "ns",
                "--initial",
                w0.toString(),
                "--time",
                "8",
                "--max-step",
                "1e-9",
                "--out",
                out.toString());
        assertEquals(Pdeflow.USAGE, tiny.exitCode(), tiny.err());
        assertTrue(oneLine(tiny).contains("--max-step"), tiny.err());
        assertEquals("keep me", Files.readString(out));

        // a velocity model a million times too fast (2000 m/s written in micrometres per second)
        double[] c = new double[21 * 21];
        Arrays.fill(c, 2e9);
        Path fast = dir.resolve("c.npy");
        Npy.write(fast, NdArray.of2d(21, 21, c));
        CliRun wave = CliRun.of(
                "simulate",
                "wave",
                "--velocity",
                fast.toString(),
                "--sources",
                "100,10",
                "--receivers",
                "50,10;150,10",
                "--time",
                "20",
                "--out",
                out.toString());
        assertEquals(Pdeflow.USAGE, wave.exitCode(), wave.err());
        String waveLine = oneLine(wave);
        assertTrue(
                waveLine.contains("hours") && waveLine.contains("c.npy") && waveLine.contains("--allow-long"),
                waveLine);
        assertEquals("keep me", Files.readString(out));
    }
}
