package org.pdeflow.pde.wave;

/**
 * A point source {@code w(t) delta(x - xs, y - ys)} of the acoustic wave equation, at physical
 * coordinates (metres) inside the model rectangle [0, lx] x [0, ly] of {@link AcousticWave2D}.
 *
 * <p>On the grid the delta is spread bilinearly onto the four nodes of the cell containing the
 * point, with weights divided by the cell area {@code dx * dy}, so the discrete delta sums to 1
 * under the rectangle rule and reproduces exactly the moments 1, x and y.
 *
 * @param x source abscissa, m
 * @param y source ordinate, m
 * @param wavelet source time function
 */
public record PointSource(double x, double y, RickerWavelet wavelet) {

    public PointSource {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("source coordinates must be finite, got (" + x + ", " + y + ")");
        }
        if (wavelet == null) {
            throw new IllegalArgumentException("source wavelet is required");
        }
    }
}
