package org.pdeflow.examples.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.Denoiser;

/**
 * Is a trained denoiser calibrated on a field's mean? For the minimum-mean-square-error denoiser D(y) = E[z | y]
 * the error z − D(y) is uncorrelated with every function of y, so for any linear functional ℓ (here the mean over
 * the grid) the regression slope of ℓ(z) on ℓ(D(y)) over fields is exactly 1: cov(ℓ z, ℓ D) = var(ℓ D). A slope
 * above 1 means the network shrinks ℓ too far towards its prior mean (under-confident), below 1 too little. An ODE
 * sampler built on a denoiser that over-shrinks the mean at the noise levels where the mean is decided produces
 * fields whose means vary less than the data's, which is what `evaluate-prior` measures for the Darcy prior (phase
 * fraction spread 0.72× the data's). The same slope over all nodes (pooled, after removing each field's mean) is
 * printed beside it as the check that the rest of the field is calibrated.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.DenoiserCalibration PRIOR_DIR data.h5 first count [levels]
 * </pre>
 *
 * <p>Fields are read from channel {@code a} on an s × s node grid of the unit square (the Darcy data); one noise
 * draw per field and level, seeded by the level's index. Prints per noise level (model units): the slope for the
 * mean with its standard error, the standard deviation over fields of ℓ(D) against that of ℓ(z), and the pooled
 * slope of the fluctuations, and the denoising error ‖D(y) − z‖ / ‖z‖ pooled over the fields (the loss a network
 * trades between noise levels).
 */
public final class DenoiserCalibration {

    private static final int BATCH = 16;

    private DenoiserCalibration() {}

    public static void main(String[] args) throws Exception {
        Path priorDir = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        double[] levels = args.length > 4 ? Stats.doubles(args[4]) : new double[] {0.25, 0.5, 1, 2, 4, 8, 16, 32};
        double[][] truths = NsCase.truths(file, first, count);
        int n = (int) Math.round(Math.sqrt(truths[0].length));
        int size = n * n;
        Grid2D grid = Grid2D.nodes(n, 1.0);
        try (TrainedFieldPrior prior = TrainedFieldPrior.load(priorDir, grid, Map.of());
                NDManager manager = NDManager.newBaseManager()) {
            Denoiser denoiser = prior.denoiser();
            float[][] z = new float[count][];
            for (int f = 0; f < count; f++) {
                NDArray p = manager.create(truths[f], new Shape(1, 1, n, n));
                z[f] = prior.toModel(p).toType(DataType.FLOAT32, false).toFloatArray();
            }
            System.out.printf(Locale.ROOT, "%s on fields %d..%d of %s%n", priorDir, first, first + count - 1, file);
            System.out.println("sigma   slope(mean) +- se   sd(mean D)/sd(mean z)   slope(fluctuations)   rel L2 of D");
            for (int li = 0; li < levels.length; li++) {
                double sigma = levels[li];
                manager.getEngine().setRandomSeed(1000 + li);
                double[] mz = new double[count];
                double[] md = new double[count];
                double szd = 0;
                double sdd = 0;
                double err = 0;
                double norm = 0;
                for (int b0 = 0; b0 < count; b0 += BATCH) {
                    int nb = Math.min(BATCH, count - b0);
                    float[] flat = new float[nb * size];
                    for (int f = 0; f < nb; f++) {
                        System.arraycopy(z[b0 + f], 0, flat, f * size, size);
                    }
                    try (NDManager sub = manager.newSubManager()) {
                        NDArray x = sub.create(flat, new Shape(nb, 1, n, n));
                        NDArray y = x.add(sub.randomNormal(x.getShape()).mul(sigma));
                        float[] d =
                                denoiser.denoise(y, sub.create((float) sigma)).toFloatArray();
                        for (int f = 0; f < nb; f++) {
                            double a = 0;
                            double c = 0;
                            for (int i = 0; i < size; i++) {
                                a += flat[f * size + i];
                                c += d[f * size + i];
                            }
                            a /= size;
                            c /= size;
                            mz[b0 + f] = a;
                            md[b0 + f] = c;
                            for (int i = 0; i < size; i++) {
                                double dz = flat[f * size + i] - a;
                                double dd = d[f * size + i] - c;
                                szd += dz * dd;
                                sdd += dd * dd;
                                double e = d[f * size + i] - flat[f * size + i];
                                err += e * e;
                                norm += flat[f * size + i] * flat[f * size + i];
                            }
                        }
                    }
                }
                double[] fit = slope(md, mz);
                System.out.printf(
                        Locale.ROOT,
                        "%6.3f  %7.3f +- %5.3f   %7.3f               %7.3f               %7.4f%n",
                        sigma,
                        fit[0],
                        fit[1],
                        Stats.sd(md) / Stats.sd(mz),
                        szd / sdd,
                        Math.sqrt(err / norm));
            }
        }
    }

    /** Least-squares slope of y on x and its standard error. */
    private static double[] slope(double[] x, double[] y) {
        int m = x.length;
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < m; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double b = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < m; i++) {
            double r = y[i] - my - b * (x[i] - mx);
            rss += r * r;
        }
        return new double[] {b, Math.sqrt(rss / (m - 2) / sxx)};
    }
}
