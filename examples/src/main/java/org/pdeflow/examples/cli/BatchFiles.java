package org.pdeflow.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The measurement files of a batch {@code solve}: a folder (its {@code .csv}, {@code .npz} and {@code .npy} files) or
 * a glob in the file name ({@code wells/*.csv}); each file's result folder is named by the file name without its
 * extension, which must therefore be distinct.
 */
final class BatchFiles {

    private static final List<String> EXTENSIONS = List.of(".csv", ".npz", ".npy");

    private BatchFiles() {}

    /** Whether {@code --observations} names a batch: a folder, or a file name with a glob character. */
    static boolean isBatch(Path observations) {
        Path name = observations.getFileName();
        return Files.isDirectory(observations)
                || (name != null && name.toString().matches(".*[*?\\[{].*"));
    }

    /**
     * The files, sorted by name.
     *
     * @throws IllegalArgumentException when there is none, or two share a result folder name
     */
    static List<Path> list(Path observations) {
        Path folder;
        PathMatcher matcher;
        if (Files.isDirectory(observations)) {
            folder = observations;
            matcher = p -> EXTENSIONS.stream()
                    .anyMatch(e ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e));
        } else {
            folder = observations.toAbsolutePath().getParent();
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + observations.getFileName());
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("--observations " + observations + ": no folder " + folder);
            }
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> Files.isRegularFile(p)
                            && !p.getFileName().toString().startsWith(".")
                            && matcher.matches(p.getFileName()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--observations " + observations + " names no measurement file"
                    + (Files.isDirectory(observations) ? " (.csv, .npz or .npy)" : ""));
        }
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            if (!names.add(name(f))) {
                throw new IllegalArgumentException("--observations " + observations + ": two files are named " + name(f)
                        + " (without extension); their result folders would collide");
            }
        }
        return files;
    }

    /** The result folder's name of a file: its name without the extension. */
    static String name(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The truth of a file in a folder of truths: {@code <name>.npy} or {@code <name>.npz}. */
    static Path truthOf(Path truthFolder, Path file) {
        for (String ext : List.of(".npy", ".npz")) {
            Path t = truthFolder.resolve(name(file) + ext);
            if (Files.isRegularFile(t)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--truth " + truthFolder + " has no " + name(file) + ".npy or " + name(file)
                + ".npz for " + file.getFileName());
    }
}
