package org.pdeflow.examples.priors;

import java.util.List;
import java.util.Locale;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;

/**
 * The per-channel normalisation of a prior's training data: a channel that takes exactly two values
 * (a piecewise-constant coefficient such as Darcy's a in {3, 12}) maps them to -1 and +1
 * ((a - 7.5) / 4.5); any other channel is standardised by its mean and standard deviation.
 */
public final class PriorNormalization {

    private PriorNormalization() {}

    /**
     * Fits a logarithmic normaliser ({@link ChannelNormalizer.Kind#LOG_SYMMETRIC_RANGE}: ln u mapped
     * to [-1, 1], Darcy's a in {3, 12} to -1 and +1), for positive fields whose samples must stay
     * positive.
     *
     * @throws IllegalArgumentException when a value is not positive
     */
    public static ChannelNormalizer fitLog(float[] values, int channels, int points) {
        return ChannelNormalizer.fit(ChannelNormalizer.Kind.LOG_SYMMETRIC_RANGE, values, channels, points);
    }

    /** Fits the normaliser to (N, C, P) values. */
    public static ChannelNormalizer fit(float[] values, int channels, int points) {
        ChannelNormalizer gaussian = ChannelNormalizer.fit(ChannelNormalizer.Kind.GAUSSIAN, values, channels, points);
        ChannelNormalizer range =
                ChannelNormalizer.fit(ChannelNormalizer.Kind.SYMMETRIC_RANGE, values, channels, points);
        double[] shift = gaussian.shift();
        double[] scale = gaussian.scale();
        for (int c = 0; c < channels; c++) {
            if (twoValued(values, channels, points, c)) {
                shift[c] = range.shift()[c];
                scale[c] = range.scale()[c];
            }
        }
        return new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, shift, scale);
    }

    /** A description per channel for the model card. */
    public static String describe(ChannelNormalizer n, List<String> channels) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < channels.size(); c++) {
            if (c > 0) {
                sb.append("; ");
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%s: (%s - %.6g) / %.6g",
                    channels.get(c),
                    n.logarithmic() ? "ln " + channels.get(c) : channels.get(c),
                    n.shift()[c],
                    n.scale()[c]));
        }
        return sb.toString();
    }

    /** Standard deviation of all values. */
    public static double std(float[] z) {
        double sum = 0;
        for (float v : z) {
            sum += v;
        }
        double mean = sum / z.length;
        double ss = 0;
        for (float v : z) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / z.length);
    }

    private static boolean twoValued(float[] values, int channels, int points, int c) {
        float first = Float.NaN;
        float second = Float.NaN;
        int n = values.length / (channels * points);
        for (int s = 0; s < n; s++) {
            int base = (s * channels + c) * points;
            for (int p = 0; p < points; p++) {
                float v = values[base + p];
                if (Float.isNaN(first) || v == first) {
                    first = v;
                } else if (Float.isNaN(second) || v == second) {
                    second = v;
                } else {
                    return false;
                }
            }
        }
        return !Float.isNaN(second);
    }
}
