/**
 * Generative priors over fields: training, checkpoints, loading and sampling.
 *
 * <p>A prior checkpoint is an operators checkpoint folder ({@code model-card.json} +
 * {@code model-0000.params}, see {@link org.pdeflow.operators.checkpoint.Checkpoints}) whose card
 * records, besides the network config, the channel names, the per-channel normalisation
 * (physical -&gt; normalised, the card's input normaliser) and the {@link
 * org.pdeflow.solvers.prior.PriorSettings} (kind, sigma_data, noise, EMA). {@link
 * org.pdeflow.solvers.prior.PriorTrainer} writes it (with the state needed for an exact resume);
 * {@link org.pdeflow.solvers.prior.DiffusionPrior#load} reads it and gives the
 * {@link org.pdeflow.solvers.denoise.Denoiser} on normalised fields that an inverse solver uses as
 * its prior, plus normalise/denormalise; {@link org.pdeflow.solvers.prior.PriorSampling} draws
 * unconditional samples and {@link org.pdeflow.solvers.prior.FieldStatistics} compares them with data.
 */
package org.pdeflow.solvers.prior;
