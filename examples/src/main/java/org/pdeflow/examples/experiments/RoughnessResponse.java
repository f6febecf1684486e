package org.pdeflow.examples.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import org.pdeflow.examples.priors.CardSampling;
import org.pdeflow.examples.priors.TwoPhaseStatistics;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorSampling;
import org.pdeflow.solvers.prior.RoughnessCondition;

/**
 * Does a roughness-conditioned prior follow its condition? For each requested standardised roughness c the
 * prior's network is run with the condition fixed at (c, 1) for every sample (and, for "none", in its
 * unconditional mode), with the model card's sampler; printed per c: the samples' own standardised roughness
 * (mean and sd over samples: a prior that follows its condition gives mean about c and a small sd), and the
 * two-phase statistics of the Darcy fields (phase fraction, interface length, components). For one-channel priors
 * of Darcy permeability (phases 3 and 12) only.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.RoughnessResponse PRIOR_DIR c1,c2,...[,none] n [seed]
 * </pre>
 */
public final class RoughnessResponse {

    private static final int BATCH = 16;
    private static final TwoPhaseStatistics TWO_PHASE = new TwoPhaseStatistics(3, 12, 1.2);

    private RoughnessResponse() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String[] requests = args[1].split(",");
        int n = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Engines.inferenceOnThisThread();
        try (DiffusionPrior prior = DiffusionPrior.load(dir)) {
            RoughnessCondition condition = prior.roughnessCondition()
                    .orElseThrow(() -> new IllegalArgumentException(dir + " has no roughness condition"));
            if (prior.channels().size() != 1) {
                throw new IllegalArgumentException(dir + " models " + prior.channels() + ", not one Darcy channel");
            }
            PriorSampling sampling =
                    CardSampling.resolve(dir, prior.card(), null, null, null, new PriorSampling("heun", 32, 40, 80.0));
            int size = Integer.parseInt(prior.card().properties().getOrDefault("resolution", "64"));
            System.out.printf(
                    Locale.ROOT,
                    "%s, %s %d steps, %d samples per condition%n",
                    condition,
                    sampling.sampler(),
                    sampling.steps(),
                    n);
            for (String request : requests) {
                Engines.engine().setRandomSeed((int) seed);
                float[] physical = new float[n * size * size];
                float[] normalised = new float[n * size * size];
                try (NDManager m = NDManager.newBaseManager(Engines.device())) {
                    for (int from = 0; from < n; from += BATCH) {
                        int b = Math.min(BATCH, n - from);
                        try (NDManager scope = m.newSubManager()) {
                            NDArray z;
                            if (request.strip().equals("none")) {
                                z = sampling.sample(prior, prior.denoiser(), scope, b, size, size);
                            } else {
                                NDArray conditions = RoughnessCondition.fixed(scope, b, Double.parseDouble(request));
                                z = sampling.sample(prior, prior.denoiser(conditions), scope, b, size, size);
                            }
                            System.arraycopy(z.toFloatArray(), 0, normalised, from * size * size, b * size * size);
                            float[] u = prior.denormalize(z).toFloatArray();
                            System.arraycopy(u, 0, physical, from * size * size, b * size * size);
                        }
                    }
                }
                double[] r = RoughnessCondition.roughness(normalised, 1, size, size);
                for (int k = 0; k < r.length; k++) {
                    r[k] = condition.standardise(r[k]);
                }
                double[][] stats = TWO_PHASE.perField(physical, 1, 0, size, size);
                System.out.printf(
                        Locale.ROOT,
                        "c %5s: roughness %+.2f +- %.2f | phase fraction %.3f +- %.3f | "
                                + "interfaces %.0f +- %.0f | components %.2f +- %.2f%n",
                        request.strip(),
                        Stats.mean(r),
                        Stats.sd(r),
                        Stats.mean(Stats.column(stats, 1)),
                        Stats.sd(Stats.column(stats, 1)),
                        Stats.mean(Stats.column(stats, 2)),
                        Stats.sd(Stats.column(stats, 2)),
                        Stats.mean(Stats.column(stats, 3)),
                        Stats.sd(Stats.column(stats, 3)));
            }
        }
    }
}
