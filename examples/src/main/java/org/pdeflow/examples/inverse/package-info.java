/**
 * What {@code pdeflow solve}, {@code benchmark inverse} and the demo share to run an inverse problem:
 * {@link org.pdeflow.examples.inverse.InverseRun} (formulate a problem for a method and prior, open the
 * prior, run with a progress bar), {@link org.pdeflow.examples.inverse.PriorHandle} (the prior chosen on
 * the command line: a trained folder, the shipped model, or the Gaussian baseline),
 * {@link org.pdeflow.examples.inverse.InverseResults} (result fields, errors, arrays and report files)
 * and {@link org.pdeflow.examples.inverse.BenchmarkSweeps} (error-vs-NFE and error-vs-readings charts).
 */
package org.pdeflow.examples.inverse;
