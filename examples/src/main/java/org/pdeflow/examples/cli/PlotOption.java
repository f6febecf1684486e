package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.pdeflow.examples.plot.FigureFiles;
import picocli.CommandLine.Option;

/** The {@code --plot} option every simulate command shares. */
final class PlotOption {

    /** Smallest and largest {@code --plot-size} in pixels (as the demo's). */
    static final int MIN_SIZE = 100;

    static final int MAX_SIZE = 2000;
    /** Largest figure, in pixels (about 270 MB as an RGB raster). */
    static final long MAX_PIXELS = 1L << 26;

    @Option(
            names = "--plot",
            paramLabel = "FILE.png",
            description = "Also write a heatmap of the result (axes in physical units, colour bar): .png, or .svg for "
                    + "vector graphics.")
    Path plot;

    @Option(
            names = "--plot-size",
            paramLabel = "PIXELS",
            defaultValue = "560",
            description = "Height of one heatmap panel in pixels, " + MIN_SIZE + " to " + MAX_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int plotSize;

    /** Fails before any work starts on a figure that could not be written. */
    void check() {
        checkSize(plotSize, "--plot-size");
        if (plot != null) {
            FieldFiles.checkWritable(plot, "--plot");
            FigureFiles.requireFormat(plot, "--plot");
        }
    }

    /** Fails unless {@code pixels} is an accepted panel size. */
    static void checkSize(int pixels, String option) {
        if (pixels < MIN_SIZE || pixels > MAX_SIZE) {
            throw new IllegalArgumentException(
                    option + " must be between " + MIN_SIZE + " and " + MAX_SIZE + " pixels, got " + pixels);
        }
    }

    /**
     * Fails before any work starts when the figure would be too large to draw: {@code panels}
     * panels, {@code columns} per row, each {@code width} x {@code --plot-size} pixels, more than
     * {@value #MAX_PIXELS} pixels in all (a very elongated grid makes wide panels).
     */
    void checkLayout(int panels, int columns, int width) {
        if (plot == null) {
            return;
        }
        int cols = Math.max(1, Math.min(columns, panels));
        long pixels = (long) cols * width * ((panels + cols - 1) / cols) * plotSize;
        if (pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("--plot: a figure of " + panels + " panels of " + width + " x "
                    + plotSize + " pixels is too large (" + pixels + " pixels, at most " + MAX_PIXELS
                    + "); lower --plot-size");
        }
    }

    /** Writes the panels, {@code columns} per row, each {@code width} x {@code --plot-size}, as the extension says. */
    void write(List<JFreeChart> panels, int columns, int width) throws IOException {
        FigureFiles.writeFile(plot, panels, columns, width, plotSize);
    }
}
