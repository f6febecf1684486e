package org.pdeflow.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts of one or more curves y(x) that share an x axis (diagnostics over time or steps). */
public final class LineChart {

    private static final Color[] PALETTE = {
        new Color(0x1F77B4),
        new Color(0xD62728),
        new Color(0x2CA02C),
        new Color(0x9467BD),
        new Color(0xFF7F0E),
        new Color(0x17BECF)
    };

    private final XYSeriesCollection data = new XYSeriesCollection();
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private boolean logY;
    private boolean logX;
    private Boolean markers;

    /**
     * @param title chart title
     * @param xLabel horizontal axis label with units
     * @param yLabel vertical axis label with units
     */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a curve through the points (x[k], y[k]). */
    public LineChart add(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "curve '" + name + "' has " + x.length + " x and " + y.length + " y values");
        }
        XYSeries s = new XYSeries(name, false, true);
        for (int k = 0; k < x.length; k++) {
            s.add(x[k], y[k]);
        }
        data.addSeries(s);
        return this;
    }

    /** Uses a logarithmic vertical axis (for errors and residuals spanning decades). */
    public LineChart logY() {
        logY = true;
        return this;
    }

    /** Uses a logarithmic horizontal axis (costs, counts and wavenumbers spanning decades). */
    public LineChart logX() {
        logX = true;
        return this;
    }

    /** Marks every point (by default only curves of at most 40 points are marked). */
    public LineChart markers() {
        markers = true;
        return this;
    }

    /** Builds the chart. */
    public JFreeChart chart() {
        ValueAxis x;
        if (logX) {
            x = LogAxes.of(xLabel);
        } else {
            NumberAxis nx = new NumberAxis(xLabel);
            nx.setAutoRangeIncludesZero(false);
            x = nx;
        }
        ValueAxis y;
        if (logY) {
            y = LogAxes.of(yLabel);
        } else {
            NumberAxis ny = new NumberAxis(yLabel);
            ny.setAutoRangeIncludesZero(false);
            y = ny;
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(
                true,
                markers != null
                        ? markers
                        : data.getSeriesCount() > 0 && data.getSeries(0).getItemCount() <= 40);
        for (int k = 0; k < data.getSeriesCount(); k++) {
            r.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
            r.setSeriesStroke(k, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart =
                new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, data.getSeriesCount() > 1);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
