/**
 * Building blocks of neural operators, as DJL blocks over (B, C, H, W) field batches (x along H):
 * {@link org.pdeflow.operators.layers.SpectralConv2d} (the FNO kernel integral in Fourier space,
 * with resolution change by mode truncation), {@link org.pdeflow.operators.layers.FourierLayer}
 * (spectral + pointwise skip + optional FiLM conditioning + GELU),
 * {@link org.pdeflow.operators.layers.ChannelMlp} (projection),
 * {@link org.pdeflow.operators.layers.NoiseEmbedding} (sinusoidal noise-level embedding) and the
 * helpers {@link org.pdeflow.operators.layers.Spectral} (truncated transforms, band-limited
 * resampling), {@link org.pdeflow.operators.layers.GridCoordinates} and
 * {@link org.pdeflow.operators.layers.Pointwise}.
 *
 * <p>Every block takes its grid size from its input, never from a stored constant, so a model
 * trained at one resolution runs at another as long as the spectral modes fit (2 m1 &lt;= H,
 * m2 &lt;= W/2 + 1 at every level).
 */
package org.pdeflow.operators.layers;
