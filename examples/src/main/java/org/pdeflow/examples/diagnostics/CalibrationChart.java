package org.pdeflow.examples.diagnostics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pdeflow.inverse.diagnostics.Calibration;

/**
 * Reliability diagram of posterior bands: for k = 0.5 .. 3, the fraction of grid points whose
 * truth lies inside mean +- k std (vertical) against the Gaussian nominal probability 2 Phi(k) - 1
 * (horizontal). The diagonal is a posterior with exact moments; the dotted curve is what a
 * calibrated posterior gives with S samples (Student t, see {@link Calibration}). Points below
 * the curve mean over-confident (too narrow) bands.
 */
public final class CalibrationChart {

    private static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD), new Color(0xFF7F0E)
    };

    private CalibrationChart() {}

    /**
     * The chart.
     *
     * @param perField calibration of each field with a truth, by field name (all with the same S and multipliers)
     * @return the chart
     */
    public static JFreeChart of(Map<String, Calibration> perField) {
        if (perField.isEmpty()) {
            throw new IllegalArgumentException("no calibrated fields");
        }
        Calibration first = perField.values().iterator().next();
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        XYSeries diagonal = new XYSeries("exact posterior moments", false, true);
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
        r.setSeriesPaint(0, Color.GRAY);
        r.setSeriesStroke(
                0, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        r.setSeriesShapesVisible(0, false);
        XYSeries finite = new XYSeries("calibrated, " + first.samples() + " samples", false, true);
        finite.add(0, 0);
        for (int i = 0; i < first.multipliers().length; i++) {
            finite.add(first.gaussianNominal()[i], first.finiteSampleNominal()[i]);
        }
        data.addSeries(finite);
        r.setSeriesPaint(1, Color.DARK_GRAY);
        r.setSeriesStroke(
                1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0));
        r.setSeriesShapesVisible(1, false);
        int k = 2;
        StringBuilder summary = new StringBuilder("inside mean ± 2 std:");
        for (Map.Entry<String, Calibration> e : perField.entrySet()) {
            Calibration c = e.getValue();
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (int i = 0; i < c.multipliers().length; i++) {
                s.add(c.gaussianNominal()[i], c.coverage()[i]);
            }
            data.addSeries(s);
            r.setSeriesPaint(k, PALETTE[(k - 2) % PALETTE.length]);
            r.setSeriesStroke(k++, new BasicStroke(2f));
            summary.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), c.coverageAt(2)));
        }
        summary.append(String.format(
                Locale.ROOT,
                " (calibrated: %.3f with %d samples, %.3f exact)",
                first.finiteSampleNominalAt(2),
                first.samples(),
                Calibration.gaussianNominal(2)));
        NumberAxis x = new NumberAxis("nominal probability 2Φ(k) − 1 of mean ± k std (k = 0.5 … 3)");
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("fraction of grid points with the truth inside");
        y.setRange(0, 1);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(
                "calibration of the posterior bands", new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.addSubtitle(new TextTitle(summary.toString(), new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
