package org.pdeflow.examples.cli;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.TrainedFieldPrior;

/**
 * A diffusion prior chosen on the command line, with whatever it holds open (trained weights):
 * {@code gaussian} gives the stationary Gaussian baseline on the problem's unknowns
 * ({@link InverseSetup#gaussianPrior}); a folder is loaded as a {@link TrainedFieldPrior} on the
 * problem's grid (its channels must name the unknowns; a one-channel prior on {@code a} serves
 * ns-inverse's {@code omega0}).
 */
final class PriorHandle implements AutoCloseable {

    private final DiffusionFieldPrior prior;
    private final AutoCloseable resource;

    private PriorHandle(DiffusionFieldPrior prior, AutoCloseable resource) {
        this.prior = prior;
        this.resource = resource;
    }

    static PriorHandle none() {
        return new PriorHandle(null, null);
    }

    /**
     * @param spec {@code gaussian} or a trained prior folder
     * @param unknowns the problem's unknowns (the prior's channels must name them)
     */
    static PriorHandle open(String spec, Unknowns unknowns) {
        if ("gaussian".equals(spec)) {
            return new PriorHandle(InverseSetup.gaussianPrior(unknowns), null);
        }
        Path dir = Path.of(spec);
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, "no such prior folder (give a trained prior's checkpoint folder or 'gaussian')");
        }
        // A Navier-Stokes prior trained on a dataset's field a (= omega0) serves the unknown omega0.
        Map<String, String> rename = unknowns.names().equals(List.of(NavierStokesForwardModel.FIELD))
                ? Map.of("a", NavierStokesForwardModel.FIELD) : Map.of();
        try {
            TrainedFieldPrior p = TrainedFieldPrior.load(dir, unknowns.fields().get(0).grid(), rename);
            return new PriorHandle(p, p);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InputException(dir, "cannot load the prior: " + e.getMessage(), e);
        }
    }

    DiffusionFieldPrior prior() {
        return prior;
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }
}
