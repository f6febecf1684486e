package org.pdeflow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFolderTest {

    @TempDir
    Path dir;

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThenReplacesItsOwnFolder() throws Exception {
        Path out = dir.resolve("report");
        ReportFolder.write(out, "--out", d -> Files.writeString(d.resolve("old.txt"), "1"));
        assertTrue(Files.exists(out.resolve("old.txt")) && Files.exists(out.resolve(ReportFolder.MARKER)));
        ReportFolder.write(out, "--out", d -> Files.writeString(d.resolve("new.txt"), "2"));
        assertFalse(Files.exists(out.resolve("old.txt")), "the previous report is replaced, not merged");
        assertEquals("2", Files.readString(out.resolve("new.txt")));
        assertEquals(List.of("report"), siblings(), "no temporary folders are left behind");
    }

    @Test
    void aFailureLeavesThePreviousReportUntouched() throws Exception {
        Path out = dir.resolve("report");
        ReportFolder.write(out, "--out", d -> Files.writeString(d.resolve("kept.txt"), "1"));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ReportFolder.write(out, "--out", d -> {
                    Files.writeString(d.resolve("half.txt"), "x");
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", e.getMessage());
        assertEquals("1", Files.readString(out.resolve("kept.txt")));
        assertFalse(Files.exists(out.resolve("half.txt")));
        assertEquals(List.of("report"), siblings());
    }

    @Test
    void foreignFoldersAndFilesAreRefusedBeforeAnyWork() throws Exception {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "precious");
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        boolean[] ran = {false};
        for (Path bad : List.of(mine, file)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> ReportFolder.write(bad, "--out", d -> ran[0] = true));
            assertTrue(e.getMessage().startsWith("--out " + bad), e.getMessage());
        }
        assertFalse(ran[0]);
        assertEquals("precious", Files.readString(mine.resolve("thesis.tex")));
        // An empty folder may be used.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ReportFolder.write(empty, "--out", d -> Files.writeString(d.resolve("a.txt"), "a"));
        assertTrue(Files.exists(empty.resolve("a.txt")));
    }
}
