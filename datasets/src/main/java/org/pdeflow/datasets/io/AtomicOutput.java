package org.pdeflow.datasets.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers never see it half written: the bytes go to a temporary file in the
 * same folder, which replaces the target in one rename only once it is complete. A failure (an
 * exception in the writer, a full disk, a kill) leaves the previous target, if any, untouched.
 *
 * <p>The temporary file is created like any other new file of the process, so the result gets the
 * permissions the user's umask gives ({@code rw-r--r--} under the usual 022), not the owner-only
 * {@code rw-------} of {@code Files.createTempFile}.
 */
public final class AtomicOutput {

    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the stream to fill; closed by the caller
         * @throws IOException when writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicOutput() {}

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to create or replace; its parent folders are created
     * @param writer fills the file
     * @throws IOException when writing or the final rename fails; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = createPart(dir, absolute.getFileName().toString());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates an empty hidden file {@code .<name>.<random>.part} in {@code dir} with the default
     * permissions of new files (mode 0666 less the umask).
     */
    private static Path createPart(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            try {
                return Files.createFile(dir.resolve("." + name + "." + random + ".part"));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
