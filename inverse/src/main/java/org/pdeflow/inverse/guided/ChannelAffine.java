package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A per-channel affine normalisation, {@code physical = shift[c] + scale[c] * model}, the usual map
 * between a diffusion prior's model space and physical units (a trained prior stores it with its
 * checkpoint; a Gaussian prior uses it to set the field's mean and standard deviation).
 *
 * @param shift one value per channel
 * @param scale one positive value per channel
 */
public record ChannelAffine(double[] shift, double[] scale) {

    public ChannelAffine {
        if (shift == null || scale == null || shift.length == 0 || shift.length != scale.length) {
            throw new IllegalArgumentException("shift and scale need one value per channel, of equal count");
        }
        for (int c = 0; c < scale.length; c++) {
            if (!(scale[c] > 0) || Double.isInfinite(scale[c]) || !Double.isFinite(shift[c])) {
                throw new IllegalArgumentException("channel " + c + ": scale must be positive and finite and shift finite, got "
                        + "scale " + scale[c] + ", shift " + shift[c]);
            }
        }
        shift = shift.clone();
        scale = scale.clone();
    }

    /** The identity map on {@code channels} channels. */
    public static ChannelAffine identity(int channels) {
        double[] one = new double[channels];
        java.util.Arrays.fill(one, 1.0);
        return new ChannelAffine(new double[channels], one);
    }

    /** Number of channels. */
    public int channels() {
        return scale.length;
    }

    /** A copy of the shifts. */
    @Override
    public double[] shift() {
        return shift.clone();
    }

    /** A copy of the scales. */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    /** {@code shift + scale * model} on (B, C, H, W); differentiable. */
    public NDArray toPhysical(NDArray model) {
        NDManager m = model.getManager();
        return model.mul(column(m, scale, model.getDataType())).add(column(m, shift, model.getDataType()));
    }

    /** {@code (physical - shift) / scale} on (B, C, H, W). */
    public NDArray toModel(NDArray physical) {
        NDManager m = physical.getManager();
        return physical.sub(column(m, shift, physical.getDataType())).div(column(m, scale, physical.getDataType()));
    }

    private NDArray column(NDManager m, double[] v, DataType type) {
        if (v.length != channels()) {
            throw new IllegalStateException();
        }
        return m.create(v, new Shape(1, v.length, 1, 1)).toType(type, false);
    }
}
