package org.pdeflow.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.pdeflow.datasets.io.FolderSwap;

/**
 * Writes a report folder all at once: its files are made in a hidden sibling folder, which takes the
 * target's place by rename only when complete. A failure or a kill leaves the previous folder as it
 * was; the hidden {@code .<name>.writing-*} sibling is removed, except after a hard kill (SIGKILL).
 *
 * <p>Only a folder this program wrote may be replaced: an existing target must be empty or hold a
 * {@link #MARKER} file; anything else (a file, a folder of the user's own) is refused before any work
 * starts, so a mistyped {@code --out} cannot delete data.
 */
public final class ReportFolder {

    /** The file that marks a folder as a pdeflow report, which a later run may replace. */
    public static final String MARKER = ".pdeflow-report";

    /** Fills the temporary folder. */
    @FunctionalInterface
    public interface Contents {
        /**
         * @param dir the (empty) folder to fill
         * @throws Exception when the work fails; the target is then unchanged
         */
        void write(Path dir) throws Exception;
    }

    private ReportFolder() {}

    /**
     * Checks, before any work starts, that {@code target} may be written (see the class comment).
     *
     * @param target the report folder
     * @param option the option that named it, for the message
     * @throws IllegalArgumentException naming the folder when it may not be written
     */
    public static void checkReplaceable(Path target, String option) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IllegalArgumentException(option + " " + target + " is a file; give a folder");
        }
        if (Files.isDirectory(target) && !Files.exists(target.resolve(MARKER)) && !isEmpty(target)) {
            throw new IllegalArgumentException(option + " " + target + " exists and is not a pdeflow report folder; "
                    + "remove it or give another folder");
        }
        Path parent = target.toAbsolutePath().normalize().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException(
                    option + " " + target + ": folder " + parent + " cannot be created or written");
        }
    }

    /**
     * Writes the folder: fills a hidden sibling, marks it, then moves it into place (replacing a
     * previous report).
     *
     * @param target the report folder
     * @param contents fills it
     * @param option the option that named it, for messages
     * @throws Exception what {@code contents} throws, or an I/O error; the target is then unchanged
     */
    public static void write(Path target, String option, Contents contents) throws Exception {
        checkReplaceable(target, option);
        Path abs = target.toAbsolutePath().normalize();
        Path tmp = FolderSwap.stage(abs, "writing");
        // Ctrl-C or a plain kill during the work: remove the half-made folder on the way out.
        Thread cleanup = new Thread(
                () -> {
                    try {
                        FolderSwap.deleteTree(tmp);
                    } catch (IOException e) {
                        // Nothing more can be done while the JVM exits.
                    }
                },
                "report-folder-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            contents.write(tmp);
            Files.writeString(
                    tmp.resolve(MARKER),
                    "written by pdeflow; a later run may replace this folder\n",
                    StandardCharsets.UTF_8);
            FolderSwap.install(tmp, abs);
        } finally {
            FolderSwap.deleteTree(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // The JVM is already exiting: the hook runs, and finds nothing left to delete.
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
