package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.bench.SolverBenchmark;

/** The Navier-Stokes demo and the benchmark run end to end on small settings (the Darcy demo: DemoCommandTest). */
class DemoAndBenchTest {

    @TempDir
    Path dir;

    @Test
    void nsDemoWritesTrajectoryPlotsAndDiagnostics() throws IOException {
        CliRun run = CliRun.of("demo", "ns", "--out", dir.toString(), "--resolution", "32", "--time", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(
                new int[] {4, 32, 32}, Npy.read(dir.resolve("vorticity.npy")).shape());
        SimulateCommandTest.assertPictureHasContent(dir.resolve("vorticity.png"));
        List<String> csv = Files.readAllLines(dir.resolve("diagnostics.csv"));
        assertEquals("t,kinetic_energy,enstrophy", csv.get(0));
        assertEquals(6, csv.size());
        String summary = Files.readString(dir.resolve("summary.txt"));
        // The IMEX stepper must stay close to the DP853 reference over the first time unit.
        String diff = summary.lines()
                .filter(l -> l.startsWith("IMEX vs DP853"))
                .findFirst()
                .orElseThrow();
        double rel = Double.parseDouble(diff.substring(diff.lastIndexOf(' ') + 1));
        assertTrue(rel < 1e-3, diff);
    }

    /** A short run has fewer snapshots than panels: each is shown once, the last always. */
    @Test
    void nsDemoShowsEachSnapshotOnce() {
        assertEquals(List.of(0, 1, 2, 3), DemoNsCommand.panelFrames(4));
        assertEquals(List.of(0), DemoNsCommand.panelFrames(1));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), DemoNsCommand.panelFrames(8));
        List<Integer> many = DemoNsCommand.panelFrames(40);
        assertEquals(7, many.size());
        assertEquals(39, many.get(6));
    }

    @Test
    void benchPrintsARatioForEverySolver() {
        CliRun run = CliRun.of("bench", "--sizes", "16", "--repetitions", "1", "--warmups", "0");
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(l -> l.contains(" 16²")).toList();
        assertEquals(SolverBenchmark.ROWS_PER_SIZE, rows.size(), run.out());
        Pattern ratio = Pattern.compile("\\s(\\d+\\.\\d\\d)\\s{3}");
        for (String row : rows) {
            Matcher m = ratio.matcher(row);
            assertTrue(m.find(), row);
            double r = Double.parseDouble(m.group(1));
            assertTrue(r > 0 && Double.isFinite(r), row);
        }
    }
}
