/**
 * Diagnostic figures of a posterior from an inverse-problem run, as shown on the report pages of {@code pdeflow solve}
 * and {@code pdeflow benchmark inverse}.
 *
 * <p>{@link InverseFigures} makes them all in one call from {@link PosteriorField}s (samples, pointwise mean and
 * standard deviation, truth when known) and the step history: truth, mean, std and error panels; a
 * {@link SampleGallery} on one colour scale; radially binned power spectra ({@link SpectrumChart}); a reliability
 * diagram of the posterior bands against the Gaussian coverage 2 Phi(k) - 1 ({@link CalibrationChart}); data misfit and
 * error per step. {@link MethodComparisonChart} sets several methods' errors against cost or number of readings on
 * log-log axes.
 */
package org.pdeflow.examples.diagnostics;
