/**
 * Diagnostics of sampler output: Monte Carlo standard errors and effective sample sizes of chains,
 * calibration (coverage of the truth by mean +- k std), power spectra of samples against the truth,
 * and per-step misfit and error histories.
 */
package org.pdeflow.inverse.diagnostics;
