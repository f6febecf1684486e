package org.pdeflow.examples.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;

/**
 * A field drawn as one image stretched over its cells' extent in data coordinates: cell (i, j)
 * covers [x_i - dx/2, x_i + dx/2] x [y_j - dy/2, y_j + dy/2]. One image instead of one rectangle
 * per cell keeps vector output small (an SVG embeds it as a PNG); it is upsampled by pixel
 * replication so that viewers that smooth images still show sharp cells, and drawn with
 * nearest-neighbour interpolation.
 */
final class FieldImage extends AbstractXYAnnotation {

    /** Target size of the longer image side in pixels after replication. */
    private static final int TARGET = 256;

    private final transient BufferedImage image;
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;

    /**
     * @param values {@code nx * ny} values, {@code values[i * ny + j]} at (xs[i], ys[j]); non-finite ones transparent
     * @param scale colours
     */
    FieldImage(double[] xs, double[] ys, double[] values, PaintScale scale) {
        int nx = xs.length;
        int ny = ys.length;
        double dx = nx > 1 ? xs[1] - xs[0] : 1;
        double dy = ny > 1 ? ys[1] - ys[0] : 1;
        this.x0 = xs[0] - dx / 2;
        this.x1 = xs[nx - 1] + dx / 2;
        this.y0 = ys[0] - dy / 2;
        this.y1 = ys[ny - 1] + dy / 2;
        int f = Math.max(1, TARGET / Math.max(nx, ny));
        image = new BufferedImage(nx * f, ny * f, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = values[i * ny + j];
                int argb = Double.isFinite(v) ? ((Color) scale.getPaint(v)).getRGB() : 0;
                // image rows run top to bottom, y upwards
                int row = (ny - 1 - j) * f;
                for (int a = 0; a < f; a++) {
                    for (int b = 0; b < f; b++) {
                        image.setRGB(i * f + a, row + b, argb);
                    }
                }
            }
        }
    }

    @Override
    public void draw(
            Graphics2D g2,
            XYPlot plot,
            Rectangle2D dataArea,
            ValueAxis domainAxis,
            ValueAxis rangeAxis,
            int rendererIndex,
            PlotRenderingInfo info) {
        double left = domainAxis.valueToJava2D(x0, dataArea, plot.getDomainAxisEdge());
        double right = domainAxis.valueToJava2D(x1, dataArea, plot.getDomainAxisEdge());
        double top = rangeAxis.valueToJava2D(y1, dataArea, plot.getRangeAxisEdge());
        double bottom = rangeAxis.valueToJava2D(y0, dataArea, plot.getRangeAxisEdge());
        Object hint = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int x = (int) Math.round(Math.min(left, right));
        int y = (int) Math.round(Math.min(top, bottom));
        int w = (int) Math.round(Math.abs(right - left));
        int h = (int) Math.round(Math.abs(bottom - top));
        g2.drawImage(image, x, y, w, h, null);
        if (hint != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, hint);
        }
    }
}
