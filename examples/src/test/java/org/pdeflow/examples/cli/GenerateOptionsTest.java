package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.DatasetReader;

/**
 * {@code generate} writes HDF5 only under an HDF5 name, and refuses options the chosen preset does
 * not read instead of silently ignoring them: exit 2, one line, nothing written.
 */
class GenerateOptionsTest {

    @TempDir
    Path dir;

    private void refused(String expected, String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(Pdeflow.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].contains(expected), lines[0]);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "nothing written (no file, no .partial folder)");
        }
    }

    @Test
    void theOutputMustBeNamedAsHdf5() throws IOException {
        for (String name : List.of("d.npz", "d.npy", "d")) {
            refused(
                    "--out " + dir.resolve(name),
                    "generate",
                    "darcy",
                    "--samples",
                    "2",
                    "--resolution",
                    "8",
                    "--out",
                    dir.resolve(name).toString());
        }
    }

    @Test
    void optionsOfOtherPresetsAreRefused() throws IOException {
        String out = dir.resolve("d.h5").toString();
        refused(
                "--variant applies to the ns preset only",
                "generate",
                "darcy",
                "--samples",
                "2",
                "--variant",
                "li2021",
                "--out",
                out);
        refused(
                "--horizon applies to the ns preset only",
                "generate",
                "poisson",
                "--samples",
                "2",
                "--horizon",
                "3",
                "--out",
                out);
        for (String[] wave : new String[][] {
            {"--spacing", "5"}, {"--frequency", "20"}, {"--layers", "2-3"}, {"--velocities", "1000-2000"}
        }) {
            refused(
                    wave[0] + " applies to the wave preset only",
                    "generate",
                    "darcy",
                    "--samples",
                    "2",
                    wave[0],
                    wave[1],
                    "--out",
                    out);
            refused(
                    wave[0] + " applies to the wave preset only",
                    "generate",
                    "ns",
                    "--samples",
                    "2",
                    wave[0],
                    wave[1],
                    "--out",
                    out);
        }
        refused(
                "--burn-in applies to the ns inversebench preset only",
                "generate",
                "ns",
                "--variant",
                "li2021",
                "--samples",
                "2",
                "--burn-in",
                "3",
                "--out",
                out);
        refused(
                "--snapshots applies to the ns inversebench preset only",
                "generate",
                "ns",
                "--variant",
                "li2021",
                "--samples",
                "2",
                "--snapshots",
                "4",
                "--out",
                out);
        refused(
                "--snapshots applies to the ns inversebench preset only",
                "generate",
                "wave",
                "--samples",
                "2",
                "--snapshots",
                "4",
                "--out",
                out);
        refused("unknown preset 'burgers'", "generate", "burgers", "--samples", "2", "--spacing", "3", "--out", out);
    }

    @Test
    void optionsOfTheChosenPresetAreAccepted() throws IOException {
        Path out = dir.resolve("w.hdf5");
        CliRun run = CliRun.of(
                "generate",
                "wave",
                "--samples",
                "1",
                "--resolution",
                "16",
                "--spacing",
                "20",
                "--frequency",
                "8",
                "--layers",
                "2-2",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (DatasetReader r = DatasetReader.open(out)) {
            assertEquals("wave", r.requireString("preset"));
            assertEquals(20.0, r.requireDouble("spacing"));
        }
    }
}
