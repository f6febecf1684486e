/**
 * Checkpoints of trained networks: a folder with DJL weights and a JSON
 * {@link org.pdeflow.operators.checkpoint.ModelCard} (architecture config, per-channel
 * normalisation, training data, command line, metrics, versions), written atomically by
 * {@link org.pdeflow.operators.checkpoint.Checkpoints#save} and rebuilt by
 * {@link org.pdeflow.operators.checkpoint.Checkpoints#load}.
 */
package org.pdeflow.operators.checkpoint;
