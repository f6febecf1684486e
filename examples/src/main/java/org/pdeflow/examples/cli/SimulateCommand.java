package org.pdeflow.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pdeflow simulate}: runs one reference simulation from input files. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Run a reference PDE simulation (Darcy, Navier-Stokes, acoustic wave).",
        subcommands = {SimulateDarcyCommand.class, SimulateNsCommand.class, SimulateWaveCommand.class})
final class SimulateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing PDE; one of: darcy, ns, wave");
    }
}
