package org.pdeflow.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
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
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Heatmaps of 2-D fields with a colour bar and axes in physical units (JFreeChart).
 *
 * <p>Values are laid out as everywhere in pdeflow: {@code values[i * ny + j]} is the value at
 * (x_i, y_j), x horizontal. Signed fields (vorticity, errors) get a diverging map symmetric about
 * zero so that white means zero; one-signed fields get viridis over [min, max].
 */
public final class Heatmap {

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private Heatmap() {
    }

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
        double[] xs = new double[grid.nx()];
        double[] ys = new double[grid.ny()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = grid.x(i);
        }
        for (int j = 0; j < ys.length; j++) {
            ys[j] = grid.y(j);
        }
        String unit = lengthUnit.isEmpty() ? "" : " (" + lengthUnit + ")";
        return of(xs, ys, values, title, "x" + unit, "y" + unit, valueLabel);
    }

    /**
     * A heatmap of values on the tensor product of two uniformly spaced coordinate lists.
     *
     * @param xs horizontal coordinates (first array axis), increasing, uniformly spaced
     * @param ys vertical coordinates (second array axis), increasing, uniformly spaced
     * @param values {@code xs.length * ys.length} values, {@code values[i * ys.length + j]} at (xs[i], ys[j])
     */
    public static JFreeChart of(double[] xs, double[] ys, double[] values, String title, String xLabel,
            String yLabel, String valueLabel) {
        int nx = xs.length;
        int ny = ys.length;
        if (values.length != nx * ny) {
            throw new IllegalArgumentException("heatmap needs " + nx * ny + " values, got " + values.length);
        }
        double[][] series = new double[3][nx * ny];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int k = i * ny + j;
                series[0][k] = xs[i];
                series[1][k] = ys[j];
                series[2][k] = values[k];
                if (Double.isFinite(values[k])) {
                    min = Math.min(min, values[k]);
                    max = Math.max(max, values[k]);
                }
            }
        }
        if (!(min <= max)) {
            min = 0;
            max = 1;
        }
        PaintScale scale;
        if (min < 0 && max > 0) {
            double m = Math.max(-min, max);
            scale = ColorMap.COOLWARM.scale(-m, m);
        } else {
            double pad = max > min ? 0 : Math.max(1e-12, Math.abs(max) * 1e-6);
            scale = ColorMap.VIRIDIS.scale(min - pad, max + pad);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(valueLabel, series);

        double dx = nx > 1 ? xs[1] - xs[0] : 1;
        double dy = ny > 1 ? ys[1] - ys[0] : 1;
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth(dx);
        renderer.setBlockHeight(dy);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setPaintScale(scale);

        NumberAxis xAxis = new NumberAxis(xLabel);
        xAxis.setRange(xs[0] - dx / 2, xs[nx - 1] + dx / 2);
        xAxis.setLowerMargin(0);
        xAxis.setUpperMargin(0);
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setRange(ys[0] - dy / 2, ys[ny - 1] + dy / 2);
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
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
                charts.get(k).draw(g, new java.awt.Rectangle((k % cols) * width, (k / cols) * height, width, height));
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
