package org.pdeflow.datasets.io;

import java.nio.file.Path;

/**
 * A user's input file is malformed: missing, unreadable, of the wrong shape or type, or holding a
 * value that is not allowed (NaN, out of range, ...).
 *
 * <p>The message is one line that names the file and, where they apply, the line and the field
 * ({@code "obs.csv: line 7, column 'sigma': negative value -0.1"}), so the command-line program can
 * print it as is and exit with the usage-error code.
 */
public class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file
     * @param problem what is wrong, without the file name
     */
    public InputException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the offending file
     * @param line 1-based line number
     * @param field the column or field name
     * @param problem what is wrong with that field
     */
    public InputException(Path file, long line, String field, String problem) {
        super(file + ": line " + line + ", field '" + field + "': " + problem);
        this.file = file;
    }

    /**
     * @param file the offending file
     * @param problem what is wrong
     * @param cause the low-level cause (an I/O error, say)
     */
    public InputException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem);
        this.file = file;
        initCause(cause);
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
