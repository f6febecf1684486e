/**
 * Neural-operator networks as DJL blocks: {@link org.pdeflow.operators.models.Fno} (Li et al.
 * 2021) and {@link org.pdeflow.operators.models.Uno} (Rahman et al. 2023), each rebuilt from a
 * JSON-serialisable config record ({@link org.pdeflow.operators.models.FnoConfig},
 * {@link org.pdeflow.operators.models.UnoConfig}) registered in
 * {@link org.pdeflow.operators.models.Architectures}. Both follow the pdeflow convention:
 * forward NDList(x (B, C, H, W)) for surrogates, NDList(x, noise (B,)) when conditioned.
 */
package org.pdeflow.operators.models;
