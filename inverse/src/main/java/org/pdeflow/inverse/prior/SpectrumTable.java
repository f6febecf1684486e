package org.pdeflow.inverse.prior;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A stationary periodic field's spectrum as a text table, to ship a measured ("climatological")
 * covariance beside the code: comment lines starting with {@code #} (where it came from), the header
 * {@code k1,k2,variance}, then one row per class (|k1|, |k2|), 0 &lt;= k1 &lt;= nx / 2, 0 &lt;= k2 &lt;= ny / 2,
 * in that order, with E |c_k|^2 in field unit^2 (the convention of
 * {@link PeriodicGaussianField#modeVariance}), written with 17 significant digits so a table read back
 * gives the same field bit for bit.
 */
public final class SpectrumTable {

    private static final String HEADER = "k1,k2,variance";

    private SpectrumTable() {}

    /**
     * Writes the spectrum of {@code field} to {@code file} ({@link AtomicOutput}: a failure leaves no partial
     * table).
     *
     * @param file the table to write
     * @param field a periodic field on the grid the table is for
     * @param comments lines written first, each prefixed with {@code # }
     */
    public static void write(Path file, PeriodicGaussianField field, List<String> comments) throws IOException {
        for (String c : comments) {
            if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a comment must be one line: " + c);
            }
        }
        Grid2D g = field.grid();
        AtomicOutput.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (String c : comments) {
                w.write("# " + c + "\n");
            }
            w.write(HEADER + "\n");
            for (int k1 = 0; k1 <= g.nx() / 2; k1++) {
                for (int k2 = 0; k2 <= g.ny() / 2; k2++) {
                    w.write(String.format(Locale.ROOT, "%d,%d,%.17g\n", k1, k2, field.modeVariance(k1, k2)));
                }
            }
            w.flush();
        });
    }

    /**
     * Reads a table for {@code grid}.
     *
     * @param in the table's text (closed here)
     * @param name the table's name in error messages (a file or resource)
     * @param grid the periodic grid the table must describe
     * @return the field of the tabulated spectrum
     * @throws IllegalArgumentException naming the table, line and field of the first thing wrong
     */
    public static PeriodicGaussianField read(InputStream in, String name, Grid2D grid) {
        int rows = grid.nx() / 2 + 1;
        int cols = grid.ny() / 2 + 1;
        double[] variance = new double[rows * cols];
        int next = 0;
        int line = 0;
        boolean header = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String text = r.readLine(); text != null; text = r.readLine()) {
                line++;
                String t = text.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (!header) {
                    if (!t.equals(HEADER)) {
                        throw bad(name, line, "header", "expected '" + HEADER + "', got '" + t + "'");
                    }
                    header = true;
                    continue;
                }
                String[] p = t.split(",", -1);
                if (p.length != 3) {
                    throw bad(name, line, "row", "expected 3 comma-separated values, got " + p.length);
                }
                if (next >= variance.length) {
                    throw bad(
                            name,
                            line,
                            "row",
                            "more rows than the " + variance.length + " of a " + grid.nx() + " x " + grid.ny()
                                    + " grid");
                }
                int k1 = parseInt(p[0], name, line, "k1");
                int k2 = parseInt(p[1], name, line, "k2");
                if (k1 != next / cols || k2 != next % cols) {
                    throw bad(
                            name,
                            line,
                            "k1,k2",
                            "expected (" + next / cols + ", " + next % cols + "), got (" + k1 + ", " + k2 + ")");
                }
                double v;
                try {
                    v = Double.parseDouble(p[2].strip());
                } catch (NumberFormatException e) {
                    throw bad(name, line, "variance", "not a number: '" + p[2].strip() + "'");
                }
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw bad(name, line, "variance", "must be finite and >= 0, got " + p[2].strip());
                }
                variance[next++] = v;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        if (next != variance.length) {
            throw new IllegalArgumentException(name + ": " + next + " rows, a " + grid.nx() + " x " + grid.ny()
                    + " grid needs " + variance.length);
        }
        return PeriodicGaussianField.withSpectrum(grid, variance);
    }

    private static int parseInt(String s, String name, int line, String field) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw bad(name, line, field, "not an integer: '" + s.strip() + "'");
        }
    }

    private static IllegalArgumentException bad(String name, int line, String field, String why) {
        return new IllegalArgumentException(name + ", line " + line + ", " + field + ": " + why);
    }
}
