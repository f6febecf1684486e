/**
 * Priors with closed forms: the Gaussian random-field prior, its dense covariance and exact denoiser;
 * the generative prior of two-phase coefficients (a thresholded latent Gaussian field).
 */
package org.pdeflow.inverse.prior;
