/** Reference Markov chain Monte Carlo: preconditioned Crank-Nicolson for Gaussian priors. */
package org.pdeflow.inverse.mcmc;
