package org.pdeflow.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Heatmaps of 2-D fields with a colour bar and axes in physical units (JFreeChart).
 *
 * <p>Values are laid out as everywhere in pdeflow: {@code values[i * ny + j]} is the value at
 * (x_i, y_j), x horizontal. Signed fields (vorticity, signed errors) get a diverging map symmetric
 * about zero so that white means zero; one-signed fields (magnitudes, coefficients, standard
 * deviations) get viridis over [min, max]. Callers that know which kind a field is, or that show
 * several fields on one colour scale, pass a {@link Scale}; otherwise {@link Scale#auto} decides
 * from the values.
 */
public final class Heatmap {

    /**
     * A colour scale: the map and the value range it spans.
     *
     * @param map the colour map
     * @param lower value drawn with the first colour
     * @param upper value drawn with the last colour, above {@code lower}
     */
    public record Scale(ColorMap map, double lower, double upper) {

        public Scale {
            if (!(upper > lower) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
                throw new IllegalArgumentException(
                        "colour scale needs finite lower < upper, got " + lower + ", " + upper);
            }
        }

        /** Viridis over [lower, upper] (widened slightly when they coincide): for one-signed fields. */
        public static Scale magnitude(double lower, double upper) {
            double pad = upper > lower ? 0 : Math.max(1e-12, Math.abs(upper) * 1e-6);
            return new Scale(ColorMap.VIRIDIS, lower - pad, upper + pad);
        }

        /** Cool-warm over [-maxAbs, maxAbs], white at zero: for signed fields. */
        public static Scale signed(double maxAbs) {
            double m = maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1e-12;
            return new Scale(ColorMap.COOLWARM, -m, m);
        }

        /**
         * The scale for values in [min, max]: signed when both signs reach at least 20 % of the
         * largest magnitude (so that a one-signed field with small excursions of the other sign,
         * such as a noisy estimate of a solution that vanishes on the boundary, stays on viridis),
         * else magnitude.
         */
        public static Scale auto(double min, double max) {
            if (!(min <= max)) {
                return magnitude(0, 1);
            }
            double big = Math.max(-min, max);
            if (isSigned(min, max)) {
                return signed(big);
            }
            return magnitude(min, max);
        }

        private static boolean isSigned(double min, double max) {
            return min < 0 && max > 0 && Math.min(-min, max) >= 0.2 * Math.max(-min, max);
        }

        /**
         * One scale for several fields of the same quantity (truth, mean, samples): whether it is
         * signed is decided by {@code reference} (the truth, when known), the range covers all.
         */
        public static Scale like(double[] reference, double[]... all) {
            double[] ref = range(reference);
            double[] r = range(all);
            double min = Math.min(ref[0], r[0]);
            double max = Math.max(ref[1], r[1]);
            if (!(min <= max)) {
                return magnitude(0, 1);
            }
            return isSigned(ref[0], ref[1]) ? signed(Math.max(-min, max)) : magnitude(min, max);
        }

        /** {@link #auto} over the finite values of one or more fields. */
        public static Scale auto(double[]... fields) {
            double[] r = range(fields);
            return auto(r[0], r[1]);
        }

        /** {min, max} over the finite values of the fields ({+inf, -inf} when there are none). */
        public static double[] range(double[]... fields) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] f : fields) {
                for (double v : f) {
                    if (Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
            return new double[] {min, max};
        }

        PaintScale paintScale() {
            return map.scale(lower, upper);
        }
    }

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Heatmap() {}

    /**
     * A heatmap of a field on a grid.
     *
     * @param grid the grid; block sizes are its spacings, axes its coordinates
     * @param values the field, {@code grid.size()} values, x along the first axis
     * @param title chart title
     * @param valueLabel colour-bar label, with units where they apply
     */
    public static JFreeChart of(Grid2D grid, double[] values, String title, String valueLabel) {
        return of(grid, values, title, valueLabel, "");
    }

    /**
     * A heatmap of a field on a grid whose lengths carry a unit.
     *
     * @param lengthUnit unit of the coordinates shown on the axes, e.g. "m"; empty for none
     */
    public static JFreeChart of(Grid2D grid, double[] values, String title, String valueLabel, String lengthUnit) {
        return of(grid, values, title, valueLabel, lengthUnit, Scale.auto(values));
    }

    /**
     * A heatmap of a field on a grid with a given colour scale.
     *
     * @param lengthUnit unit of the coordinates shown on the axes; empty for none
     * @param scale the colour scale (values outside it take the end colours)
     */
    public static JFreeChart of(
            Grid2D grid, double[] values, String title, String valueLabel, String lengthUnit, Scale scale) {
        double[] xs = new double[grid.nx()];
        double[] ys = new double[grid.ny()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = grid.x(i);
        }
        for (int j = 0; j < ys.length; j++) {
            ys[j] = grid.y(j);
        }
        String unit = lengthUnit.isEmpty() ? "" : " (" + lengthUnit + ")";
        return of(xs, ys, values, title, "x" + unit, "y" + unit, valueLabel, scale);
    }

    /**
     * A heatmap of values on the tensor product of two uniformly spaced coordinate lists.
     *
     * @param xs horizontal coordinates (first array axis), increasing, uniformly spaced
     * @param ys vertical coordinates (second array axis), increasing, uniformly spaced
     * @param values {@code xs.length * ys.length} values, {@code values[i * ys.length + j]} at (xs[i], ys[j])
     */
    public static JFreeChart of(
            double[] xs, double[] ys, double[] values, String title, String xLabel, String yLabel, String valueLabel) {
        return of(xs, ys, values, title, xLabel, yLabel, valueLabel, Scale.auto(values));
    }

    /** {@link #of(double[], double[], double[], String, String, String, String)} with a given colour scale. */
    public static JFreeChart of(
            double[] xs,
            double[] ys,
            double[] values,
            String title,
            String xLabel,
            String yLabel,
            String valueLabel,
            Scale colours) {
        int nx = xs.length;
        int ny = ys.length;
        if (values.length != nx * ny) {
            throw new IllegalArgumentException("heatmap needs " + nx * ny + " values, got " + values.length);
        }
        PaintScale scale = colours.paintScale();
        double dx = nx > 1 ? xs[1] - xs[0] : 1;
        double dy = ny > 1 ? ys[1] - ys[0] : 1;

        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setRange(xs[0] - dx / 2, xs[nx - 1] + dx / 2);
        xAxis.setLowerMargin(0);
        xAxis.setUpperMargin(0);
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setRange(ys[0] - dy / 2, ys[ny - 1] + dy / 2);
        // The field is one image annotation, drawn before any overlay annotations a caller adds.
        XYPlot plot = new XYPlot(null, xAxis, yAxis, null);
        plot.setNoDataMessage(null);
        plot.addAnnotation(new FieldImage(xs, ys, values, scale));
        plot.setBackgroundPaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setOutlinePaint(Color.DARK_GRAY);

        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis barAxis = new NumberAxis(valueLabel);
        barAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, barAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setSubdivisionCount(256);
        legend.setStripWidth(14);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        return chart;
    }

    /** Width of the colour bar and its labels, in pixels, added to a panel's plot area. */
    public static final int COLOUR_BAR_WIDTH = 120;

    /**
     * Panel width in pixels that gives a field's plot area the domain's aspect ratio.
     *
     * @param grid the field's grid
     * @param height panel height in pixels
     */
    public static int panelWidth(Grid2D grid, int height) {
        return (int) Math.round(height * grid.lx() / grid.ly()) + COLOUR_BAR_WIDTH;
    }

    /**
     * Draws charts side by side into one image, {@code columns} per row, on a white background (what
     * {@link #writePng(Path, List, int, int, int)} writes; a notebook displays it).
     *
     * @param charts the panels, in reading order
     * @param columns panels per row
     * @param width width of one panel in pixels
     * @param height height of one panel in pixels
     * @return the image, {@code columns * width} by {@code rows * height} pixels
     */
    public static BufferedImage image(List<JFreeChart> charts, int columns, int width, int height) {
        int cols = Math.max(1, Math.min(columns, charts.size()));
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * width, rows * height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int k = 0; k < charts.size(); k++) {
                charts.get(k).draw(g, new Rectangle((k % cols) * width, (k / cols) * height, width, height));
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes charts side by side into one PNG, {@code columns} per row, atomically.
     *
     * @param file the PNG file
     * @param charts the panels, in reading order
     * @param columns panels per row
     * @param width width of one panel in pixels
     * @param height height of one panel in pixels
     */
    public static void writePng(Path file, List<JFreeChart> charts, int columns, int width, int height)
            throws IOException {
        BufferedImage image = image(charts, columns, width, height);
        AtomicOutput.write(file, out -> ImageIO.write(image, "png", out));
    }

    /** Writes one chart as a PNG, atomically. */
    public static void writePng(Path file, JFreeChart chart, int width, int height) throws IOException {
        writePng(file, List.of(chart), 1, width, height);
    }
}
