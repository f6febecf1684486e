package org.pdeflow.pde.wave;

/**
 * A receiver recording the wavefield u at physical coordinates (metres) inside the model rectangle
 * [0, lx] x [0, ly] of {@link AcousticWave2D}, by bilinear interpolation of the four surrounding
 * grid nodes.
 *
 * @param x receiver abscissa, m
 * @param y receiver ordinate, m
 */
public record Receiver(double x, double y) {

    public Receiver {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("receiver coordinates must be finite, got (" + x + ", " + y + ")");
        }
    }
}
