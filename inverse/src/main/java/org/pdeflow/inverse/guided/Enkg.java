package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.sampling.ProbabilityFlowStep;
import org.pdeflow.solvers.sampling.StepScope;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Ensemble Kalman diffusion guidance, EnKG (Zheng, Chu, Wang, Kovachki, Baptista &amp; Yue,
 * "Ensemble Kalman diffusion guidance: a derivative-free method for inverse problems", 2024), as
 * InverseBench's {@code algo/enkg.py} runs it. Derivative-free: the forward model G is a black box,
 * evaluated on the whole ensemble at once ({@link org.pdeflow.inverse.forward.ForwardModel#applyBatch},
 * so black-box solvers run in parallel and DJL models batch).
 *
 * <p>N particles x^j (the noisy states, model space) start at sigma_0 times prior noise and follow
 * the Euler probability-flow sampler on the Karras schedule (K steps). At each guided step i
 * ({@code guideFrom <= i < K - guideEndOffset}) the particles are corrected U times by
 * <pre>
 *   x̂0^j = PF-ODE(x^j) from sigma_i to 0 in M_i = min(1 + (K - i) / odeFactor, 20) Euler steps
 *          (Karras levels sigma_i .. sigma_min, then 0),
 *   g^j = G(phys(x̂0^j)) / sigma_y,   E_jk = (1/N) &lt;g^j - y/sigma_y, g^k - ḡ&gt;,
 *   x^j &lt;- x^j - (eta / |E|_F) sum_k E_jk (x^k - x̄)   [= x^j - eta C_{x,g} (g^j - y/sigma_y) / |E|_F]
 * </pre>
 * i.e. an ensemble-Kalman (statistically linearised) replacement of the DPS gradient
 * J^T (G(x̂0) - y), applied to x_t with a step normalised by the Frobenius norm of E, then the
 * ordinary Euler step. With one sigma for all readings whitening only rescales E, which the
 * normalisation cancels, so the update equals InverseBench's unwhitened one. InverseBench's NS
 * settings: K = 80, U = 2, eta = 2, N = 2048, factor 8, guided steps 1 .. 79.
 *
 * <p><b>Linearised updates</b> (an extension, off by default): with L &gt; 0 each update is followed by L
 * more on the same denoised estimates, moved by the same coefficients as the particles,
 * x̂0^j &lt;- x̂0^j - (eta / |E|_F) sum_k E_jk (x̂0^k - x̄0). That is EnKG's own statistical linearisation
 * (the update already treats x -&gt; G(x̂0(x)) as linear over the ensemble), carried one step further, so
 * each costs N forward runs and no network evaluation: more data fit per network evaluation where the
 * network dominates the cost (docs/results/darcy64-unknown, "EnKG on a CPU budget").
 *
 * <p>The ensemble update is computed with tensor products on the engine's device (N x N matrix E,
 * O(N^2 (m + n)) work). Statistics: {@code denoiserCalls} (batched), {@code eta}, {@code updates}.
 */
public final class Enkg implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of EnKG; build with {@link #builder()}.
     *
     * @param steps K &gt;= 2 Euler steps of the sampler
     * @param eta step size &gt;= 0
     * @param updates U &gt;= 1 Kalman updates per guided step
     * @param odeFactor controls the inner ODE steps M_i = min(1 + (K - i) / odeFactor, 20), &gt;= 1
     * @param guideFrom first guided step index (InverseBench: 1)
     * @param guideEndOffset guidance stops this many steps before the end (InverseBench: 0)
     * @param linearisedUpdates L &gt;= 0 further Kalman updates after each of the U, on the same denoised
     *     estimates moved linearly (InverseBench: 0)
     */
    public record Settings(
            int steps,
            double eta,
            int updates,
            int odeFactor,
            int guideFrom,
            int guideEndOffset,
            int linearisedUpdates) {

        public Settings {
            if (steps < 2
                    || updates < 1
                    || odeFactor < 1
                    || guideFrom < 0
                    || guideEndOffset < 0
                    || linearisedUpdates < 0) {
                throw new IllegalArgumentException(
                        "EnKG needs steps >= 2, updates >= 1, odeFactor >= 1 and non-negative "
                                + "guidance bounds and linearised updates, got " + steps + ", " + updates + ", "
                                + odeFactor + ", " + guideFrom + ", " + guideEndOffset + ", " + linearisedUpdates);
            }
            if (!(eta >= 0) || Double.isInfinite(eta)) {
                throw new IllegalArgumentException("EnKG step eta must be finite and >= 0, got " + eta);
            }
        }

        /** The defaults: 50 steps, eta 1, U 2, factor 8, guided steps 1 .. K-1, no linearised updates. */
        public static Builder builder() {
            return new Builder();
        }

        /** InverseBench's configuration with K steps: eta 2, U 2, factor 8, guided steps 1 .. K-1. */
        public static Settings inverseBench(int steps) {
            return builder().setSteps(steps).optEta(2.0).build();
        }

        /** A builder starting from these settings. */
        public Builder toBuilder() {
            return builder()
                    .setSteps(steps)
                    .optEta(eta)
                    .optUpdates(updates)
                    .optOdeFactor(odeFactor)
                    .optGuidance(guideFrom, guideEndOffset)
                    .optLinearisedUpdates(linearisedUpdates);
        }
    }

