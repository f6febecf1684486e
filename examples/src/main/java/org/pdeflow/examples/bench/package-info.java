/**
 * In-process benchmarks of the reference solvers against the bare numerical kernels they cannot avoid, behind
 * {@code pdeflow bench}.
 *
 * <p>{@link SolverBenchmark} times Navier-Stokes (seconds per unit of simulated Kolmogorov flow against five real FFTs
 * per right-hand side), Darcy (a solve against the numeric sparse Cholesky and triangular solves of the same matrix)
 * and the wave equation (leapfrog steps against one bare five-point sweep), each reported as a {@link BenchResult} with
 * its ratio to the baseline. Timings are medians after JIT warm-up, since the machines are small and shared.
 */
package org.pdeflow.examples.bench;
