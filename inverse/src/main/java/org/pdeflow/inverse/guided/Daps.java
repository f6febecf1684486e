package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.sampling.StepScope;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Decoupled annealing posterior sampling, DAPS (Zhang, Chu, Berner, Sun, Yue et al., "Improving
 * diffusion inverse problem solving with decoupled noise annealing", CVPR 2025), in the form of
 * InverseBench's {@code algo/daps.py}, which is the DAPS repository's {@code legacy} branch:
 * <pre>
 *   sigma_0 &gt; ... &gt; sigma_{A-1}: Karras (poly-7) from sigma_max to sigma_min, sigma_A = 0;  x = sigma_0 n
 *   for k = 0 .. A-1:
 *     x̂0 = PF-ODE(x) from sigma_k to 0: Euler on Karras levels sigma_k .. 0.01 (n_ode levels), then 0
 *     lr_k = lr (1 + (k / A)(lrMinRatio - 1))
 *     z = x̂0;  repeat L times, with h = lr_k / lambda_max(C):
 *        z &lt;- z - h [C grad Phi(z) + (z - x̂0) / sigma_k^2] + sqrt(2 h) C^(1/2) eps,
 *        Phi(z) = |G(phys(z)) - y|^2 / (2 tau^2)
 *     x = z + sigma_{k+1} n,   n ~ N(0, C)
 * </pre>
 * Langevin dynamics in x0 space for p(x0 | x_k, y) with the Gaussian approximation
 * p(x0 | x_k) ~ N(x̂0, sigma_k^2 C), C the covariance of the prior's noise (the identity for white
 * noise, a Gaussian random field's for function-space priors, where x_k = x0 + sigma_k n puts exactly
 * that spread around x0). The step is preconditioned by C / lambda_max(C) (Roberts and Stramer 2002;
 * function-space Langevin, Cotter et al. 2013): its stationary law is exp(-Phi) N(x̂0, sigma_k^2 C), the
 * prior term needs no C^-1, and since the preconditioner's largest eigenvalue is 1 a step size that is
 * stable for white noise stays stable for any C (the data term's curvature is not amplified). Only G's
 * gradient is needed, never the network's. InverseBench defaults: A = 200, sigma 100 .. 0.1, n_ode = 5,
 * L = 100, lr 1e-4, tau 0.01, lrMinRatio 0.01.
 *
 * <p>Differences: the DAPS main branch (March 2025 restructure) weights the likelihood by 1/tau^2
 * (twice the legacy 1/(2 tau^2) used here) and stops the inner ODE at sigma = 0.01 without the final
 * step to 0. Here tau may be left unset, which uses the data's own sigma (whitened residual,
 * the exact likelihood); a set tau applies to the raw residual as in InverseBench. InverseBench's
 * Langevin step is white (C = I) whatever the prior's noise; with white-noise priors the two agree. When
 * the Langevin iterate becomes non-finite this class fails with a message (InverseBench silently returns
 * zeros for that level).
 *
 * <p>Cost per sample: A n_ode network calls, A L forward-gradient evaluations of G. Statistics:
 * {@code denoiserCalls}, {@code levels}, {@code langevinSteps}, {@code lr}, {@code tau},
 * {@code covarianceScale} (lambda_max(C): the Langevin step is lr divided by it).
 */