    /** Builds {@link Settings}; every value has the default {@link Settings#builder()} states. */
    public static final class Builder {
        private int steps = 50;
        private double eta = 1.0;
        private int updates = 2;
        private int odeFactor = 8;
        private int guideFrom = 1;
        private int guideEndOffset = 0;
        private int linearisedUpdates = 0;

        private Builder() {}

        /** K Euler steps of the sampler. */
        public Builder setSteps(int value) {
            steps = value;
            return this;
        }

        /** The Kalman step size. */
        public Builder optEta(double value) {
            eta = value;
            return this;
        }

        /** U Kalman updates per guided step. */
        public Builder optUpdates(int value) {
            updates = value;
            return this;
        }

        /** The inner-ODE step factor. */
        public Builder optOdeFactor(int value) {
            odeFactor = value;
            return this;
        }

        /** Guide steps from index {@code from} up to {@code endOffset} steps before the end. */
        public Builder optGuidance(int from, int endOffset) {
            guideFrom = from;
            guideEndOffset = endOffset;
            return this;
        }

        /** L further updates per denoised estimate, moved linearly (see {@link Enkg}). */
        public Builder optLinearisedUpdates(int value) {
            linearisedUpdates = value;
            return this;
        }

        /** The settings. */
        public Settings build() {
            return new Settings(steps, eta, updates, odeFactor, guideFrom, guideEndOffset, linearisedUpdates);
        }
    }

    private final int steps;
    private final double eta;
    private final int updates;
    private final int odeFactor;
    private final int guideFrom;
    private final int guideEndOffset;
    private final int linearisedUpdates;

    /** EnKG with the given settings. */
    public Enkg(Settings settings) {
        this.steps = settings.steps();
        this.eta = settings.eta();
        this.updates = settings.updates();
        this.odeFactor = settings.odeFactor();
        this.guideFrom = settings.guideFrom();
        this.guideEndOffset = settings.guideEndOffset();
        this.linearisedUpdates = settings.linearisedUpdates();
    }

