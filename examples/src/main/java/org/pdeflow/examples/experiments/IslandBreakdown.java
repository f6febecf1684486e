package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.priors.TwoPhaseStatistics;

/**
 * Which regions carry a two-phase prior's missing spread across fields? For held-apart data fields and a prior's
 * samples ({@code pdeflow sample ... --out samples.npy}, physical units), the connected regions of equal phase
 * ({@link TwoPhaseStatistics#regions}, threshold 7.5) are split into small ones (at most 8 nodes), ones that touch
 * the grid's edge and interior ones, and for each count, as for the phase fraction and the interface length, the
 * mean and the standard deviation over fields (population) of the samples and of the data are printed with the
 * ratio of the two standard deviations. If one kind of region alone lacked spread, its ratio would stand out.
 *
 * <pre>
 * java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.IslandBreakdown data.h5 count samples.npy...
 * </pre>
 *
 * <p>Reads the first {@code count} fields of channel {@code a} of the data set and every sample of each file
 * (channel 0, square grids).
 */
public final class IslandBreakdown {

    private static final double THRESHOLD = 7.5;
    private static final int SMALL = 8;
    private static final String[] NAMES = {
        "phase fraction", "interface length", "components", "  of <= 8 nodes", "  touching the edge", "  interior"
    };

    private IslandBreakdown() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        double[][] data = NsCase.truths(Path.of(args[0]), 0, count);
        double[][] reference = statistics(data);
        System.out.printf(Locale.ROOT, "data: %d fields of %s%n", count, args[0]);
        for (int k = 2; k < args.length; k++) {
            NdArray samples = Npy.read(Path.of(args[k]));
            int n = samples.shape()[0];
            int nodes = data[0].length;
            int stride = samples.data().length / n;
            double[][] fields = new double[n][];
            for (int s = 0; s < n; s++) {
                fields[s] = Arrays.copyOfRange(samples.data(), s * stride, s * stride + nodes);
            }
            double[][] stats = statistics(fields);
            System.out.printf(Locale.ROOT, "%s: %d samples%n", args[k], n);
            System.out.println("statistic              samples mean +- sd     data mean +- sd      sd ratio");
            for (int j = 0; j < NAMES.length; j++) {
                double[] a = stats[j];
                double[] b = reference[j];
                System.out.printf(
                        Locale.ROOT,
                        "%-20s  %9.3f +- %8.3f   %9.3f +- %8.3f   %6.2f%n",
                        NAMES[j],
                        Stats.mean(a),
                        sd(a),
                        Stats.mean(b),
                        sd(b),
                        sd(a) / sd(b));
            }
        }
    }

    /** One row per statistic (NAMES), one column per field. */
    private static double[][] statistics(double[][] fields) {
        int n = fields.length;
        int side = (int) Math.round(Math.sqrt(fields[0].length));
        double[][] out = new double[NAMES.length][n];
        boolean[] phase = new boolean[side * side];
        for (int f = 0; f < n; f++) {
            int high = 0;
            for (int i = 0; i < phase.length; i++) {
                phase[i] = fields[f][i] >= THRESHOLD;
                high += phase[i] ? 1 : 0;
            }
            List<int[]> regions = TwoPhaseStatistics.regions(phase, side, side);
            out[0][f] = high / (double) phase.length;
            out[1][f] = TwoPhaseStatistics.interfaceLength(phase, side, side);
            out[2][f] = regions.size();
            out[3][f] = regions.stream().filter(r -> r[0] <= SMALL).count();
            out[4][f] = regions.stream().filter(r -> r[1] == 1).count();
            out[5][f] = regions.stream().filter(r -> r[1] == 0).count();
        }
        return out;
    }

    /** Population standard deviation, as {@code evaluate-prior} reports it ({@link Stats#sd} divides by n - 1). */
    private static double sd(double[] v) {
        double m = Stats.mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m) / v.length;
        }
        return Math.sqrt(s);
    }
}
