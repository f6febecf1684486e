package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pdeflow.datasets.io.InputException;

/**
 * Coordinates given on the command line, either inline ({@code "x1,y1;x2,y2"}) or as a CSV file
 * with a header line {@code x,y} (further columns ignored, {@code #} comment lines skipped).
 */
final class PointList {

    private PointList() {}

    /**
     * Parses an option value into (x, y) pairs.
     *
     * @param value the option's value
     * @param option the option name, for messages
     * @return the points, in order; never empty
     */
    static List<double[]> parse(String value, String option) {
        Path file =
                Path.of(value.contains(";") || !value.endsWith(".csv") && !Files.exists(Path.of(value)) ? "." : value);
        if (!file.toString().equals(".")) {
            return readCsv(file);
        }
        List<double[]> points = new ArrayList<>();
        for (String pair : value.split(";")) {
            String[] xy = pair.trim().split(",");
            if (xy.length != 2) {
                throw new IllegalArgumentException(
                        option + ": expected x,y pairs separated by ';' or a CSV file, got '" + pair.trim() + "'");
            }
            points.add(new double[] {number(xy[0], option), number(xy[1], option)});
        }
        return points;
    }

    private static double number(String text, String option) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text.trim() + "' is not a finite number");
        }
    }

    private static List<double[]> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
        int xCol = -1;
        int yCol = -1;
        int columns = 0;
        List<double[]> points = new ArrayList<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (xCol < 0) {
                for (int c = 0; c < cells.length; c++) {
                    String name = cells[c].strip();
                    if (name.equals("x")) {
                        xCol = c;
                    } else if (name.equals("y")) {
                        yCol = c;
                    }
                }
                if (xCol < 0 || yCol < 0) {
                    throw new InputException(
                            file, ln + 1, "header", "expected a header with columns 'x' and 'y', got '" + line + "'");
                }
                columns = cells.length;
                continue;
            }
            if (cells.length != columns) {
                throw new InputException(file, ln + 1, "row", "expected " + columns + " columns, got " + cells.length);
            }
            points.add(new double[] {cell(file, ln + 1, "x", cells[xCol]), cell(file, ln + 1, "y", cells[yCol])});
        }
        if (points.isEmpty()) {
            throw new InputException(file, "no points: the file needs a header 'x,y' and at least one row");
        }
        return points;
    }

    private static double cell(Path file, int line, String field, String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InputException(file, line, field, "'" + text.strip() + "' is not a finite number");
    }
}
