package org.pdeflow.examples.experiments;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.guided.Enkg;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Cost of derivative-free reconstructions on ns-inverse ({@code docs/inverse-results-ns-wave.md}, section 4):
 * seconds per reconstruction, per forward evaluation and per denoiser call for EnKG and EKI against particle
 * count and resolution, as medians of repeats, with ratios against a bare forward solve measured in
 * the same process (one field through the DJL model, batch 1) and the float64 pde IMEX solve.
 * Wall and calling-thread CPU seconds are both reported (with one PyTorch thread all work runs on
 * the calling thread, so CPU seconds are what a core costs on a loaded machine). Prints a Markdown table.
 *
 * <p>Run from the repository root (the prior is read from {@code models/ns64-edm-uno}) after
 * {@code ./mvnw -q -DskipTests package}:
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.InverseCost resolutions particles enkgSteps repeats
 * </pre>
 *
 * <p>e.g. {@code 32,64 32,64,128 3 3} (comma-separated resolutions and particle counts).
 */
public final class InverseCost {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    record Cost(double wall, double cpu) {}

    static Cost median(int repeats, Runnable r) {
        double[] w = new double[repeats];
        double[] c = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            long c0 = THREADS.getCurrentThreadCpuTime();
            r.run();
            w[k] = (System.nanoTime() - t0) * 1e-9;
            c[k] = (THREADS.getCurrentThreadCpuTime() - c0) * 1e-9;
        }
        Arrays.sort(w);
        Arrays.sort(c);
        return new Cost(w[repeats / 2], c[repeats / 2]);
    }

    public static void main(String[] args) throws Exception {
        int[] resolutions =
                Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int[] counts =
                Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int steps = Integer.parseInt(args[2]);
        int repeats = Integer.parseInt(args[3]);
        System.out.println("| resolution | method | particles | forward evaluations | denoiser calls"
                + " | s / reconstruction (wall, cpu) | cpu s / forward evaluation (whole run)"
                + " | ratio to bare DJL solve | ratio to bare pde solve |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int n : resolutions) {
            NavierStokes2D eq = NavierStokesPreset.KOLMOGOROV.equation(n, Dealiasing.BOX_TWO_THIRDS);
            GridSubsampling op = new GridSubsampling(eq.grid(), 2);
            PeriodicGaussianField grf = new PeriodicGaussianField(eq.grid(), new GrfSpec(2.5, 3.0, 1.0, true));
            double[] truth = grf.sample(new SplittableRandom(1));
            double rms = Math.sqrt(Arrays.stream(truth).map(v -> v * v).sum() / truth.length);
            for (int i = 0; i < truth.length; i++) {
                truth[i] *= 5.0 / rms;
            }
            try (NavierStokesForwardModel model = new NavierStokesForwardModel(eq, 1.0, 0.002, op, 1.0, 64);
                    TrainedFieldPrior prior =
                            TrainedFieldPrior.load(Path.of("models/ns64-edm-uno"), eq.grid(), Map.of())) {
                Observations obs = Observations.of(model.apply(truth), 1.0);
                InverseProblem problem = new InverseProblem("ns-inverse", model, obs, truth);
                model.apply(truth);
                Cost bare = median(Math.max(repeats, 5), () -> model.apply(truth));
                ImexCrankNicolsonHeun imex = ImexCrankNicolsonHeun.fixedStep(0.002);
                median(3, () -> imex.integrate(eq, truth, new double[] {1.0}, ProgressListener.NONE));
                Cost pde = median(
                        Math.max(repeats, 5),
                        () -> imex.integrate(eq, truth, new double[] {1.0}, ProgressListener.NONE));
                System.out.printf(
                        Locale.ROOT,
                        "| %d² | bare DJL solve (batch 1) | 1 | 1 | 0 | %.3f, %.3f | %.4f | 1 | %.2f |%n",
                        n,
                        bare.wall(),
                        bare.cpu(),
                        bare.cpu(),
                        bare.cpu() / pde.cpu());
                System.out.printf(
                        Locale.ROOT,
                        "| %d² | bare pde IMEX solve (float64) | 1 | 1 | 0 | %.3f, %.3f | %.4f | %.2f | 1 |%n",
                        n,
                        pde.wall(),
                        pde.cpu(),
                        pde.cpu(),
                        pde.cpu() / bare.cpu());
                GaussianPrior ekiPrior = GaussianPrior.centred(
                        NavierStokesForwardModel.FIELD,
                        new PeriodicGaussianField(eq.grid(), new GrfSpec(2.5, 3.0, 1.0, true).withSigma(1.0)));
                for (int particles : counts) {
                    Reconstruction[] last = new Reconstruction[2];
                    Supplier<Reconstruction> enkg = () -> new Enkg(Enkg.Settings.inverseBench(steps))
                            .sample(problem, prior, particles, new SplittableRandom(3), StepCallback.NONE);
                    Cost ce = median(repeats, () -> last[0] = enkg.get());
                    int iterations = (int) (last[0].timings().forwardEvaluations() / particles) - 1;
                    Supplier<Reconstruction> eki = () -> EnsembleKalmanInversion.inverseBench(iterations, 2.0)
                            .sample(
                                    problem.withObservations(obs),
                                    ekiPrior,
                                    particles,
                                    new SplittableRandom(3),
                                    StepCallback.NONE);
                    Cost ck = median(repeats, () -> last[1] = eki.get());
                    for (int k = 0; k < 2; k++) {
                        Reconstruction r = last[k];
                        Cost c = k == 0 ? ce : ck;
                        long evals = r.timings().forwardEvaluations();
                        double perEval = c.cpu() / evals;
                        System.out.printf(
                                Locale.ROOT,
                                "| %d² | %s | %d | %d | %.0f | %.2f, %.2f | %.4f | %.2f | %.2f |%n",
                                n,
                                r.method(),
                                particles,
                                evals,
                                r.statistics().getOrDefault("denoiserCalls", 0.0),
                                c.wall(),
                                c.cpu(),
                                perEval,
                                perEval / bare.cpu(),
                                perEval / pde.cpu());
                    }
                }
            }
        }
    }
}
