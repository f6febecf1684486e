package org.pdeflow.inverse.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.pde.grid.Grid2D;

/** Runs a real child process (a small Java program, {@link ExternalProgramFixture}) per evaluation. */
class ExternalForwardModelTest {

    private static final Grid2D GRID = Grid2D.nodes(6, 1.0);
    private static final Unknowns UNKNOWNS = Unknowns.single("u", GRID);
    private static final int M = 9;

    @TempDir
    Path work;

    private static List<String> java(String mode, String... more) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ExternalProgramFixture.class.getName(),
                mode));
        cmd.addAll(List.of(more));
        return cmd;
    }

    private static double[] field(double shift) {
        double[] u = new double[GRID.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = Math.sin(0.7 * i) + shift;
        }
        return u;
    }

    private ExternalForwardModel model(List<String> command, Duration timeout) {
        return ExternalForwardModel.builder(command, UNKNOWNS, M)
                .timeout(timeout)
                .maxConcurrent(2)
                .workDirectory(work)
                .build();
    }

    @Test
    void evaluatesAndBatchesInInputOrder() throws Exception {
        ExternalForwardModel model = model(java("ok", "{input}", "{output}"), Duration.ofSeconds(60));
        GridSubsampling every2nd = new GridSubsampling(GRID, 2);
        double[][] xs = {field(0), field(1), field(-2)};
        double[][] ys = model.applyBatch(xs);
        for (int b = 0; b < xs.length; b++) {
            double[] expected = every2nd.apply(xs[b]);
            for (int k = 0; k < M; k++) {
                expected[k] *= 2;
            }
            // The program reads the float64 .npy we wrote and doubles exact values: bit-exact.
            assertArrayEquals(expected, ys[b], 0.0, "member " + b);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "per-evaluation directories are deleted");
        }
        // Without placeholders the input and output paths are appended.
        ExternalForwardModel appended = model(java("ok"), Duration.ofSeconds(60));
        assertArrayEquals(ys[0], appended.apply(xs[0]), 0.0);
        assertFalse(model.hasGradient());
    }

    @Test
    void nonZeroExitIsReportedWithStatusAndStderrTail() {
        ExternalForwardModel model = model(java("fail", "{input}", "{output}"), Duration.ofSeconds(60));
        ForwardModelException e = assertThrows(ForwardModelException.class, () -> model.apply(field(0)));
        String msg = e.getMessage();
        assertTrue(msg.contains("exited with status 3"), msg);
        assertTrue(msg.contains("boom: solver diverged at step 17"), msg);
        assertTrue(msg.contains(ExternalProgramFixture.class.getName()), "names the command: " + msg);
        assertFalse(msg.contains("\n"), "one line");
    }

    @Test
    void timeoutKillsTheProcess() throws Exception {
        Path pidFile = work.resolve("pid.txt");
        ExternalForwardModel model =
                model(java("sleep", "{input}", "{output}", pidFile.toString()), Duration.ofSeconds(3));
        long t0 = System.nanoTime();
        ForwardModelException e = assertThrows(ForwardModelException.class, () -> model.apply(field(0)));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        assertTrue(e.getMessage().contains("timed out after 3 s and was killed"), e.getMessage());
        assertTrue(seconds < 30, "returned after " + seconds + " s, not after the program's 60 s sleep");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still alive");
    }

    @Test
    void badOutputsAreReportedClearly() {
        String[][] cases = {
            {"nooutput", "wrote no output.npy"},
            {"shape", "of shape (3, 3); expected a 1-D array of shape (9,)"},
            {"nan", "non-finite value NaN at index 1"},
            {"garbage", "unreadable output.npy"},
        };
        for (String[] c : cases) {
            ExternalForwardModel model = model(java(c[0], "{input}", "{output}"), Duration.ofSeconds(60));
            ForwardModelException e = assertThrows(ForwardModelException.class, () -> model.apply(field(0)), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void aFailingMemberFailsTheBatch() {
        ExternalForwardModel model = model(java("fail", "{input}", "{output}"), Duration.ofSeconds(60));
        assertThrows(
                ForwardModelException.class, () -> model.applyBatch(new double[][] {field(0), field(1), field(2)}));
        assertThrows(IllegalArgumentException.class, () -> model.apply(new double[3]));
        ExternalForwardModel missing =
                model(List.of(work.resolve("no-such-program").toString()), Duration.ofSeconds(5));
        ForwardModelException e = assertThrows(ForwardModelException.class, () -> missing.apply(field(0)));
        assertTrue(e.getMessage().contains("could not be started"), e.getMessage());
    }
}
