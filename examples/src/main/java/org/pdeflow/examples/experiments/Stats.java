package org.pdeflow.examples.experiments;

import java.util.Arrays;

/** The summary statistics and argument parsing the experiments share. */
final class Stats {

    private Stats() {}

    /** The numbers of a comma-separated list, e.g. the noise levels of a command line. */
    static double[] doubles(String csv) {
        return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Column j of a table given row by row, e.g. one statistic of per-field rows. */
    static double[] column(double[][] rows, int j) {
        return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    /** Sample standard deviation (n − 1). */
    static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    /** Pearson correlation of a and b. */
    static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
        }
        return sab / (a.length - 1) / (sd(a) * sd(b));
    }
}
