package org.pdeflow.inverse.classical;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pdeflow.inverse.forward.LatentTwoPhaseModel;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;

/**
 * The MAP estimate of a two-phase coefficient under its exact generative prior, smoothed: with the
 * latent field in whitened coordinates, z = L xi (z ~ N(0, C) for xi ~ N(0, I); {@link LatentTwoPhasePrior}),
 * and a(z) = low + (high - low) s((z - t) / eps) ({@link LatentTwoPhaseModel}),
 * <pre>
 *   minimise  J(xi) = 1/2 |(G(a(L xi)) - y) / sigma|^2 + 1/2 |xi|^2
 * </pre>
 * by {@link Lbfgs} from xi = 0 (z = 0, the prior's mean and mode), with the exact gradient: the
 * forward model's own (the adjoint state for Darcy) chained through the sigmoid and L^T. The penalty
 * 1/2 |xi|^2 = 1/2 z^T C^-1 z is the latent prior's negative log-density; in xi neither C^-1 nor a
 * factorisation of C is needed, only L and L^T (cosine transforms,
 * {@link org.pdeflow.pde.grf.NeumannGaussianField#colour}).
 * The smoothing width is eps = {@code epsilon} * std_z, std_z the root mean square over the nodes of
 * the latent field's pointwise standard deviation ({@link LatentTwoPhasePrior#latentStd}).
 *
 * <p>A control for what the readings determine when the data's generative prior is known exactly
 * (the Darcy data's a is thresholded from such a z): a point estimate, not a posterior sample. Its
 * result is the smoothed a(L xi*) in the problem's unknowns (a or log a), with the data misfit after
 * every iteration and the statistics {@code iterations}, {@code evaluations}, {@code objective},
 * {@code penalty} (1/2 |xi|^2), {@code epsilon} (eps, in z's units), {@code epsilonRelative} and
 * {@code converged}.
 */
public final class LatentMapInversion {

    /**
     * @param iterations L-BFGS iterations at most, &gt;= 1
     * @param epsilon the sigmoid's width relative to the latent field's RMS pointwise standard deviation, &gt; 0
     */
    public record Settings(int iterations, double epsilon) {

        /**
         * 500 iterations, eps = 0.05 std_z: of (eps, iterations) in {0.03, 0.1, 0.3} x 200,
         * {0.05, 0.1, 0.2} x 500 and {0.03, 0.05} x 1000, the pair with the lowest mean phase error rate on
         * the first ten fields of a 64 x 64 Darcy test set (seed 11; benchmark readings, seed 0). All
         * of them scored 0.029 to 0.036, within the spread over fields (0.017), so the choice matters little.
         */
        public static final Settings DEFAULTS = new Settings(500, 0.05);

        public Settings {
            if (iterations < 1) {
                throw new IllegalArgumentException("the latent MAP needs at least one iteration, got " + iterations);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("the smoothing width must be positive and finite, got " + epsilon);
            }
        }

        /** These settings with another iteration limit. */
        public Settings withIterations(int value) {
            return new Settings(value, epsilon);
        }

        /** These settings with another relative smoothing width. */
        public Settings withEpsilon(double value) {
            return new Settings(iterations, value);
        }
    }

    private final Settings settings;

    /** The MAP search with these settings. */
    public LatentMapInversion(Settings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are required");
        }
        this.settings = settings;
    }

    /** The name for logs and result files. */
    public String name() {
        return "latent-map";
    }

    /**
     * The latent forward model of a problem: its own forward model (one coefficient field, a or log
     * a, on a node grid) behind the smoothed latent map with this search's eps.
     */
    public LatentTwoPhaseModel model(InverseProblem problem, LatentTwoPhasePrior prior) {
        return prior.latentModel(problem.forward(), settings.epsilon());
    }

    /**
     * Finds the MAP.
     *
     * @param problem a problem whose unknown is the coefficient (a or log a), with a gradient
     * @param prior the coefficient's generative prior
     * @param callback told after every iteration (its estimate: the problem's unknowns)
     * @return the estimate as a one-sample reconstruction in the problem's unknowns
     */
    public Reconstruction invert(InverseProblem problem, LatentTwoPhasePrior prior, StepCallback callback) {
        LatentTwoPhaseModel latent = model(problem, prior);
        if (!latent.hasGradient()) {
            throw new IllegalArgumentException("the latent MAP needs a gradient, but "
                    + problem.forward().description() + " has none; use ensemble Kalman inversion instead");
        }
        // J(xi) is Tikhonov's objective in xi with lambda = 1, R = I and x_ref = 0.
        InverseProblem whitened = new InverseProblem(problem.name(), latent, problem.observations(), null);
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        Reconstruction map = new TikhonovInversion(
                        1.0, Regulariser.euclidean(), null, Lbfgs.defaults().withMaxIterations(settings.iterations()))
                .invert(
                        whitened,
                        new double[latent.unknowns().size()],
                        info -> listener.onStep(new StepInfo(
                                info.step(), info.total(), info.misfit(), latent.innerUnknowns(info.estimate()))));
        Map<String, Double> statistics = new LinkedHashMap<>(map.statistics());
        statistics.remove("lambda");
        statistics.put("epsilon", latent.epsilon());
        statistics.put("epsilonRelative", settings.epsilon());
        return Reconstruction.of(
                name(),
                problem.unknowns(),
                new double[][] {latent.innerUnknowns(map.samples()[0])},
                map.misfitHistory(),
                map.timings(),
                statistics);
    }
}
