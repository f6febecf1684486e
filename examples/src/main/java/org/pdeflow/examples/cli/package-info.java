/**
 * The {@code pdeflow} command-line program: {@link org.pdeflow.examples.cli.Pdeflow} (picocli) and one
 * class per command ({@code simulate}, {@code generate}, {@code train-operator}, {@code train-prior},
 * {@code sample}, {@code evaluate-prior}, {@code solve}, {@code benchmark inverse}, {@code demo},
 * {@code bench}), with the option types they share. Commands only translate options: problems and
 * methods come from the {@code inverse} module's registries, the inverse-problem wiring from
 * {@link org.pdeflow.examples.inverse}, the demo's parts from {@link org.pdeflow.examples.demo}, prior
 * files and samples from {@link org.pdeflow.examples.priors}. Exit codes: 0 success, 2 usage error or
 * malformed input, 1 other failure; user mistakes are one line naming the file and the problem.
 */
package org.pdeflow.examples.cli;
