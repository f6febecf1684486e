package org.pdeflow.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --plot} option every simulate command shares. */
final class PlotOption {

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also write a heatmap of the result (PNG, colour bar, axes in physical units).")
    Path plot;

    @Option(names = "--plot-size", paramLabel = "PIXELS", defaultValue = "560",
            description = "Width and height of one heatmap panel in pixels (default: ${DEFAULT-VALUE}).")
    int plotSize;
}
