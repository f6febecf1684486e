package org.pdeflow.examples.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.Enkg;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grf.GaussianRandomField;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * EnKG against EKI on small layered full-waveform inversions (docs/inverse-results-ns-wave.md).
 *
 * <p>Truth: 2 to 4 flat layers, interface depths uniform in (0.15 D, 0.9 D), velocities uniform in
 * [1800, 3000] m/s sorted to increase with depth, on an n x n node grid of 10 m spacing. Survey: 5
 * Ricker shots (15 Hz) 20 m below the top edge, receivers on every node of the top row and, with
 * {@code wells}, on every node of the left and right columns (two boreholes); record length the
 * two-way vertical time at 1800 m/s plus the wavelet delay; 20-cell sponge. Noise: 1 % of the clean
 * data's RMS. Both methods share one Gaussian prior: c = 2400 + 400 z, z a unit-variance stationary
 * periodic GRF (alpha 2, tau 3 / L) on the grid's points; EnKG uses its exact diffusion denoiser
 * ({@link GaussianFieldPrior}), EKI draws its initial ensemble from it. Equal particle counts and
 * (up to one batch) equal forward-evaluation budgets.
 *
 * <p>Output: one tab-separated line per field and method (field, method, relative L2 error, anomaly error, the
 * prior mean's anomaly error (1 by definition), misfit per reading, forward evaluations, seconds), printed and
 * appended to {@code out.tsv}.
 *
 * <p>Run after {@code ./mvnw -q -DskipTests package}:
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.WaveEnkgVsEki n particles enkgSteps eta fields seed wells out.tsv
 * </pre>
 *
 * <p>e.g. {@code 24 64 20 1 4 0 true wells.tsv} (the "wells" survey of the results page).
 */
public final class WaveEnkgVsEki {

    private static final double SPACING = 10.0;
    private static final double MEAN = 2400.0;
    private static final double STD = 400.0;

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int particles = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        double eta = Double.parseDouble(args[3]);
        int fields = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        boolean wells = Boolean.parseBoolean(args[6]);
        Path out = Path.of(args[7]);
        Grid2D grid = Grid2D.nodes(n, SPACING * (n - 1));
        List<PointSource> shots = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            shots.add(new PointSource(grid.lx() * k / 6.0, 2 * SPACING, RickerWavelet.of(15.0)));
        }
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            receivers.add(new Receiver(grid.x(i), SPACING));
        }
        if (wells) {
            for (int j = 2; j < n; j++) {
                receivers.add(new Receiver(SPACING, grid.y(j)));
                receivers.add(new Receiver(grid.lx() - SPACING, grid.y(j)));
            }
        }
        double duration = 2 * grid.ly() / 1800.0 + 1.5 / 15.0;
        AcousticWaveForwardModel model = new AcousticWaveForwardModel(
                grid, shots, receivers, duration, 1.0 / 300.0, AbsorbingLayer.defaults(), new BatchExecutor(1));
        Unknowns unknowns = model.unknowns();
        GrfSpec spec = new GrfSpec(2.0, 3.0 / grid.lx(), 1.0, false);
        GaussianFieldPrior diffusionPrior = GaussianFieldPrior.stationary(
                unknowns,
                spec,
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, new double[] {MEAN}, new double[] {STD}),
                null);
        GaussianPrior ekiPrior = GaussianPrior.constantMean(
                AcousticWaveForwardModel.FIELD, MEAN, new UnitPeriodicOnNodes(grid, spec, STD));
        System.out.println(model.description() + ", duration " + duration + " s");
        for (int f = 0; f < fields; f++) {
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + f);
            double[] truth = layered(grid, rng);
            double[] clean = model.apply(truth);
            double rms = Math.sqrt(Arrays.stream(clean).map(v -> v * v).sum() / clean.length);
            Observations obs = Observations.synthetic(clean, 0.01 * rms, 0.01 * rms, rng);
            InverseProblem problem = new InverseProblem("wave-layered", model, obs, truth);
            Reconstruction enkg = new Enkg(
                            Enkg.Settings.builder().setSteps(steps).optEta(eta).build())
                    .sample(problem, diffusionPrior, particles, new SplittableRandom(seed + 17 * f), StepCallback.NONE);
            int iterations = Math.max(1, (int) (enkg.timings().forwardEvaluations() / particles) - 1);
            Reconstruction eki = EnsembleKalmanInversion.inverseBench(iterations, eta)
                    .sample(
                            problem.withObservations(obs),
                            ekiPrior,
                            particles,
                            new SplittableRandom(seed + 17 * f),
                            StepCallback.NONE);
            double[] prior = new double[truth.length];
            Arrays.fill(prior, MEAN);
            for (Reconstruction r : List.of(enkg, eki)) {
                double[] mean = r.mean(AcousticWaveForwardModel.FIELD);
                String line = String.format(
                        Locale.ROOT,
                        "%d\t%s\t%.4f\t%.4f\t%.4f\t%.3g\t%d\t%.1f%n",
                        f,
                        r.method(),
                        relative(mean, truth, new double[truth.length]),
                        relative(mean, truth, prior),
                        relative(prior, truth, prior),
                        r.finalMisfit() / obs.size(),
                        r.timings().forwardEvaluations(),
                        r.timings().seconds());
                System.out.print(line);
                Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /** |a - b| / |b - ref|: the relative L2 error of a, measured against b's deviation from ref. */
    private static double relative(double[] a, double[] b, double[] ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += (b[i] - ref[i]) * (b[i] - ref[i]);
        }
        return Math.sqrt(num / den);
    }

    private static double[] layered(Grid2D grid, RandomGenerator rng) {
        int layers = 2 + rng.nextInt(3);
        double[] depths = new double[layers - 1];
        for (int k = 0; k < depths.length; k++) {
            depths[k] = grid.ly() * rng.nextDouble(0.15, 0.9);
        }
        Arrays.sort(depths);
        double[] v = new double[layers];
        for (int k = 0; k < layers; k++) {
            v[k] = rng.nextDouble(1800.0, 3000.0);
        }
        Arrays.sort(v);
        double[] c = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                int layer = 0;
                while (layer < depths.length && grid.y(j) >= depths[layer]) {
                    layer++;
                }
                c[i * grid.ny() + j] = v[layer];
            }
        }
        return c;
    }

    /**
     * The EnKG prior's field for EKI's draws: a periodic GRF on the node grid's points, unit pointwise variance
     * times std.
     */
    private record UnitPeriodicOnNodes(Grid2D grid, PeriodicGaussianField periodic, double scale)
            implements GaussianRandomField {

        UnitPeriodicOnNodes(Grid2D grid, GrfSpec spec, double std) {
            this(
                    grid,
                    new PeriodicGaussianField(
                            new Grid2D(grid.nx(), grid.ny(), grid.lx(), grid.ly(), Layout.PERIODIC), spec),
                    std
                            / pointwiseStd(new PeriodicGaussianField(
                                    new Grid2D(grid.nx(), grid.ny(), grid.lx(), grid.ly(), Layout.PERIODIC), spec)));
        }

        private static double pointwiseStd(PeriodicGaussianField f) {
            double s = 0;
            SplittableRandom rng = new SplittableRandom(99);
            int draws = 400;
            for (int d = 0; d < draws; d++) {
                for (double v : f.sample(rng)) {
                    s += v * v;
                }
            }
            return Math.sqrt(s / ((double) draws * f.grid().size()));
        }

        @Override
        public GrfSpec spec() {
            return periodic.spec();
        }

        @Override
        public void sample(RandomGenerator rng, double[] out) {
            periodic.sample(rng, out);
            for (int i = 0; i < out.length; i++) {
                out[i] *= scale;
            }
        }

        @Override
        public double modeVariance(int k1, int k2) {
            return periodic.modeVariance(k1, k2) * scale * scale;
        }
    }
}
