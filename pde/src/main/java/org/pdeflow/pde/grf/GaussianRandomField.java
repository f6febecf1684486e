package org.pdeflow.pde.grf;

import java.util.random.RandomGenerator;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A sampler of a centred Gaussian random field N(0, C), C = sigma^2 (-Laplacian + tau^2 I)^(-alpha)
 * (see {@link GrfSpec}), restricted to the points of a {@link Grid2D} and truncated to the
 * eigenfunctions of the Laplacian that the grid resolves.
 *
 * <p>A sample is u(x) = sum_k xi_k e_k(x) over the grid's truncation set of (unnormalised)
 * eigenfunctions e_k, with independent centred Gaussian coefficients of variance
 * {@link #modeVariance(int, int)}. The implementations say which eigenfunctions, which truncation
 * set, and how the variances relate to the continuum operator.
 *
 * <p><b>Reproducibility and threads.</b> A sample depends only on the state of the
 * {@link RandomGenerator} passed in (it consumes exactly {@code grid().size()} calls of
 * {@link RandomGenerator#nextGaussian()}, in an order fixed by the implementation). Implementations
 * are immutable and hold no random state, so one instance may be shared by several threads as long
 * as each thread passes its own generator (generators themselves are usually not thread-safe).
 * For reproducible streams use e.g. {@code RandomGeneratorFactory.of("L64X128MixRandom").create(seed)}
 * and derive per-thread or per-sample generators with {@code SplittableRandom#split()} or
 * {@code RandomGenerator.SplittableGenerator#split()}.
 */
public interface GaussianRandomField {

    /** The grid the samples live on. */
    Grid2D grid();

    /**
     * The covariance parameters.
     *
     * @throws UnsupportedOperationException for a field whose spectrum is not of the Matérn form (an
     *     estimated one, {@link PeriodicGaussianField#withSpectrum})
     */
    GrfSpec spec();

    /** Whether the constant mode has variance 0 (every sample has zero mean). */
    default boolean removesMean() {
        return modeVariance(0, 0) == 0;
    }

    /**
     * Draws one sample.
     *
     * @param rng source of the standard normal draws
     * @return a new array of {@code grid().size()} values, row-major with x along the first axis
     */
    default double[] sample(RandomGenerator rng) {
        double[] out = new double[grid().size()];
        sample(rng, out);
        return out;
    }

    /**
     * Draws one sample into {@code out} (row-major, x along the first axis), overwriting it.
     *
     * @param rng source of the standard normal draws
     * @param out array of length {@code grid().size()}
     */
    void sample(RandomGenerator rng, double[] out);

    /**
     * Variance of the coefficient xi_k of eigenfunction e_k with wavenumber index (k1, k2), in
     * field unit^2; the index range is that of the implementation.
     */
    double modeVariance(int k1, int k2);
}
