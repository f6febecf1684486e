package org.pdeflow.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow simulate darcy}: pressure of steady Darcy flow for a given permeability. */
@Command(
        name = "darcy",
        mixinStandardHelpOptions = true,
        description = {
            "Solve -div(a grad u) = f on [0,L]^2 with u = 0 on the boundary.",
            "The coefficient a is an s x s array of node values (boundary included, h = L/(s-1)),",
            "x along the first axis; the output u has the same shape and layout."
        })
final class SimulateDarcyCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SimulateDarcyCommand.class);

    @Option(
            names = "--coefficient",
            required = true,
            paramLabel = "a.npy",
            description = "Permeability a(x, y) > 0, shape (s, s), float32 or float64, C order.")
    Path coefficient;

    @Option(
            names = "--source",
            paramLabel = "f.npy",
            description = "Right-hand side f, shape (s, s); default f = 1 everywhere.")
    Path source;

    @Option(
            names = "--length",
            defaultValue = "1.0",
            paramLabel = "L",
            description = "Side of the square domain (default: ${DEFAULT-VALUE}).")
    double length;

    @Mixin
    OutputOption output;

    @Mixin
    PlotOption plot;

    @Override
    public Integer call() throws Exception {
        output.check();
        plot.check();
        if (!(length > 0) || Double.isInfinite(length)) {
            throw new IllegalArgumentException("--length must be positive, got " + length);
        }
        NdArray a = FieldFiles.readSquare(coefficient, 3);
        FieldFiles.requirePositive(coefficient, a, "permeability");
        int s = a.dim(0);
        double[] f = null;
        if (source != null) {
            NdArray fa = FieldFiles.readSquare(source, 3);
            if (fa.dim(0) != s) {
                throw new InputException(
                        source, "shape " + fa.shapeString() + " does not match the coefficient's " + a.shapeString());
            }
            f = fa.data();
        }
        Grid2D grid = Grid2D.nodes(s, length);
        long t0 = System.nanoTime();
        DarcySolver solver = new DarcySolver(grid);
        double[] u = f == null ? solver.solve(a.data()) : solver.solve(a.data(), f);
        LOG.info("Darcy {}x{} solved in {} ms", s, s, (System.nanoTime() - t0) / 1_000_000);

        output.write(NdArray.of2d(s, s, u));
        if (plot.plot != null) {
            plot.write(
                    List.of(Heatmap.of(grid, a.data(), "permeability a", "a"), Heatmap.of(grid, u, "pressure u", "u")),
                    2,
                    Heatmap.panelWidth(grid, plot.plotSize));
        }
        LOG.info("wrote {}{}", output.out, plot.plot == null ? "" : " and " + plot.plot);
        return 0;
    }
}
