/** Priors with closed forms: the Gaussian random-field prior, its dense covariance and exact denoiser. */
package org.pdeflow.inverse.prior;
