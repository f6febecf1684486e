package org.pdeflow.datasets.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a whole output folder at once: the new contents are written into a hidden staging folder
 * beside the target ({@link #stage}), which then takes the target's place ({@link #install}), so a
 * reader sees either the old folder or the complete new one, and a failure or kill while writing
 * leaves the old one untouched. Checkpoints and report folders are written this way. The file-level
 * counterpart is {@link AtomicOutput}.
 */
public final class FolderSwap {

    private FolderSwap() {}

    /**
     * Creates an empty hidden folder {@code .<name>.<purpose>-<random>} beside {@code target} (and
     * the target's parent when missing). It is created with the user's default permissions
     * ({@code createDirectory}, not {@code createTempDirectory}).
     *
     * @param target the folder to be replaced, absolute or relative
     * @param purpose a word for the staging folder's name, e.g. "saving"
     * @return the staging folder
     */
    public static Path stage(Path target, String purpose) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        return Files.createDirectory(sibling(abs, purpose));
    }

    /**
     * Moves a staged folder into the target's place: an existing target is first moved aside and
     * deleted after the swap. Both moves are atomic renames where the file system allows.
     *
     * @param staged a folder made by {@link #stage} for this target
     * @param target the folder to replace or create
     */
    public static void install(Path staged, Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path old = null;
        if (Files.exists(abs)) {
            old = sibling(abs, "old");
            move(abs, old);
        }
        move(staged, abs);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a folder and everything in it (nothing when it does not exist). */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path sibling(Path abs, String purpose) {
        String suffix = Long.toHexString(System.nanoTime()) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        return abs.getParent().resolve("." + abs.getFileName() + "." + purpose + "-" + suffix);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
