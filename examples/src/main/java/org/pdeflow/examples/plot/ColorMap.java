package org.pdeflow.examples.plot;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * Colour maps for field heatmaps: perceptually uniform for one-signed fields (viridis) and a
 * diverging map centred on zero for signed fields (Moreland's cool-warm).
 *
 * <p>Each map is a short list of anchor colours (published values of the maps) interpolated
 * linearly in sRGB into 256 levels.
 */
public enum ColorMap {
    /** Viridis (van der Walt and Smith, matplotlib 2.0 default), for magnitudes and coefficients. */
    VIRIDIS(new int[] {
        0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725
    }),
    /** Cool-warm diverging map (Moreland 2009), for signed fields such as vorticity and errors. */
    COOLWARM(new int[] {0x3B4CC0, 0x6889EE, 0x9ABBFF, 0xC9D7F0, 0xEDD1C2, 0xF7A789, 0xE36A53, 0xB40426});

    private static final int LEVELS = 256;

    private final Color[] levels = new Color[LEVELS];

    ColorMap(int[] anchors) {
        for (int l = 0; l < LEVELS; l++) {
            double s = l / (LEVELS - 1.0) * (anchors.length - 1);
            int k = Math.min((int) s, anchors.length - 2);
            double w = s - k;
            levels[l] = new Color(
                    mix(anchors[k] >> 16, anchors[k + 1] >> 16, w),
                    mix(anchors[k] >> 8, anchors[k + 1] >> 8, w),
                    mix(anchors[k], anchors[k + 1], w));
        }
    }

    private static int mix(int a, int b, double w) {
        return (int) Math.round((a & 0xFF) * (1 - w) + (b & 0xFF) * w);
    }

    /** The colour for the fraction {@code s} in [0, 1] along the map (clamped). */
    public Color at(double s) {
        if (!(s >= 0)) {
            s = 0;
        }
        return levels[(int) Math.min(LEVELS - 1, Math.round(s * (LEVELS - 1)))];
    }

    /**
     * A JFreeChart paint scale spanning [lower, upper].
     *
     * @param lower value drawn with the first colour
     * @param upper value drawn with the last colour; must exceed {@code lower}
     */
    public PaintScale scale(double lower, double upper) {
        return new Scale(this, lower, upper);
    }

    private record Scale(ColorMap map, double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return map.at((value - lower) / (upper - lower));
        }
    }
}
