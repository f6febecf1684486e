package org.pdeflow.datasets.measurements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pdeflow.datasets.io.InputException;

/**
 * Property test: thousands of malformed measurement files, made by random mutations of valid ones
 * (fixed seed, so a failure reproduces), must each either read into readings that satisfy the
 * format's rules or fail with an {@link InputException} whose message is one line starting with the
 * file name. Any other exception (index out of bounds, number format, ...) is a bug.
 */
class MeasurementFileFuzzTest {

    private static final long SEED = 20240611L;
    private static final double LX = 2;
    private static final double LY = 1;
    private static final double T_END = 5;
    private static final List<String> FIELDS = List.of("u", "a");
    private static final MeasurementReader READER =
            MeasurementReader.forDomain(LX, LY, "u", "a").timeDependent(T_END);
    private static final List<String> COLUMNS = List.of("x", "y", "value", "sigma", "field", "t");
    private static final String[] NASTY = {
        "NaN",
        "nan",
        "-inf",
        "Infinity",
        "1e309",
        "-1e400",
        "1e-400",
        "",
        " ",
        "0x1p3",
        "1.5f",
        "1,5",
        "１",
        "\u00a0",
        "\u2028",
        "\u0000",
        "\"1\"",
        "--1",
        "1e",
        ".",
        "+",
        "9".repeat(400),
        "0.",
        "-0",
        "1E+2",
        "u",
        "a",
        "U",
        "#",
        "\uFEFF",
        "\t",
        "\r",
        "e5",
        "∞",
        "\ud83d\ude00"
    };

    private final Path dir = Path.of("fuzz");

    /** One table: the header's column order and the rows' cells in that order. */
    private record Table(List<String> header, List<List<String>> rows) {
        String text(String newline) {
            StringBuilder sb = new StringBuilder(String.join(",", header)).append(newline);
            for (List<String> row : rows) {
                sb.append(String.join(",", row)).append(newline);
            }
            return sb.toString();
        }
    }

