/**
 * The algorithm interfaces and their results. Problem, prior and algorithm are kept apart (as in
 * InverseBench) and meet in {@link org.pdeflow.inverse.sampling.PosteriorSampler#sample}, whose prior
 * type is a type parameter (a Gaussian measure for pCN and EKI, a denoiser for diffusion samplers);
 * prior-free point estimates implement {@link org.pdeflow.inverse.sampling.Inversion}. Both return a
 * {@link org.pdeflow.inverse.sampling.Reconstruction} and report progress through
 * {@link org.pdeflow.inverse.sampling.StepCallback}.
 */
package org.pdeflow.inverse.sampling;
