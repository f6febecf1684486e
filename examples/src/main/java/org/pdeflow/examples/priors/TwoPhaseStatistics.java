package org.pdeflow.examples.priors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The texture statistics of two-phase coefficient fields (Darcy's a in {3, 12}), per field, as a prior's
 * samples are compared with held-apart data:
 * <ul>
 *   <li>clean fraction: nodes within {@code tolerance} of either phase value (a trained prior's samples
 *       are not exactly two-valued; the rest are "in between");
 *   <li>phase fraction: nodes at the high phase after thresholding at the midpoint;
 *   <li>interface length: horizontally or vertically adjacent node pairs of different (thresholded) phase;
 *   <li>components: connected regions of equal phase (4-neighbour connectivity), both phases counted.
 * </ul>
 * Each is returned as its mean and population standard deviation over the fields, so the spread across
 * fields can be compared as well as the average.
 *
 * @param low the low phase value
 * @param high the high phase value
 * @param tolerance the distance to a phase value within which a node counts as clean
 */
public record TwoPhaseStatistics(double low, double high, double tolerance) {

    /** Checks the phases. */
    public TwoPhaseStatistics {
        if (!(high > low) || !(tolerance >= 0)) {
            throw new IllegalArgumentException(
                    "need low < high and tolerance >= 0, got " + low + ", " + high + ", " + tolerance);
        }
    }

    /** Per-field values of the four statistics, one row per field: clean, phase, interface, components. */
    public double[][] perField(float[] values, int channels, int channel, int height, int width) {
        int p = height * width;
        int n = values.length / (channels * p);
        double threshold = 0.5 * (low + high);
        double[][] out = new double[n][4];
        boolean[] phase = new boolean[p];
        for (int k = 0; k < n; k++) {
            int base = (k * channels + channel) * p;
            int clean = 0;
            int highCount = 0;
            for (int i = 0; i < p; i++) {
                double v = values[base + i];
                clean += Math.abs(v - low) <= tolerance || Math.abs(v - high) <= tolerance ? 1 : 0;
                phase[i] = v >= threshold;
                highCount += phase[i] ? 1 : 0;
            }
            out[k][0] = clean / (double) p;
            out[k][1] = highCount / (double) p;
            out[k][2] = interfaceLength(phase, height, width);
            out[k][3] = components(phase, height, width);
        }
        return out;
    }

    /**
     * Mean and standard deviation over the fields of each statistic.
     *
     * @return name -&gt; {mean, std}, names clean_fraction, phase_fraction, interface_length, components
     */
    public Map<String, double[]> summary(float[] values, int channels, int channel, int height, int width) {
        double[][] rows = perField(values, channels, channel, height, width);
        String[] names = {"clean_fraction", "phase_fraction", "interface_length", "components"};
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int j = 0; j < names.length; j++) {
            double mean = 0;
            for (double[] r : rows) {
                mean += r[j] / rows.length;
            }
            double var = 0;
            for (double[] r : rows) {
                var += (r[j] - mean) * (r[j] - mean) / rows.length;
            }
            m.put(names[j], new double[] {mean, Math.sqrt(var)});
        }
        return m;
    }

    /** Horizontally or vertically adjacent node pairs of different phase. */
    public static int interfaceLength(boolean[] phase, int height, int width) {
        int count = 0;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                int at = i * width + j;
                if (j + 1 < width && phase[at] != phase[at + 1]) {
                    count++;
                }
                if (i + 1 < height && phase[at] != phase[at + width]) {
                    count++;
                }
            }
        }
        return count;
    }

    static int components(boolean[] phase, int height, int width) {
        return regions(phase, height, width).size();
    }

    /**
     * The connected regions of equal phase (4-neighbour connectivity), each as {size in nodes, 1 if it touches the
     * grid's edge else 0}.
     */
    public static List<int[]> regions(boolean[] phase, int height, int width) {
        boolean[] seen = new boolean[phase.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        List<int[]> regions = new ArrayList<>();
        for (int start = 0; start < phase.length; start++) {
            if (seen[start]) {
                continue;
            }
            int size = 0;
            int edge = 0;
            seen[start] = true;
            queue.add(start);
            while (!queue.isEmpty()) {
                int at = queue.poll();
                int i = at / width;
                int j = at % width;
                size++;
                if (i == 0 || j == 0 || i == height - 1 || j == width - 1) {
                    edge = 1;
                }
                int[] neighbours = {
                    j > 0 ? at - 1 : -1,
                    j + 1 < width ? at + 1 : -1,
                    i > 0 ? at - width : -1,
                    i + 1 < height ? at + width : -1
                };
                for (int nb : neighbours) {
                    if (nb >= 0 && !seen[nb] && phase[nb] == phase[at]) {
                        seen[nb] = true;
                        queue.add(nb);
                    }
                }
            }
            regions.add(new int[] {size, edge});
        }
        return regions;
    }
}