    /** A valid table of 3 to 12 readings at distinct points, columns in random order. */
    private static Table validTable(Random rnd) {
        List<String> header = new ArrayList<>(COLUMNS);
        Collections.shuffle(header, rnd);
        List<List<String>> rows = new ArrayList<>();
        int n = 3 + rnd.nextInt(10);
        for (int r = 0; r < n; r++) {
            List<String> row = new ArrayList<>();
            for (String c : header) {
                row.add(
                        switch (c) {
                            case "x" -> Double.toString(LX * r / n);
                            case "y" -> Double.toString(rnd.nextDouble() * LY);
                            case "value" -> Double.toString(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10));
                            case "sigma" -> Double.toString(0.001 + rnd.nextDouble());
                            case "field" -> FIELDS.get(rnd.nextInt(2));
                            default -> Double.toString(rnd.nextDouble() * T_END);
                        });
            }
            rows.add(row);
        }
        return new Table(header, rows);
    }

    private static String randomUnicode(Random rnd, int length) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < length; k++) {
            int cp;
            do {
                cp = rnd.nextInt(3) == 0 ? rnd.nextInt(0x80) : rnd.nextInt(0x110000);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /** Applies one random mutation to the text (as lines of cells, or as raw bytes). */
    private static byte[] mutate(Random rnd, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int li = rnd.nextInt(lines.size());
        List<String> cells = new ArrayList<>(Arrays.asList(lines.get(li).split(",", -1)));
        int ci = rnd.nextInt(cells.size());
        int op = rnd.nextInt(16);
        switch (op) {
            case 0 -> cells.remove(ci);
            case 1 -> cells.add(ci, cells.get(ci));
            case 2 -> Collections.swap(cells, ci, rnd.nextInt(cells.size()));
            case 3 -> cells.set(ci, NASTY[rnd.nextInt(NASTY.length)]);
            case 4 -> cells.set(ci, randomUnicode(rnd, 1 + rnd.nextInt(4)));
            case 5 -> cells.add(rnd.nextInt(cells.size() + 1), "");
            case 6 ->
                cells.set(
                        ci, cells.get(ci).substring(0, rnd.nextInt(cells.get(ci).length() + 1)));
            case 7 -> cells.set(ci, " \t" + cells.get(ci) + "  ");
            case 8 -> cells.set(ci, Double.toString(Double.longBitsToDouble(rnd.nextLong())));
            case 9 -> lines.add(li, lines.get(li));
            case 10 -> lines.remove(li);
            case 11 -> Collections.swap(lines, li, rnd.nextInt(lines.size()));
            case 12 -> lines.add(li, rnd.nextBoolean() ? "# " + randomUnicode(rnd, 5) : "");
            default -> {
                return mutateBytes(rnd, bytes);
            }
        }
        if (op <= 8) {
            lines.set(li, String.join(",", cells));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutateBytes(Random rnd, byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {(byte) rnd.nextInt()};
        }
        int at = rnd.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (rnd.nextInt(4)) {
            case 0 -> { // truncate
                out.write(bytes, 0, at);
            }
            case 1 -> { // insert garbage bytes
                out.write(bytes, 0, at);
                for (int k = rnd.nextInt(8); k >= 0; k--) {
                    out.write(rnd.nextInt(256));
                }
                out.write(bytes, at, bytes.length - at);
            }
            case 2 -> { // flip one byte
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) (1 + rnd.nextInt(255));
                return copy;
            }
            default -> { // replace a byte by a line terminator or separator
                byte[] copy = bytes.clone();
                copy[at] = (byte) "\n\r,#".charAt(rnd.nextInt(4));
                return copy;
            }
        }
        return out.toByteArray();
    }

    private static String show(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF));
        }
        return sb.toString();
    }

    /** Reads the bytes; true when they were accepted. Fails the test on anything but an InputException. */
    private boolean readChecked(Path f, byte[] bytes, int trial) throws IOException {
        try {
            // In memory: the stream and file readers share the parser, and 2000 file writes cost seconds.
            Measurements m = READER.read(new ByteArrayInputStream(bytes), f);
            checkRules(m);
            return true;
        } catch (InputException e) {
            String msg = e.getMessage();
            assertTrue(msg.startsWith(f + ": "), "trial " + trial + ": " + msg);
            for (int k = 0; k < msg.length(); k++) {
                char c = msg.charAt(k);
                int type = Character.getType(c);
                if (Character.isISOControl(c)
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    fail("trial " + trial + ": message is not one printable line: " + msg.replace("\n", "\\n"));
                }
            }
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("trial " + trial + " threw " + e + " for input: " + show(bytes), e);
        }
    }

    /** Whatever is accepted must obey the format's rules. */
    private static void checkRules(Measurements m) {
        assertTrue(m.size() > 0);
        Set<List<Object>> points = new HashSet<>();
        for (Reading r : m.readings()) {
            assertTrue(r.x() >= 0 && r.x() <= LX && r.y() >= 0 && r.y() <= LY, r.toString());
            assertTrue(r.sigma() > 0 && Double.isFinite(r.value()), r.toString());
            assertTrue(FIELDS.contains(r.field()), r.toString());
            assertTrue(r.t() >= 0 && r.t() <= T_END, r.toString());
            assertTrue(points.add(List.of(r.x() + 0.0, r.y() + 0.0, r.field(), r.t())), "duplicate " + r);
        }
    }

    @Test
    void mutatedFilesReadOrFailCleanly() throws IOException {
        Random rnd = new Random(SEED);
        Path f = dir.resolve("fuzz-obs.csv");
        int accepted = 0;
        int trials = 2000;
        for (int trial = 0; trial < trials; trial++) {
            byte[] bytes;
            if (trial % 20 == 0) {
                bytes = new byte[rnd.nextInt(200)];
                rnd.nextBytes(bytes);
            } else {
                bytes = validTable(rnd).text(rnd.nextBoolean() ? "\n" : "\r\n").getBytes(StandardCharsets.UTF_8);
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    bytes = mutate(rnd, bytes);
                }
            }
            if (readChecked(f, bytes, trial)) {
                accepted++;
            }
        }
        // Both outcomes must be exercised, or the mutations are too weak (or too strong) to test anything.
        assertTrue(accepted > trials / 20 && accepted < trials * 19 / 20, "accepted " + accepted + " of " + trials);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Mutations that keep a file valid must not change what it says. */
    @Test
    void meaningPreservingRewritesReadTheSame() throws IOException {
        Random rnd = new Random(SEED + 1);
        Path f = dir.resolve("same.csv");
        for (int trial = 0; trial < 300; trial++) {
            Table table = validTable(rnd);
            List<Reading> expected = READER.read(stream(table.text("\n")), f).readings();

            // Permute the columns, consistently in the header and all rows.
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
            Collections.shuffle(order, rnd);
            List<String> header = order.stream().map(table.header()::get).toList();
            List<List<String>> rows = table.rows().stream()
                    .map(row -> order.stream().map(row::get).toList())
                    .toList();
            StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "\uFEFF" : "");
            sb.append("# rewritten\n\n")
                    .append(" ")
                    .append(String.join(" , ", header))
                    .append("\t\r\n");
            for (List<String> row : rows) {
                if (rnd.nextInt(4) == 0) {
                    sb.append("   # a comment, with commas\n");
                }
                sb.append(String.join(rnd.nextBoolean() ? "," : " ,\t", row)).append(rnd.nextBoolean() ? "\r\n" : "\n");
            }
            assertEquals(expected, READER.read(stream(sb.toString()), f).readings(), "trial " + trial);
        }
    }
}
