package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;

/** Reading and checking the 2-D fields that simulate commands take as input. */
final class FieldFiles {

    private FieldFiles() {}

    /**
     * Reads a square 2-D field (s, s) of finite values.
     *
     * @param file the .npy file
     * @param minSize smallest accepted s
     * @throws InputException naming the file when it is missing, not 2-D, not square, too small,
     *     or holds NaN or infinite values
     */
    static NdArray readSquare(Path file, int minSize) {
        NdArray a = Npy.read(file);
        if (a.rank() != 2) {
            throw new InputException(file, "expected a 2-D array of shape (s, s), got shape " + a.shapeString());
        }
        if (a.dim(0) != a.dim(1)) {
            throw new InputException(file, "expected a square grid (s, s), got shape " + a.shapeString());
        }
        if (a.dim(0) < minSize) {
            throw new InputException(
                    file,
                    "grid too small: need at least " + minSize + " x " + minSize + ", got shape " + a.shapeString());
        }
        requireFinite(file, a);
        return a;
    }

    /** Fails naming the first non-finite entry by its index. */
    static void requireFinite(Path file, NdArray a) {
        double[] d = a.data();
        for (int k = 0; k < d.length; k++) {
            if (!Double.isFinite(d[k])) {
                throw new InputException(
                        file, "value " + d[k] + " at index " + index(a, k) + "; all values must be finite");
            }
        }
    }

    /** Fails naming the first entry that is not strictly positive. */
    static void requirePositive(Path file, NdArray a, String what) {
        double[] d = a.data();
        for (int k = 0; k < d.length; k++) {
            if (!(d[k] > 0)) {
                throw new InputException(file, what + " must be positive, got " + d[k] + " at index " + index(a, k));
            }
        }
    }

    private static String index(NdArray a, int flat) {
        int[] shape = a.shape();
        int[] idx = new int[shape.length];
        for (int ax = shape.length - 1; ax >= 0; ax--) {
            idx[ax] = flat % shape[ax];
            flat /= shape[ax];
        }
        return Arrays.toString(idx);
    }

    /**
     * Checks, before any work starts, that an output file can be written: it is not a folder and
     * its folder exists or can be created.
     */
    static void checkWritable(Path out, String option) {
        if (out == null) {
            return;
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a folder; give a file name");
        }
        Path parent = out.toAbsolutePath().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException(
                    option + " " + out + ": folder " + parent + " cannot be created or written");
        }
    }

    /**
     * Fails unless an output file's name ends in the extension of the format written into it (a
     * NumPy array under a .txt name would only mislead whoever opens it later).
     */
    static void requireExtension(Path out, String option, String extension) {
        if (out == null) {
            return;
        }
        String name = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new IllegalArgumentException(option + " " + out + ": the file is written in the " + extension
                    + " format; name it *" + extension);
        }
    }

    /** Creates the parent folder of an output file. */
    static void createParent(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
