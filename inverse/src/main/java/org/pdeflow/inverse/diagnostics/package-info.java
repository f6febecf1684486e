/** Diagnostics of sampler output: Monte Carlo standard errors and effective sample sizes of chains. */
package org.pdeflow.inverse.diagnostics;
