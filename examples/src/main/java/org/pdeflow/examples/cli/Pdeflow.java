package org.pdeflow.examples.cli;

import java.io.PrintWriter;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.examples.spark.SparkFailure;
import org.pdeflow.inverse.sampling.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code pdeflow} command-line program.
 *
 * <p>Exit codes: 0 success, 2 usage error (bad options, or a malformed input file), 1 failure.
 * Every user mistake is reported as one line on standard error naming the file or option and the
 * problem; outputs are only written once the whole computation has succeeded.
 */
@Command(
        name = "pdeflow",
        mixinStandardHelpOptions = true,
        versionProvider = Pdeflow.Version.class,
        description = "Reference PDE solvers, diffusion priors and inverse problems.",
        subcommands = {
            SimulateCommand.class,
            GenerateCommand.class,
            TrainOperatorCommand.class,
            TrainPriorCommand.class,
            SampleCommand.class,
            EvaluatePriorCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            SolveCommand.class,
            BenchmarkInverseCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Pdeflow implements Runnable {

    /** Exit code of a run that failed for a reason other than the user's input. */
    public static final int FAILURE = 1;
    /** Exit code of a usage error or a malformed input file. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command; try 'pdeflow --help'");
    }

    /** Runs the program and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /**
     * Runs the program without exiting the JVM (tests call this).
     *
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the program with the given streams for picocli's output and error messages.
     *
     * @param out standard output (help, version)
     * @param err error output (usage errors, failures)
     * @param args command-line arguments
     * @return the exit code
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Pdeflow());
        useVersionEverywhere(cl, new Version());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Pdeflow::usageError);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> failure(ex, line));
        return cl.execute(args);
    }

    /** Lets {@code -V} of every subcommand print the program's version, not an empty line. */
    private static void useVersionEverywhere(CommandLine cl, CommandLine.IVersionProvider version) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(version);
            useVersionEverywhere(sub, version);
        }
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("pdeflow: " + ex.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    private static int failure(Exception ex, CommandLine line) {
        PrintWriter err = line.getErr();
        if (ex instanceof InputException || ex instanceof IllegalArgumentException) {
            // A user mistake: one line, no stack trace.
            err.println("pdeflow: error: " + oneLine(ex.getMessage()));
            err.flush();
            return USAGE;
        }
        if (ex instanceof CommandFailure || ex instanceof DivergenceException || ex instanceof SparkFailure) {
            // An understood failure (a diverged simulation or inverse-problem run, a failed Spark task): its message
            // is the whole story.
            err.println("pdeflow: failed: " + oneLine(ex.getMessage()));
            if (System.getenv("PDEFLOW_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return FAILURE;
        }
        err.println("pdeflow: failed: " + oneLine(String.valueOf(ex)));
        if (System.getenv("PDEFLOW_DEBUG") != null) {
            ex.printStackTrace(err);
        } else {
            err.println("(set PDEFLOW_DEBUG=1 to see the stack trace)");
        }
        err.flush();
        return FAILURE;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }

    /** Reports the version recorded in the jar manifest at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Pdeflow.class.getPackage().getImplementationVersion();
            return new String[] {
                "pdeflow " + (v == null ? "(development build)" : v), "Java " + System.getProperty("java.version")
            };
        }
    }
}