public final class Daps implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings of DAPS; build with {@link #builder()}.
     *
     * @param levels A annealing levels &gt;= 1
     * @param odeSteps n_ode Euler steps per level &gt;= 1
     * @param langevinSteps L &gt;= 0
     * @param lr Langevin step size &gt; 0
     * @param lrMinRatio final lr / initial lr, in (0, 1]
     * @param tau likelihood scale &gt; 0 on the raw residual, or null for the data's own sigma (the
     *     whitened residual, the exact likelihood)
     * @param annealMax largest annealing level (InverseBench: 100)
     * @param annealMin smallest positive annealing level (InverseBench: 0.1)
     */
    public record Settings(
            int levels,
            int odeSteps,
            int langevinSteps,
            double lr,
            double lrMinRatio,
            Double tau,
            double annealMax,
            double annealMin) {

        public Settings {
            if (levels < 1 || odeSteps < 1 || langevinSteps < 0) {
                throw new IllegalArgumentException("DAPS needs levels >= 1, odeSteps >= 1, langevinSteps >= 0, got "
                        + levels + ", " + odeSteps + ", " + langevinSteps);
            }
            if (!(lr > 0) || !(lrMinRatio > 0 && lrMinRatio <= 1)) {
                throw new IllegalArgumentException(
                        "DAPS lr must be positive and lrMinRatio in (0, 1], got " + lr + ", " + lrMinRatio);
            }
            if (tau != null && !(tau > 0)) {
                throw new IllegalArgumentException(
                        "DAPS tau must be positive (or unset for the data's sigma), got " + tau);
            }
            if (!(annealMin > 0 && annealMax > annealMin)) {
                throw new IllegalArgumentException(
                        "DAPS annealing range must satisfy 0 < min < max, got " + annealMin + ", " + annealMax);
            }
        }

        /**
         * The defaults, a CPU budget: 50 levels from 80 to 0.05, 5 ODE steps and 20 Langevin steps per
         * level, lr 1e-4 falling to 1e-5, the data's sigma.
         */
        public static Builder builder() {
            return new Builder();
        }

        /** InverseBench's settings (DAPS-1K): 200 levels, 5 ODE steps, 100 Langevin steps, lr 1e-4, tau 0.01. */
        public static Settings inverseBench() {
            return builder()
                    .setLevels(200)
                    .optLangevinSteps(100)
                    .optLrMinRatio(0.01)
                    .optTau(0.01)
                    .optAnnealing(0.1, 100.0)
                    .build();
        }

        /** A builder starting from these settings. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.levels = levels;
            b.odeSteps = odeSteps;
            b.langevinSteps = langevinSteps;
            b.lr = lr;
            b.lrMinRatio = lrMinRatio;
            b.tau = tau;
            b.annealMax = annealMax;
            b.annealMin = annealMin;
            return b;
        }
    }

    /** Builds {@link Settings}; every value has the default {@link Settings#builder()} states. */
    public static final class Builder {
        private int levels = 50;
        private int odeSteps = 5;
        private int langevinSteps = 20;
        private double lr = 1e-4;
        private double lrMinRatio = 0.1;
        private Double tau;
        private double annealMax = 80.0;
        private double annealMin = 0.05;

        private Builder() {}

        /** A annealing levels. */
        public Builder setLevels(int value) {
            levels = value;
            return this;
        }

        /** n_ode Euler steps of the inner probability-flow ODE per level. */
        public Builder optOdeSteps(int value) {
            odeSteps = value;
            return this;
        }

        /** L Langevin steps per level. */
        public Builder optLangevinSteps(int value) {
            langevinSteps = value;
            return this;
        }

        /** The initial Langevin step size. */
        public Builder optLr(double value) {
            lr = value;
            return this;
        }

        /** The final Langevin step size as a fraction of the initial one. */
        public Builder optLrMinRatio(double value) {
            lrMinRatio = value;
            return this;
        }

        /** The likelihood scale on the raw residual; null for the data's own sigma. */
        public Builder optTau(Double value) {
            tau = value;
            return this;
        }

        /** The annealing range [min, max]. */
        public Builder optAnnealing(double min, double max) {
            annealMin = min;
            annealMax = max;
            return this;
        }

        /** The settings. */
        public Settings build() {
            return new Settings(levels, odeSteps, langevinSteps, lr, lrMinRatio, tau, annealMax, annealMin);
        }
    }

    private final int levels;
    private final int odeSteps;
    private final int langevinSteps;
    private final double lr;
    private final double lrMinRatio;
    private final double tau;
    private final double annealMax;
    private final double annealMin;

    /** DAPS with the given settings. */
    public Daps(Settings settings) {
        this.levels = settings.levels();
        this.odeSteps = settings.odeSteps();
        this.langevinSteps = settings.langevinSteps();
        this.lr = settings.lr();
        this.lrMinRatio = settings.lrMinRatio();
        this.tau = settings.tau() == null ? Double.NaN : settings.tau();
        this.annealMax = settings.annealMax();
        this.annealMin = settings.annealMin();
    }

    @Override
    public String name() {
        return "daps";
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        Observations observations = problem.observations();
        DataTerm.Scaling scaling = Double.isNaN(tau) ? DataTerm.Scaling.WHITENED : DataTerm.Scaling.CONSTANT;
        try (GuidedRun run = new GuidedRun(problem, prior, observations, samples, levels, callback, scaling, tau)) {
            if (langevinSteps > 0) {
                run.data.requireGradient("DAPS");
            }
            double[] anneal = new KarrasSchedule(annealMin, annealMax, 7.0).sigmas(levels);
            double scale = run.space.covarianceScale();
            NDArray x = run.space.noise(run.manager, samples, rng).muli(anneal[0]);
            for (int k = 0; k < levels; k++) {
                double s = anneal[k];
                double next = anneal[k + 1];
                double lrK = lr * (1 + ((double) k / levels) * (lrMinRatio - 1)) / scale;
                int level = k + 1;
                x = StepScope.advance(x, (xi, scope) -> {
                    NDArray x0hat = xhat(run.space, xi, s);
                    NDArray z = x0hat;
                    double[] misfit = null;
                    for (int l = 0; l < langevinSteps; l++) {
                        GuidanceGradient g = GuidanceGradient.of(z, leaf -> leaf, leaf -> {
                            DataTerm.Evaluation e = run.data.evaluate(prior.toPhysical(leaf));
                            return new GuidanceGradient.Result(e.carrier(), new double[][] {e.misfit()});
                        });
                        misfit = g.values()[0];
                        NDArray grad = run.space
                                .covariance(g.gradient())
                                .add(z.sub(x0hat).divi(s * s));
                        NDArray eps = run.space.noise(scope, samples, rng);
                        z = z.sub(grad.muli(lrK)).addi(eps.muli(Math.sqrt(2 * lrK)));
                        if (!Double.isFinite(
                                z.abs().max().toType(DataType.FLOAT64, false).getDouble())) {
                            throw new DivergenceException(
                                    "the Langevin iterate is not finite at sigma " + s + " (learning rate " + lr + ")");
                        }
                    }
                    if (misfit == null) {
                        misfit = run.data.misfits(run.space.packed(prior.toPhysical(z)));
                    }
                    run.step(level, levels, misfit, z);
                    return next > 0 ? z.add(run.space.noise(scope, samples, rng).muli(next)) : z.duplicate();
                });
            }
            run.statistic("levels", levels);
            run.statistic("langevinSteps", langevinSteps);
            run.statistic("lr", lr);
            run.statistic("covarianceScale", scale);
            run.statistic("tau", tau);
            return run.finish(name(), x);
        }
    }

    /** x̂0: Euler PF-ODE on Karras levels from sigma to 0.01 (n_ode levels), then a last step to 0. */
    private NDArray xhat(PriorSpace space, NDArray x, double sigma) {
        double floor = 0.01;
        if (sigma <= floor * 1.000001 || odeSteps == 1) {
            return space.denoise(x, sigma);
        }
        return Enkg.toData(space, x, sigma, odeSteps, floor);
    }
}
