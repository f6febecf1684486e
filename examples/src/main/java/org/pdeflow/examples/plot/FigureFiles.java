package org.pdeflow.examples.plot;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.pdeflow.datasets.io.AtomicOutput;

/**
 * Writes charts as both PNG and SVG: {@code <name>.png} through {@link Heatmap#writePng} and
 * {@code <name>.svg} drawn by JFreeSVG's {@link SVGGraphics2D} with the same layout (panels in
 * rows of {@code columns}, each {@code width x height} pixels; the SVG's user units are those
 * pixels). Both files are written atomically.
 */
public final class FigureFiles {

    private FigureFiles() {}

    /**
     * Writes a figure of one or more panels.
     *
     * @param dir the folder (must exist)
     * @param name base file name without extension
     * @param title the figure's title (for reports)
     * @param caption the figure's caption (for reports)
     * @param panels the charts, in reading order, at least one
     * @param columns panels per row
     * @param width width of one panel in pixels
     * @param height height of one panel in pixels
     * @return the figure with both paths
     */
    public static Figure write(
            Path dir,
            String name,
            String title,
            String caption,
            List<JFreeChart> panels,
            int columns,
            int width,
            int height)
            throws IOException {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("figure '" + name + "' has no panels");
        }
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        Heatmap.writePng(png, panels, columns, width, height);
        writeSvg(svg, panels, columns, width, height);
        return new Figure(title, caption, png, svg);
    }

    /** Writes one chart as PNG and SVG. */
    public static Figure write(
            Path dir, String name, String title, String caption, JFreeChart chart, int width, int height)
            throws IOException {
        return write(dir, name, title, caption, List.of(chart), 1, width, height);
    }

    /**
     * Writes charts side by side into one file in the format its extension names: {@code .png}
     * (raster, {@link Heatmap#writePng}) or {@code .svg} (vector, {@link #writeSvg}), atomically.
     *
     * @param file the figure file, {@code .png} or {@code .svg} (any case)
     * @param charts the panels, in reading order
     * @param columns panels per row
     * @param width width of one panel in pixels
     * @param height height of one panel in pixels
     * @throws IllegalArgumentException for another extension (see {@link #requireFormat})
     */
    public static void writeFile(Path file, List<JFreeChart> charts, int columns, int width, int height)
            throws IOException {
        if (requireFormat(file, "figure").equals("svg")) {
            writeSvg(file, charts, columns, width, height);
        } else {
            Heatmap.writePng(file, charts, columns, width, height);
        }
    }

    /**
     * The format a figure file's name asks for, checked before any work starts.
     *
     * @param file the file
     * @param option the option that named it, for the message
     * @return "png" or "svg"
     * @throws IllegalArgumentException naming the option and file when the extension is neither
     */
    public static String requireFormat(Path file, String option) {
        String name =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "png";
        }
        if (name.endsWith(".svg")) {
            return "svg";
        }
        int dot = name.lastIndexOf('.');
        throw new IllegalArgumentException(
                option + " " + file + ": " + (dot < 0 ? "no extension" : "extension " + name.substring(dot))
                        + "; figures are written as .png (raster) or .svg (vector)");
    }

    /** Writes charts side by side, {@code columns} per row, into one SVG file, atomically. */
    public static void writeSvg(Path file, List<JFreeChart> charts, int columns, int width, int height)
            throws IOException {
        int cols = Math.max(1, Math.min(columns, charts.size()));
        int rows = (charts.size() + cols - 1) / cols;
        SVGGraphics2D g = new SVGGraphics2D(cols * width, rows * height);
        // Three decimals are sub-pixel exact and keep heatmaps (one rectangle per grid cell) small.
        g.setGeomDoubleConverter(FigureFiles::threeDecimals);
        g.setTransformDoubleConverter(FigureFiles::threeDecimals);
        for (int k = 0; k < charts.size(); k++) {
            charts.get(k).draw(g, new Rectangle((k % cols) * width, (k / cols) * height, width, height));
        }
        byte[] bytes = g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(file, out -> out.write(bytes));
    }

    private static String threeDecimals(double v) {
        double r = Math.round(v * 1000) / 1000.0;
        return r == Math.rint(r) && Math.abs(r) < 1e15 ? Long.toString((long) r) : Double.toString(r);
    }
}
