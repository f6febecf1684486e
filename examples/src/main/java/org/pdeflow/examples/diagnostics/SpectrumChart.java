package org.pdeflow.examples.diagnostics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.pdeflow.examples.plot.LogAxes;
import org.pdeflow.inverse.diagnostics.SpectrumComparison;

/**
 * Log-log chart of radially binned power spectra: every sample as a thin line, their mean as a
 * thick one, the truth (when known) thick and black. Bin 0 (the squared mean) is left out, and so
 * are bins below 1e-12 of the largest value shown: round-off of modes a field does not have (for
 * example those a dealiased solver keeps at zero), which would otherwise stretch the axis over
 * dozens of empty decades.
 */
public final class SpectrumChart {

    private static final Color SAMPLE = new Color(0x1F77B4);

    private SpectrumChart() {}

    /**
     * The chart.
     *
     * @param spectra the spectra
     * @param title chart title
     * @param lengthUnit unit of length for the wavenumber axis, empty for a dimensionless domain
     * @return the chart
     */
    public static JFreeChart of(SpectrumComparison spectra, String title, String lengthUnit) {
        double floor = 1e-12 * Math.max(max(spectra.sampleMean()), spectra.truth() == null ? 0 : max(spectra.truth()));
        for (double[] e : spectra.samples()) {
            floor = Math.max(floor, 1e-12 * max(e));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        int k = 0;
        if (spectra.truth() != null) {
            data.addSeries(series("truth", spectra.wavenumbers(), spectra.truth(), floor));
            r.setSeriesPaint(k, Color.BLACK);
            r.setSeriesStroke(k++, new BasicStroke(2.5f));
        }
        data.addSeries(series(
                "sample mean (" + spectra.samples().length + " samples)",
                spectra.wavenumbers(),
                spectra.sampleMean(),
                floor));
        r.setSeriesPaint(k, SAMPLE.darker());
        r.setSeriesStroke(k++, new BasicStroke(2.5f));
        for (int s = 0; s < spectra.samples().length; s++) {
            data.addSeries(series("sample " + (s + 1), spectra.wavenumbers(), spectra.samples()[s], floor));
            r.setSeriesPaint(k, new Color(SAMPLE.getRed(), SAMPLE.getGreen(), SAMPLE.getBlue(), 110));
            r.setSeriesStroke(k, new BasicStroke(0.8f));
            r.setSeriesVisibleInLegend(k++, s == 0);
        }
        String unit = lengthUnit.isEmpty() ? "rad per unit length" : "rad/" + lengthUnit;
        XYPlot plot = new XYPlot(
                data,
                LogAxes.of("wavenumber |k| (" + unit + ")"),
                LogAxes.of("E(|k|): mean square per wavenumber shell"),
                r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static double max(double[] e) {
        double m = 0;
        for (int b = 1; b < e.length; b++) {
            if (Double.isFinite(e[b])) {
                m = Math.max(m, e[b]);
            }
        }
        return m;
    }

    /** The points of bins 1 .. B above the floor (log axes). */
    private static XYSeries series(String name, double[] k, double[] e, double floor) {
        XYSeries s = new XYSeries(name, false, true);
        for (int b = 1; b < e.length; b++) {
            if (e[b] > floor && Double.isFinite(e[b])) {
                s.add(k[b], e[b]);
            }
        }
        return s;
    }
}
