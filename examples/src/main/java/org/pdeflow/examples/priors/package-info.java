/**
 * Prior files and samples for {@code train-prior}, {@code sample} and {@code evaluate-prior}:
 * {@link org.pdeflow.examples.priors.PriorFiles} (training and reference fields from HDF5 or .npz, with
 * the checks that they are the kind of data a model card describes),
 * {@link org.pdeflow.examples.priors.PriorNormalization} (per-channel normalisation fitted to the data)
 * and {@link org.pdeflow.examples.priors.PriorSamples} (drawing samples and their galleries).
 */
package org.pdeflow.examples.priors;
