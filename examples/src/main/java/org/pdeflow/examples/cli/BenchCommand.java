package org.pdeflow.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pdeflow.examples.bench.BenchResult;
import org.pdeflow.examples.bench.SolverBenchmark;
import org.pdeflow.examples.progress.ProgressBars;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pdeflow bench}: solver timings against the bare FFT / sparse-solve / stencil costs. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        subcommands = SparkBenchCommand.class,
        description = {
            "Time the reference solvers against the bare kernels they are built from.",
            "Each solver runs in-process (warm-up, then medians) and is printed beside the bare FFT, sparse-solve "
                    + "or stencil cost of the same work, measured in the same process (ratio 1 = no overhead).",
            "'bench spark' times the Spark paths against the local threads."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "64,128",
            paramLabel = "N,...",
            description = "Grid sizes (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(
            names = "--repetitions",
            defaultValue = "5",
            paramLabel = "R",
            description = "Timed runs per figure (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(
            names = "--warmups",
            defaultValue = "2",
            paramLabel = "W",
            description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmups;

    @Override
    public Integer call() throws Exception {
        if (repetitions < 1 || warmups < 0) {
            throw new IllegalArgumentException("--repetitions must be >= 1 and --warmups >= 0");
        }
        for (int n : sizes) {
            if (n < 16 || n > 1024 || n % 2 != 0) {
                throw new IllegalArgumentException("--sizes must be even numbers between 16 and 1024, got " + n);
            }
        }
        List<BenchResult> rows;
        try (ProgressBars bar = ProgressBars.start("bench", sizes.length * SolverBenchmark.ROWS_PER_SIZE, "runs")) {
            rows = new SolverBenchmark(warmups, repetitions).run(sizes, bar);
        }
        spec.commandLine().getOut().println(BenchResult.header());
        for (BenchResult r : rows) {
            spec.commandLine().getOut().println(r.row());
        }
        spec.commandLine()
                .getOut()
                .println("ratio = measured time / time of the bare kernels for the same work; median of " + repetitions
                        + " runs after " + warmups + " warm-up runs; "
                        + Runtime.getRuntime().availableProcessors() + " processors");
        return 0;
    }
}
