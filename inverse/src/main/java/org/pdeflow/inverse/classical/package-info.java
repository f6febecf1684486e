/**
 * Prior-free and Gaussian-prior classical baselines: ensemble Kalman inversion and Tikhonov-regularised
 * PDE-constrained optimisation by L-BFGS.
 */
package org.pdeflow.inverse.classical;
