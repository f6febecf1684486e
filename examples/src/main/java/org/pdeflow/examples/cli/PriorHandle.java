package org.pdeflow.examples.cli;

import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;

/**
 * A diffusion prior chosen on the command line, with whatever it holds open (trained weights):
 * {@code gaussian} gives the stationary Gaussian baseline on the problem's unknowns
 * ({@link InverseSetup#gaussianPrior}).
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
        throw new IllegalArgumentException("--prior " + spec + ": trained prior folders are not readable by this build; use "
                + "--prior gaussian");
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
