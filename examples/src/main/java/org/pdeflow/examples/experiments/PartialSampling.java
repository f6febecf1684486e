package org.pdeflow.examples.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.examples.priors.TwoPhaseStatistics;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.sampling.EdmStochasticSampler;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * At which noise level does a two-phase prior lose the spread of its texture across fields? Data fields z are
 * noised to a start level s, x_s = z + s n, and sampled from there to 0 with the model card's churn sampler (EDM,
 * Karras levels from s down to 0.002): the "SDEdit" of Meng et al. (ICLR 2022). With the exact score the result is
 * again a draw of the data's distribution at every s (x_s is distributed as the diffusion at s), so the spread over
 * fields of a texture statistic (phase fraction, interface length, components) must equal the data's; where it
 * falls below it as s grows, the network's denoiser at levels up to s is what narrows it. This locates the noise
 * levels a fine-tune should weight (the full sampler, s = 80, gives {@code evaluate-prior}'s sd ratios).
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.PartialSampling PRIOR_DIR data.h5 first count [levels] [steps] [tmin,tmax] \
 *     [snoise]
 * </pre>
 *
 * <p>Fields are read from channel {@code a} (Darcy data, phases 3 and 12); one noise draw per level, seeded by
 * the level's index; churn only on levels in [tmin, tmax] (EDM's S_tmin, S_tmax; default all), with the churned
 * noise inflated by S_noise (default 1). A start level of
 * 80 is the full sampler, whose sample statistics are compared with those of the same fields (correlation ~0).
 * Prints per start level, for each statistic: the mean and the standard deviation over fields of the samples
 * against the same fields' own, their ratio, and the correlation of the sample's value with its field's (how much
 * of the field the start level keeps).
 */
public final class PartialSampling {

    private static final int BATCH = 16;
    private static final double CHURN = 48;
    private static final TwoPhaseStatistics TWO_PHASE = new TwoPhaseStatistics(3, 12, 1.2);
    private static final String[] NAMES = {"phase fraction", "interface length", "components"};

    private PartialSampling() {}

    public static void main(String[] args) throws Exception {
        Path priorDir = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        double[] levels = args.length > 4
                ? Arrays.stream(args[4].split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray()
                : new double[] {0.25, 0.5, 1, 2, 4, 8};
        int steps = args.length > 5 ? Integer.parseInt(args[5]) : 32;
        double[] window = args.length > 6
                ? Arrays.stream(args[6].split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray()
                : new double[] {0, Double.MAX_VALUE};
        double sNoise = args.length > 7 ? Double.parseDouble(args[7]) : 1.0;
        double[][] truths = NsCase.truths(file, first, count);
        int n = (int) Math.round(Math.sqrt(truths[0].length));
        int size = n * n;
        float[] truthValues = new float[count * size];
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < size; i++) {
                truthValues[f * size + i] = (float) truths[f][i];
            }
        }
        double[][] truthStats = TWO_PHASE.perField(truthValues, 1, 0, n, n);
        Grid2D grid = Grid2D.nodes(n, 1.0);
        try (TrainedFieldPrior prior = TrainedFieldPrior.load(priorDir, grid, Map.of());
                NDManager manager = NDManager.newBaseManager()) {
            EdmStochasticSampler sampler = new EdmStochasticSampler(CHURN, window[0], window[1], sNoise, prior.noise());
            System.out.printf(
                    Locale.ROOT,
                    "%s on fields %d..%d of %s, churn %s on [%s, %s], S_noise %s, %d steps from each start level%n",
                    priorDir,
                    first,
                    first + count - 1,
                    file,
                    CHURN,
                    window[0],
                    window[1],
                    sNoise,
                    steps);
            System.out.println(
                    "start   statistic          samples mean +- sd     fields mean +- sd      sd ratio  corr");
            for (int li = 0; li < levels.length; li++) {
                double s = levels[li];
                manager.getEngine().setRandomSeed(2000 + li);
                double[] sigmas = new KarrasSchedule(0.002, s, 7).sigmas(steps);
                float[] out = new float[count * size];
                for (int b0 = 0; b0 < count; b0 += BATCH) {
                    int nb = Math.min(BATCH, count - b0);
                    double[] flat = new double[nb * size];
                    for (int f = 0; f < nb; f++) {
                        System.arraycopy(truths[b0 + f], 0, flat, f * size, size);
                    }
                    try (NDManager sub = manager.newSubManager()) {
                        NDArray z = prior.toModel(sub.create(flat, new Shape(nb, 1, n, n)))
                                .toType(DataType.FLOAT32, false);
                        NDArray x = prior.noise().sampleLike(z).muli(s).addi(z);
                        NDArray sample = prior.toPhysical(sampler.sample(prior.denoiser(), x, sigmas));
                        float[] v = sample.toType(DataType.FLOAT32, false).toFloatArray();
                        System.arraycopy(v, 0, out, b0 * size, nb * size);
                    }
                }
                double[][] stats = TWO_PHASE.perField(out, 1, 0, n, n);
                for (int j = 0; j < NAMES.length; j++) {
                    double[] a = Stats.column(stats, j + 1);
                    double[] b = Stats.column(truthStats, j + 1);
                    System.out.printf(
                            Locale.ROOT,
                            "%6.3f  %-17s  %9.3f +- %8.3f   %9.3f +- %8.3f   %6.3f   %5.2f%n",
                            s,
                            NAMES[j],
                            Stats.mean(a),
                            Stats.sd(a),
                            Stats.mean(b),
                            Stats.sd(b),
                            Stats.sd(a) / Stats.sd(b),
                            Stats.correlation(a, b));
                }
            }
        }
    }
}
