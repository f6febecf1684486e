package org.pdeflow.datasets.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSwapTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheWholeFolderAndLeavesNoStagingBehind() throws IOException {
        Path target = dir.resolve("out");
        Files.createDirectories(target.resolve("sub"));
        Files.writeString(target.resolve("old.txt"), "old");
        Files.writeString(target.resolve("sub/deep.txt"), "old");
        Path staged = FolderSwap.stage(target, "writing");
        assertTrue(staged.getFileName().toString().startsWith(".out.writing-"), staged.toString());
        Files.writeString(staged.resolve("new.txt"), "new");
        FolderSwap.install(staged, target);
        assertEquals("new", Files.readString(target.resolve("new.txt")));
        assertFalse(Files.exists(target.resolve("old.txt")), "old contents must be gone, not merged");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(target), s.toList(), "staging and old folders removed");
        }
    }

    @Test
    void createsAMissingTargetAndParents() throws IOException {
        Path target = dir.resolve("a/b/out");
        Path staged = FolderSwap.stage(target, "saving");
        Files.writeString(staged.resolve("x"), "1");
        FolderSwap.install(staged, target);
        assertEquals("1", Files.readString(target.resolve("x")));
        FolderSwap.deleteTree(target);
        assertFalse(Files.exists(target));
        FolderSwap.deleteTree(target);
    }
}
