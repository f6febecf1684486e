package org.pdeflow.operators.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A per-channel affine normalisation of (B, C, H, W) fields, z = (u - shift[c]) / scale[c] (for
 * {@link Kind#LOG_SYMMETRIC_RANGE}: z = (ln u - shift[c]) / scale[c], u = exp(shift[c] + scale[c] z)), stored
 * in a model card so a network trained on normalised data can be applied to physical fields. It is
 * also the map between a diffusion prior's model space and physical units,
 * u = shift[c] + scale[c] z ({@link #denormalize}, built from differentiable operations, so guided
 * samplers backpropagate through it).
 *
 * <p>Per channel rather than per grid point (Li et al.'s UnitGaussianNormalizer is per point), so
 * that it is independent of the grid and the model stays discretisation-agnostic.
 *
 * @param kind how the statistics were chosen
 * @param shift per-channel shift (mean, or the range's midpoint / minimum)
 * @param scale per-channel scale, every entry positive and finite
 */
public record ChannelNormalizer(Kind kind, double[] shift, double[] scale) {

    /** How shift and scale were derived from the data. */
    public enum Kind {
        /** shift = mean, scale = standard deviation: z has zero mean and unit variance. */
        GAUSSIAN,
        /** shift = (max + min)/2, scale = (max - min)/2: z lies in [-1, 1] (diffusion-prior convention). */
        SYMMETRIC_RANGE,
        /** shift = min, scale = max - min: z lies in [0, 1]. */
        UNIT_RANGE,
        /**
         * The map itself is logarithmic: z = (ln u - shift) / scale, with shift and scale the midpoint and
         * half-width of the range of ln u (Darcy's a in {3, 12}: shift ln 6, scale ln 2, phases at -1 and
         * +1). Every z gives a positive u = exp(shift + scale z), so a coefficient drawn from a prior
         * trained this way can go straight into a solver that needs a &gt; 0. Requires u &gt; 0.
         */
        LOG_SYMMETRIC_RANGE
    }

    /** Validates lengths and positivity; copies the arrays. */
    public ChannelNormalizer {
        if (kind == null || shift == null || scale == null || shift.length != scale.length || shift.length == 0) {
            throw new IllegalArgumentException("normalizer needs a kind and equally long, non-empty shift and scale");
        }
        shift = shift.clone();
        scale = scale.clone();
        for (int c = 0; c < scale.length; c++) {
            if (!(scale[c] > 0) || Double.isInfinite(scale[c]) || !Double.isFinite(shift[c])) {
                throw new IllegalArgumentException(
                        "normalizer channel " + c + ": scale must be positive and finite, got " + scale[c] + " (shift "
                                + shift[c] + "); is the channel constant?");
            }
        }
    }

    /**
     * The identity map on {@code channels} channels: shift 0 and scale 1, of kind
     * {@link Kind#GAUSSIAN} (the normaliser of data that already have zero mean and unit variance).
     */
    public static ChannelNormalizer identity(int channels) {
        double[] one = new double[channels];
        Arrays.fill(one, 1.0);
        return new ChannelNormalizer(Kind.GAUSSIAN, new double[channels], one);
    }

    /**
     * Fits statistics of each channel over a data set.
     *
     * @param kind the statistics to use
     * @param data values laid out as (N, C, H, W), row-major
     * @param channels C
     * @param pointsPerField H W
     * @return the fitted normaliser
     */
    public static ChannelNormalizer fit(Kind kind, float[] data, int channels, int pointsPerField) {
        int stride = channels * pointsPerField;
        if (channels < 1 || pointsPerField < 1 || data.length == 0 || data.length % stride != 0) {
            throw new IllegalArgumentException(
                    "data of length " + data.length + " is not (N, " + channels + ", " + pointsPerField + ")");
        }
        int n = data.length / stride;
        if (kind == Kind.LOG_SYMMETRIC_RANGE) {
            for (int i = 0; i < data.length; i++) {
                if (!(data[i] > 0)) {
                    throw new IllegalArgumentException("a logarithmic normalisation needs positive values, got "
                            + data[i] + " in channel " + (i / pointsPerField) % channels);
                }
            }
            // ln is monotone: the range of ln u is ln of the range of u (exact in double)
            ChannelNormalizer range = fit(Kind.UNIT_RANGE, data, channels, pointsPerField);
            double[] shift = new double[channels];
            double[] scale = new double[channels];
            for (int c = 0; c < channels; c++) {
                double lo = Math.log(range.shift[c]);
                double hi = Math.log(range.shift[c] + range.scale[c]);
                shift[c] = 0.5 * (hi + lo);
                scale[c] = 0.5 * (hi - lo);
            }
            return new ChannelNormalizer(kind, shift, scale);
        }
        double[] shift = new double[channels];
        double[] scale = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < n; s++) {
                int base = s * stride + c * pointsPerField;
                for (int p = 0; p < pointsPerField; p++) {
                    double v = data[base + p];
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double count = (double) n * pointsPerField;
            double mean = sum / count;
            switch (kind) {
                case GAUSSIAN -> {
                    double ss = 0;
                    for (int s = 0; s < n; s++) {
                        int base = s * stride + c * pointsPerField;
                        for (int p = 0; p < pointsPerField; p++) {
                            double d = data[base + p] - mean;
                            ss += d * d;
                        }
                    }
                    shift[c] = mean;
                    scale[c] = Math.sqrt(ss / count);
                }
                case SYMMETRIC_RANGE -> {
                    shift[c] = 0.5 * (max + min);
                    scale[c] = 0.5 * (max - min);
                }
                case UNIT_RANGE -> {
                    shift[c] = min;
                    scale[c] = max - min;
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        }
        return new ChannelNormalizer(kind, shift, scale);
    }

    /** Number of channels. */
    public int channels() {
        return shift.length;
    }

    @Override
    public double[] shift() {
        return shift.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    /**
     * @param u physical fields (B, C, H, W)
     * @return (u - shift) / scale, same shape
     */
    public NDArray normalize(NDArray u) {
        NDArray v = kind == Kind.LOG_SYMMETRIC_RANGE ? u.log() : u;
        return v.sub(column(u, shift)).div(column(u, scale));
    }

    /**
     * @param z normalised fields (B, C, H, W)
     * @return z scale + shift, same shape
     */
    public NDArray denormalize(NDArray z) {
        NDArray v = z.mul(column(z, scale)).add(column(z, shift));
        return kind == Kind.LOG_SYMMETRIC_RANGE ? v.exp() : v;
    }

    /** Whether the map is logarithmic ({@link Kind#LOG_SYMMETRIC_RANGE}): physical values are positive. */
    public boolean logarithmic() {
        return kind == Kind.LOG_SYMMETRIC_RANGE;
    }

    /** The physical value of the normalised value z in channel c. */
    public double denormalize(int c, double z) {
        double v = shift[c] + scale[c] * z;
        return logarithmic() ? Math.exp(v) : v;
    }

    /** Normalises values laid out as (N, C, P) in place. */
    public void normalizeInPlace(float[] data, int pointsPerField) {
        int c = shift.length;
        boolean log = logarithmic();
        for (int i = 0; i < data.length; i++) {
            int ch = (i / pointsPerField) % c;
            double v = log ? Math.log(data[i]) : data[i];
            data[i] = (float) ((v - shift[ch]) / scale[ch]);
        }
    }

    private NDArray column(NDArray like, double[] values) {
        if (like.getShape().dimension() != 4 || like.getShape().get(1) != values.length) {
            throw new IllegalArgumentException(
                    "normalizer for " + values.length + " channels applied to shape " + like.getShape());
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return like.getManager().create(f, new Shape(1, f.length, 1, 1)).toDevice(like.getDevice(), false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelNormalizer n
                && n.kind == kind
                && Arrays.equals(n.shift, shift)
                && Arrays.equals(n.scale, scale);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 * 31 + Arrays.hashCode(shift) * 31 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "ChannelNormalizer[" + kind + ", shift=" + Arrays.toString(shift) + ", scale=" + Arrays.toString(scale)
                + "]";
    }
}
