package org.pdeflow.pde.wave;

/**
 * The boundary treatment of {@link AcousticWave2D}: either a rigid (reflecting) boundary, or a
 * damping sponge of {@code width} cells added <b>outside</b> the user's model on all four sides.
 *
 * <p>The sponge adds a damping term to the equation, {@code u_tt + sigma(x, y) u_t = c^2 Lap u + f},
 * with sigma = 0 in the model (which is therefore untouched) and a quadratic ramp in the padding
 * (Cerjan et al. 1985, "A nonreflecting boundary condition for discrete acoustic and elastic wave
 * equations", Geophysics 50; the quadratic profile as in Collino &amp; Tsogka 2001):
 *
 * <pre>
 *   sigma = sigma_x(d_x) + sigma_y(d_y),   sigma_x(d) = 3 S c / (W dx) * (d / W)^2
 * </pre>
 *
 * where d is the distance into the layer in cells (0 on the model edge, W on the outer edge), W the
 * width, dx the spacing across the layer and c the (edge-extended) local velocity. With this scale
 * a wave at normal incidence that crosses the layer, reflects off its rigid outer edge and comes
 * back is attenuated by {@code exp(-S)} in the high-frequency limit, since the amplitude decays as
 * {@code exp(-int sigma / (2c) dx)} and {@code int_0^L sigma = sigma_max L / 3}. The residual reflection
 * of a finite sponge comes from the ramp itself and grows with S and with wavelength / layer width;
 * see the defaults below. Outside the model the velocity is extended as a constant along the normal
 * (the nearest model value), and the outermost padding nodes hold u = 0.
 *
 * @param width number of padding cells on each side, 0 for a rigid boundary on the model edge
 * @param strength round-trip attenuation S in nepers (dimensionless, &gt; 0 when width &gt; 0; ignored
 *        when width is 0)
 */
public record AbsorbingLayer(int width, double strength) {

    /** Rigid boundary: u = 0 on the edge of the model, waves reflect completely (with a sign flip). */
    public static final AbsorbingLayer NONE = new AbsorbingLayer(0, 0.0);

    /**
     * Default width in cells. Measured on a homogeneous 81 x 81 model with a central Ricker source
     * (AbsorbingLayerTest): with the default strength the energy reflected back into the model is
     * about 1e-4 of the radiated energy when the layer spans two peak wavelengths (10 points per
     * wavelength) and about 2e-3 when it spans one (20 points per wavelength); a rigid boundary
     * reflects all of it. Widen the layer for smoother models.
     */
    public static final int DEFAULT_WIDTH = 20;

    /**
     * Default round-trip attenuation in nepers. Weaker layers let the wave come back from the outer
     * edge (about e^{-2S} in energy); stronger ones reflect off the ramp; 4 to 6 is the optimum range
     * for 20 to 40 cells.
     */
    public static final double DEFAULT_STRENGTH = 5.0;

    public AbsorbingLayer {
        if (width < 0) {
            throw new IllegalArgumentException("absorbing layer width must be >= 0 cells, got " + width);
        }
        if (width > 0 && (!(strength > 0) || Double.isInfinite(strength))) {
            throw new IllegalArgumentException("absorbing layer strength must be positive and finite, got " + strength);
        }
        if (width == 0) {
            strength = 0.0;
        }
    }

    /** The default sponge: {@link #DEFAULT_WIDTH} cells, strength {@link #DEFAULT_STRENGTH}. */
    public static AbsorbingLayer defaults() {
        return new AbsorbingLayer(DEFAULT_WIDTH, DEFAULT_STRENGTH);
    }

    /** A sponge of the given width (cells) with the default strength. */
    public static AbsorbingLayer ofWidth(int width) {
        return width == 0 ? NONE : new AbsorbingLayer(width, DEFAULT_STRENGTH);
    }

    /** True when this is a rigid boundary (no padding). */
    public boolean isRigid() {
        return width == 0;
    }
}
