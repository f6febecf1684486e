package org.pdeflow.examples.diagnostics;

import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.pdeflow.examples.plot.LineChart;

/**
 * Error against a cost or data axis for several methods on one chart: one series per method with
 * markers, both axes logarithmic (error vs network evaluations, error vs number of readings).
 */
public final class MethodComparisonChart {

    /**
     * One measured point.
     *
     * @param x the swept quantity (NFE, readings)
     * @param error the error at it
     */
    public record Point(double x, double error) {}

    private MethodComparisonChart() {}

    /**
     * The chart.
     *
     * @param title chart title
     * @param xLabel horizontal axis label
     * @param yLabel vertical axis label
     * @param series points per method, in legend order; points with a non-positive or non-finite
     *     coordinate are left out (log axes)
     * @return the chart
     */
    public static JFreeChart of(String title, String xLabel, String yLabel, Map<String, List<Point>> series) {
        LineChart chart = new LineChart(title, xLabel, yLabel).logX().logY().markers();
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            List<Point> ok = e.getValue().stream()
                    .filter(p -> p.x() > 0 && p.error() > 0 && Double.isFinite(p.x()) && Double.isFinite(p.error()))
                    .sorted((a, b) -> Double.compare(a.x(), b.x()))
                    .toList();
            double[] x = new double[ok.size()];
            double[] y = new double[ok.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ok.get(i).x();
                y[i] = ok.get(i).error();
            }
            chart.add(e.getKey(), x, y);
        }
        return chart.chart();
    }
}
