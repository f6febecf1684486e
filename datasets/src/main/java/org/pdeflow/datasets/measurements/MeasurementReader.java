package org.pdeflow.datasets.measurements;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Reads and validates a measurement file: CSV readings {@code x,y,value[,sigma][,field][,t]} of
 * one or more fields of a problem on the rectangle {@code [0, lx] x [0, ly]}. The format is
 * specified in {@code docs/measurement-files.md}; in short:
 *
 * <pre>
 *   # comment lines and blank lines are skipped
 *   x,y,value,sigma,field
 *   0.25,0.5,0.0132,0.001,u
 *   0.75,0.5,0.0140,0.001,u
 * </pre>
 *
 * <p>The first non-comment line is the header: it names the columns, in any order; {@code x},
 * {@code y} and {@code value} are required, {@code sigma}, {@code field} and {@code t} optional
 * (see {@link #withDefaultSigma}, {@link #withDefaultField}, {@link #timeDependent},
 * {@link #snapshotAt}). Any other
 * column name is refused, so that a typo such as {@code sigam} cannot silently drop the noise
 * levels. Cells are separated by commas, without quoting; surrounding whitespace is ignored.
 *
 * <p>Every problem is reported as an {@link InputException} whose one-line message names the file,
 * the line and the column, e.g. {@code obs.csv: line 7, field 'sigma': negative value -0.1}.
 * The reader is immutable; the {@code with...} methods return modified copies.
 */
public final class MeasurementReader {

    private static final String X = "x";
    private static final String Y = "y";
    private static final String VALUE = "value";
    private static final String SIGMA = "sigma";
    private static final String FIELD = "field";
    private static final String T = "t";
    /** Known columns; a column's kind is its index here. */
    private static final List<String> COLUMNS = List.of(X, Y, VALUE, SIGMA, FIELD, T);
    /** A decimal number; possessive quantifiers keep matching linear on long junk cells. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?+(\\d++\\.?+\\d*+|\\.\\d++)([eE][+-]?+\\d++)?+");

    /** The first bytes of a ZIP archive (an .npz) and of a NumPy .npy file. */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final double lx;
    private final double ly;
    private final List<String> fields;
    private final String defaultField;
    private final double defaultSigma;
    private final double tEnd;
    /** The one time a snapshot problem's readings are taken at, NaN otherwise. */
    private final double snapshot;

    private MeasurementReader(
            double lx,
            double ly,
            List<String> fields,
            String defaultField,
            double defaultSigma,
            double tEnd,
            double snapshot) {
        this.lx = lx;
        this.ly = ly;
        this.fields = fields;
        this.defaultField = defaultField;
        this.defaultSigma = defaultSigma;
        this.tEnd = tEnd;
        this.snapshot = snapshot;
    }

    /**
     * A reader for readings of a steady problem on the domain of {@code grid}, {@code [0, lx] x [0, ly]}
     * whatever the grid's layout.
     *
     * @param grid the problem's grid; only its domain is used
     * @param fields the names of the fields the problem can observe, e.g. {@code "u"}; when there is
     *     exactly one it is also the default for files without a {@code field} column
     */
    public static MeasurementReader forGrid(Grid2D grid, String... fields) {
        return forDomain(grid.lx(), grid.ly(), fields);
    }

    /**
     * A reader for readings of a steady problem on {@code [0, lx] x [0, ly]}.
     *
     * @param lx domain length along x, positive
     * @param ly domain length along y, positive
     * @param fields the names of the observable fields (at least one, no repeats)
     */
    public static MeasurementReader forDomain(double lx, double ly, String... fields) {
        if (!(lx > 0) || !(ly > 0) || Double.isInfinite(lx) || Double.isInfinite(ly)) {
            throw new IllegalArgumentException("domain lengths must be positive and finite, got " + lx + " x " + ly);
        }
        if (fields.length == 0) {
            throw new IllegalArgumentException("at least one observable field name is needed");
        }
        for (int k = 0; k < fields.length; k++) {
            if (!Reading.isFieldName(fields[k])) {
                throw new IllegalArgumentException("bad field name '" + fields[k] + "'");
            }
            for (int m = 0; m < k; m++) {
                if (fields[m].equals(fields[k])) {
                    throw new IllegalArgumentException("field name '" + fields[k] + "' given twice");
                }
            }
        }
        return new MeasurementReader(
                lx, ly, List.of(fields), fields.length == 1 ? fields[0] : null, Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * A copy that gives readings of files without a {@code sigma} column this noise level. Without
     * a default, the {@code sigma} column is required.
     *
     * @param sigma noise standard deviation, positive and finite
     */
    public MeasurementReader withDefaultSigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("default sigma must be positive and finite, got " + sigma);
        }
        return new MeasurementReader(lx, ly, fields, defaultField, sigma, tEnd, snapshot);
    }

    /**
     * A copy that assigns readings of files without a {@code field} column to this field. Without
     * a default (and with several observable fields) the {@code field} column is required.
     *
     * @param field one of the observable fields
     */
    public MeasurementReader withDefaultField(String field) {
        if (!fields.contains(field)) {
            throw new IllegalArgumentException("default field '" + field + "' is not one of " + fields);
        }
        return new MeasurementReader(lx, ly, fields, field, defaultSigma, tEnd, snapshot);
    }

    /**
     * A copy for a time-dependent problem simulated over {@code [0, tEnd]}: the {@code t} column
     * becomes required and each time must lie in that interval. (A steady reader refuses a
     * {@code t} column.)
     *
     * @param tEnd final time, finite and &gt;= 0
     */
    public MeasurementReader timeDependent(double tEnd) {
        if (!(tEnd >= 0) || Double.isInfinite(tEnd)) {
            throw new IllegalArgumentException("final time must be finite and >= 0, got " + tEnd);
        }
        return new MeasurementReader(lx, ly, fields, defaultField, defaultSigma, tEnd, Double.NaN);
    }

    /**
     * A copy for a problem whose readings are one snapshot of a time-dependent field, taken at
     * {@code time} (Navier-Stokes' omega(T = 1)): the {@code t} column may be left out, and where it
     * is given every reading's t must be that time. The readings are returned without a time, as a
     * steady problem's, since they all share it.
     *
     * @param time the observation time, finite
     */
    public MeasurementReader snapshotAt(double time) {
        if (!Double.isFinite(time)) {
            throw new IllegalArgumentException("observation time must be finite, got " + time);
        }
        return new MeasurementReader(lx, ly, fields, defaultField, defaultSigma, Double.NaN, time);
    }

    /**
     * Reads and validates a measurement file.
     *
     * @param file the CSV file, UTF-8 (a byte-order mark is tolerated)
     * @return the readings in file order, each with its sigma, field and time resolved
     * @throws InputException when the file is missing or unreadable, or any line breaks the format
     */
    public Measurements read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, file);
    }

    /**
     * Reads and validates measurement CSV from a stream.
     *
     * @param in the stream, read to its end; not closed
     * @param name the file name used in error messages and as {@link Measurements#source()}
     * @return the readings
     * @throws IOException on a read error
     * @throws InputException when any line breaks the format
     */
    public Measurements read(InputStream in, Path name) throws IOException {
        return parse(in.readAllBytes(), name);
    }

    private Measurements parse(byte[] bytes, Path file) {
        String binary = startsWith(bytes, ZIP_MAGIC)
                ? "a ZIP archive (a NumPy .npz?)"
                : startsWith(bytes, NPY_MAGIC) ? "a NumPy .npy file" : null;
        if (binary != null) {
            throw new InputException(
                    file,
                    "is " + binary + ", not CSV text; gridded observations (values and a mask) are read from "
                            + "files named .npz, or .npy with a mask (docs/measurement-files.md)");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Rows rows = null;
        long line = 0;
        long headerLine = 0;
        int pos = 0;
        while (pos < bytes.length) {
            int end = pos;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            line++;
            int stop = end > pos && bytes[end - 1] == '\r' ? end - 1 : end;
            String text;
            try {
                text = utf8.reset()
                        .decode(ByteBuffer.wrap(bytes, pos, stop - pos))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new InputException(file, "line " + line + ": not valid UTF-8 text (save the file as UTF-8)");
            }
            pos = end + 1;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            text = text.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (rows == null) {
                rows = new Rows(file, header(file, line, cells(text)));
                headerLine = line;
            } else {
                rows.add(line, cells(text));
            }
        }
        if (rows == null) {
            throw new InputException(
                    file,
                    "no header and no readings: the file is empty or holds only comments "
                            + "(expected a header line such as 'x,y,value')");
        }
        if (rows.readings.isEmpty()) {
            throw new InputException(file, "no readings after the header on line " + headerLine);
        }
        return new Measurements(file, rows.readings);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (bytes[k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static String[] cells(String text) {
        String[] cells = text.split(",", -1);
        for (int k = 0; k < cells.length; k++) {
            cells[k] = cells[k].strip();
        }
        return cells;
    }

    /** Maps each column kind (index into COLUMNS) to its cell index, -1 when absent; checks the header. */
    private int[] header(Path file, long line, String[] names) {
        int[] cellOf = new int[COLUMNS.size()];
        Arrays.fill(cellOf, -1);
        for (int c = 0; c < names.length; c++) {
            String name = names[c];
            if (name.isEmpty()) {
                throw new InputException(file, line, "column " + (c + 1), "empty column name in the header");
            }
            int kind = COLUMNS.indexOf(name);
            if (kind < 0) {
                throw new InputException(file, line, printable(name), unknownColumn(name));
            }
            if (kind == COLUMNS.indexOf(T) && Double.isNaN(tEnd) && Double.isNaN(snapshot)) {
                throw new InputException(file, line, T, "time column given, but the problem is steady");
            }
            if (cellOf[kind] >= 0) {
                throw new InputException(
                        file,
                        line,
                        name,
                        "column appears twice in the header (columns " + (cellOf[kind] + 1) + " and " + (c + 1) + ")");
            }
            cellOf[kind] = c;
        }
        for (String required : List.of(X, Y, VALUE)) {
            if (cellOf[COLUMNS.indexOf(required)] < 0) {
                throw new InputException(
                        file, line, required, "missing column: the header must name at least x, y and value");
            }
        }
        if (!Double.isNaN(tEnd) && cellOf[COLUMNS.indexOf(T)] < 0) {
            throw new InputException(
                    file,
                    line,
                    T,
                    "missing column: the problem is time-dependent, " + "so each reading needs its time");
        }
        if (Double.isNaN(defaultSigma) && cellOf[COLUMNS.indexOf(SIGMA)] < 0) {
            throw new InputException(
                    file,
                    line,
                    SIGMA,
                    "missing column, and no default noise level was given (exact readings need one too: "
                            + "a small sigma such as 1 % of the readings' RMS, e.g. pdeflow solve --sigma)");
        }
        if (defaultField == null && cellOf[COLUMNS.indexOf(FIELD)] < 0) {
            throw new InputException(
                    file,
                    line,
                    FIELD,
                    "missing column: the problem has several observable " + "fields (" + String.join(", ", fields)
                            + "), so each reading must say which one it observes");
        }
        return cellOf;
    }

    private String unknownColumn(String name) {
        String hint;
        if (COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
            hint = "column names are lower case: '" + name.toLowerCase(Locale.ROOT) + "'";
        } else if (NUMBER.matcher(name).matches()) {
            hint = "the first line that is not a comment must be the header, e.g. 'x,y,value'";
        } else {
            hint = "known columns: x, y, value, sigma, field"
                    + (Double.isNaN(tEnd) && Double.isNaN(snapshot) ? "" : ", t");
        }
        return "unknown column (" + hint + ")";
    }

    /** Validates data rows against one header and collects their readings. */
    private final class Rows {
        private final Path file;
        private final int[] cellOf;
        private final int width;
        private final String[] names;
        private final List<Reading> readings = new ArrayList<>();
        private final Map<Point, Long> seen = new HashMap<>();

        Rows(Path file, int[] cellOf) {
            this.file = file;
            this.cellOf = cellOf;
            int w = 0;
            for (int c : cellOf) {
                w = Math.max(w, c + 1);
            }
            // The header validated every name, so all its columns are known ones.
            this.width = w;
            this.names = new String[w];
            for (int kind = 0; kind < cellOf.length; kind++) {
                if (cellOf[kind] >= 0) {
                    names[cellOf[kind]] = COLUMNS.get(kind);
                }
            }
        }

        void add(long line, String[] cells) {
            if (cells.length < width) {
                throw new InputException(
                        file,
                        line,
                        names[cells.length],
                        "missing cell: the row has " + cells.length + " cells, the header " + width);
            }
            if (cells.length > width) {
                throw new InputException(
                        file,
                        line,
                        "column " + (width + 1),
                        "extra cell: the row has " + cells.length + " cells, the header " + width);
            }
            double x = number(line, cells, X);
            if (!(x >= 0 && x <= lx)) {
                throw new InputException(file, line, X, "outside the domain [0, " + lx + "]: " + x);
            }
            double y = number(line, cells, Y);
            if (!(y >= 0 && y <= ly)) {
                throw new InputException(file, line, Y, "outside the domain [0, " + ly + "]: " + y);
            }
            double value = number(line, cells, VALUE);
            double sigma = defaultSigma;
            if (cellOf[COLUMNS.indexOf(SIGMA)] >= 0) {
                sigma = number(line, cells, SIGMA);
                if (sigma < 0) {
                    throw new InputException(file, line, SIGMA, "negative value " + sigma);
                }
                if (sigma == 0) {
                    throw new InputException(
                            file,
                            line,
                            SIGMA,
                            "zero noise level; sigma must be positive "
                                    + "(give a small value for a nearly exact reading)");
                }
            }
            String field = defaultField;
            int fieldCell = cellOf[COLUMNS.indexOf(FIELD)];
            if (fieldCell >= 0) {
                field = cells[fieldCell];
                if (field.isEmpty()) {
                    throw new InputException(file, line, FIELD, "empty cell");
                }
                if (!fields.contains(field)) {
                    throw new InputException(
                            file,
                            line,
                            FIELD,
                            "unknown field '" + printable(field) + "' (this problem observes: "
                                    + String.join(", ", fields) + ")");
                }
            }
            double t = Double.NaN;
            if (cellOf[COLUMNS.indexOf(T)] >= 0 && !Double.isNaN(snapshot)) {
                double at = number(line, cells, T);
                if (at != snapshot) {
                    throw new InputException(
                            file,
                            line,
                            T,
                            "time " + at + ", but this problem's readings are of the field at t = " + snapshot
                                    + " only (leave the column out, or give " + snapshot + ")");
                }
            } else if (cellOf[COLUMNS.indexOf(T)] >= 0) {
                t = number(line, cells, T);
                if (t < 0) {
                    throw new InputException(file, line, T, "negative time " + t);
                }
                if (t > tEnd) {
                    throw new InputException(file, line, T, "time " + t + " is after the final time " + tEnd);
                }
            }
            // Adding 0.0 turns -0.0 into 0.0, so that the two zeros count as the same point.
            Long before = seen.putIfAbsent(new Point(x + 0.0, y + 0.0, field, t + 0.0), line);
            if (before != null) {
                throw new InputException(
                        file,
                        line,
                        X,
                        "duplicate reading: same x, y, field" + (Double.isNaN(t) ? "" : " and t") + " as line "
                                + before);
            }
            readings.add(new Reading(x, y, value, sigma, field, t));
        }

        private double number(long line, String[] cells, String column) {
            String cell = cells[cellOf[COLUMNS.indexOf(column)]];
            if (cell.isEmpty()) {
                throw new InputException(file, line, column, "empty cell");
            }
            if (!NUMBER.matcher(cell).matches()) {
                String word = cell.toLowerCase(Locale.ROOT).replaceFirst("^[+-]", "");
                if (word.equals("nan")) {
                    throw new InputException(file, line, column, "NaN is not allowed (leave the reading out instead)");
                }
                if (word.equals("inf") || word.equals("infinity")) {
                    throw new InputException(file, line, column, "infinite value '" + cell + "' is not allowed");
                }
                throw new InputException(file, line, column, "not a number: '" + printable(cell) + "'");
            }
            double v = Double.parseDouble(cell);
            if (Double.isInfinite(v)) {
                throw new InputException(file, line, column, "number out of range: '" + printable(cell) + "'");
            }
            return v;
        }
    }

    /** The identity of a reading for the duplicate check. */
    private record Point(double x, double y, String field, double t) {}

    /**
     * Text from the file made fit for a one-line message: control, format and line-separator
     * characters escaped as backslash-u sequences, cut to 40 characters.
     */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < text.length(); k++) {
            if (sb.length() >= 40) {
                return sb.append("...").toString();
            }
            char c = text.charAt(k);
            int type = Character.getType(c);
            if (Character.isISOControl(c)
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT
                    || type == Character.SURROGATE) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