    @Override
    public String name() {
        return "enkg";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        Observations observations = problem.observations();
        if (samples < 2) {
            throw new IllegalArgumentException("EnKG needs an ensemble of at least 2 particles, got " + samples);
        }
        try (GuidedRun run = new GuidedRun(
                problem,
                prior,
                observations,
                samples,
                steps * updates,
                callback,
                DataTerm.Scaling.WHITENED,
                Double.NaN)) {
            double[] sigmas = new KarrasSchedule(prior.sigmaMin(), prior.sigmaMax(), 7.0).sigmas(steps);
            NDArray x = run.space.noise(run.manager, samples, rng).muli(sigmas[0]);
            double[] last = null;
            double[][] lastEstimate = null;
            for (int i = 0; i < steps; i++) {
                final int index = i;
                double s = sigmas[i];
                double next = sigmas[i + 1];
                boolean guided = eta > 0 && i >= guideFrom && i < steps - guideEndOffset;
                if (guided) {
                    for (int u = 0; u < updates; u++) {
                        double[][] misfit = new double[1][];
                        double[][][] estimate = new double[1][][];
                        x = StepScope.advance(x, (xi, scope) -> {
                            int inner = Math.min(1 + (steps - index) / odeFactor, 20);
                            NDArray state = xi;
                            NDArray x0 = toData(run.space, xi, s, inner, prior.sigmaMin());
                            for (int l = 0; l <= linearisedUpdates; l++) {
                                double[][] packed = run.space.packed(prior.toPhysical(x0));
                                estimate[0] = packed;
                                double[][] pred = run.data.predictions(packed);
                                misfit[0] = new double[pred.length];
                                for (int j = 0; j < pred.length; j++) {
                                    misfit[0][j] = observations.misfit(pred[j]);
                                }
                                NDArray gain = kalmanGain(pred, observations, scope);
                                if (gain == null) {
                                    break;
                                }
                                state = move(state, gain);
                                if (l < linearisedUpdates) {
                                    x0 = move(x0, gain);
                                }
                            }
                            return state == xi ? xi.duplicate() : state;
                        });
                        last = misfit[0];
                        lastEstimate = estimate[0];
                    }
                }
                x = StepScope.advance(
                        x, (xi, scope) -> ProbabilityFlowStep.euler(xi, run.space.denoise(xi, s), s, next));
                if (last != null) {
                    run.step(i + 1, steps, last, lastEstimate);
                }
            }
            run.statistic("eta", eta);
            run.statistic("updates", updates);
            run.statistic("steps", steps);
            return run.finish(name(), x);
        }
    }

    /**
     * x̂0 by M Euler steps of the PF-ODE from sigma to 0 (M = 1: one denoiser call). Each denoiser
     * call runs in its own sub-scope that keeps only its result ({@link StepScope#keep}): a network's
     * activations are attached to its input's manager, so without it all M calls' activations (about
     * 24 MB per 64² particle and call for the shipped U-NO) would stay alive until the caller's scope
     * closes.
     */
    static NDArray toData(PriorSpace space, NDArray x, double sigma, int m, double sigmaMin) {
        if (m <= 1 || sigma <= sigmaMin * 1.000001) {
            return StepScope.keep(x, (xi, scope) -> space.denoise(xi, sigma));
        }
        double[] levels = new KarrasSchedule(sigmaMin, sigma, 7.0).sigmas(m);
        NDArray y = x;
        for (int k = 0; k < m; k++) {
            final int level = k;
            NDArray next = StepScope.keep(
                    y,
                    (yi, scope) -> ProbabilityFlowStep.euler(
                            yi, space.denoise(yi, levels[level]), levels[level], levels[level + 1]));
            if (y != x) {
                y.close();
            }
            y = next;
        }
        return y;
    }

    /**
     * The update's coefficients (eta / |E|_F) E, an N x N matrix, or null where E vanishes (the ensemble
     * predicts one value, or fits the readings exactly).
     */
    private NDArray kalmanGain(double[][] pred, Observations obs, NDManager scope) {
        int n = pred.length;
        int m = obs.size();
        float[] g = new float[n * m];
        float[] y = new float[m];
        for (int k = 0; k < m; k++) {
            y[k] = (float) (obs.value(k) / obs.sigma(k));
        }
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < m; k++) {
                g[j * m + k] = (float) (pred[j][k] / obs.sigma(k));
            }
        }
        NDArray gw = scope.create(g, new Shape(n, m));
        NDArray innovation = gw.sub(scope.create(y, new Shape(1, m)));
        NDArray anomaly = gw.sub(gw.mean(new int[] {0}, true));
        NDArray e = innovation.matMul(anomaly.transpose()).divi(n);
        double frob = Math.sqrt(e.square().sum().toType(DataType.FLOAT64, false).getDouble());
        if (!(frob > 0)) {
            return null;
        }
        return e.muli(eta / frob);
    }

    /** z^j - sum_k gain_jk (z^k - z̄) for an ensemble z (N, ...). */
    private static NDArray move(NDArray z, NDArray gain) {
        Shape shape = z.getShape();
        NDArray flat = z.reshape(shape.get(0), -1);
        NDArray dz = flat.sub(flat.mean(new int[] {0}, true));
        return z.sub(gain.matMul(dz).reshape(shape));
    }
}
