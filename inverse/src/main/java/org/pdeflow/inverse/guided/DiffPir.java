package org.pdeflow.inverse.guided;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.optim.IterationListener;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.optim.Objective;
import org.pdeflow.inverse.optim.OptimumResult;
import org.pdeflow.inverse.optim.StoppingRule;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.solvers.sampling.StepScope;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Plug-and-play diffusion with proximal data steps, in the form of DiffPIR (Zhu, Zhang, Liang, Cao, Wen,
 * Timofte, Van Gool, "Denoising diffusion models for plug-and-play image restoration", CVPRW 2023) with
 * DAPS' decoupled re-noising (Zhang et al., CVPR 2025) and the data step solved by L-BFGS with the
 * forward model's gradient (adjoint or autograd) instead of a closed form:
 * <pre>
 *   sigma_0 &gt; ... &gt; sigma_{K-1} (Karras, poly-7, from s_top to sigma_min), sigma_K = 0
 *   start: x = sigma_0 n (s_top = the prior's sigma_max), or x = x_g + sigma_0 n from a first guess x_g
 *          (s_top = the start level: the guess is noised only as far as its error)
 *   for k = 0 .. K-1:
 *     x̂0 = D(x; sigma_k)                                                 one network call
 *     z  = argmin_z  Phi(z) + |z - x̂0|^2_{C^-1} / (2 sigma_k^2)           I L-BFGS iterations
 *     x  = z + sigma_{k+1} n   (re-noise; or x = z, deterministic)          n ~ N(0, C)
 * </pre>
 * Phi is the data misfit 1/2 |(G(phys(z)) - y) / sigma|^2 (or with one tau for all readings) and C the
 * covariance of the prior's noise, so N(x̂0, sigma_k^2 C) is DAPS' stand-in for p(x0 | x_k) and z its
 * mode under the likelihood (DAPS draws from it with Langevin steps; this takes its maximum). The data
 * step is solved in whitened coordinates, z = x̂0 + sigma_k C^(1/2) xi, where the objective is
 * Phi + |xi|^2 / 2 (the control-variable transform of variational data assimilation), warm-started from
 * the previous level's z: each level continues the optimisation with a prior centre that the network
 * has moved towards its data. With a first guess and a small start level this is a diffusion-prior
 * regularised 4D-Var, and it is where the method is meant to be used: problems whose data step needs
 * many adjoint gradients (Navier-Stokes from a quasi-inverse), where one network call per level is
 * cheap beside them. Measured there (docs/results/ns64-diffpir): below the GRF-prior 4D-Var at the same 300
 * gradients, but equally so with the denoiser replaced by the identity, i.e. the annealed proximal restarts, not
 * the shipped CPU-trained prior, make the difference; and above the climatological-prior 4D-Var, also with a
 * background or started from that 4D-Var's answer. On darcy-inverse, from noise (60 levels of 30 iterations
 * down to sigma 0.2, each gradient one Darcy solve and its adjoint), it is the most accurate method of the
 * toolkit: 3.1 % of the nodes in the wrong phase over ten held-apart fields against EnKG's 4.6 % and the
 * exact-prior latent MAP's 2.6 % (docs/results/darcy64-unknown, "Session 16"): the samplers that take one
 * guidance step per level (DPS, FunDPS) do not fit the readings, this proximal step does.
 *
 * <p>With a {@linkplain Settings#discrepancy() discrepancy} tau &gt; 0 each data step is Morozov's instead of the
 * full proximal solve: it starts from x̂0 and stops at the first iterate with chi^2 / M &lt;= tau, the point on
 * L-BFGS' path from the network's estimate that first fits the readings to their noise; warm-started and run to
 * I iterations, the data steps of the last levels fit the noise as well (chi^2 / M 0.2-0.4 on ns-inverse, where 1
 * is the noise).
 *
 * <p>Each sample's data step is its own L-BFGS run (the network calls are batched; with a black-box forward model
 * such as the Darcy solver the samples' runs go in parallel, one per processor); each sample's noise
 * differs, so with re-noising they spread. A trial point of the line search where the forward solver
 * fails counts as +infinity (L-BFGS shortens the step). Where C has zero eigenvalues (modes the prior's
 * noise leaves out, e.g. a removed mean) z stays in x̂0 + range(C): the data cannot move those modes, and a
 * first guess's part in them is dropped. Cost per sample: K network calls (batched), about K (I + 1)
 * forward-and-gradient evaluations (more where the line search needs them) and K forward solves for the
 * reported misfit. Statistics: {@code denoiserCalls},
 * {@code levels}, {@code innerIterations}, {@code startLevel}, {@code renoise}.
 */
public final class DiffPir implements PosteriorSampler<DiffusionFieldPrior> {

    /**
     * The settings.
     *
     * @param levels K annealing levels &gt;= 1
     * @param innerIterations I L-BFGS iterations of each data step &gt;= 1
     * @param memory correction pairs each data step's L-BFGS keeps, &gt;= 1 (10, the usual default; up to I
     *     keeps every pair of the step, which is what helped 4D-Var on these problems)
     * @param startLevel sigma_0 when starting from a first guess, in the prior's model units &gt; 0
     * @param sigmaMin the last positive level, &gt; 0 and below the start
     * @param renoise whether x = z + sigma_{k+1} n (a sampler) or x = z (deterministic)
     * @param tau likelihood scale on the raw residual, or null for the readings' own sigma
     * @param discrepancy 0, or the discrepancy principle per level: each data step starts from the network's
     *     x̂0 (not the previous level's z) and stops at the first iterate whose chi^2 / M &lt;= this value (the
     *     readings' sigma; 1 fits them to their noise), so that no level fits the noise (Morozov's rule on
     *     each proximal step); a level whose x̂0 already fits keeps it
     */
    public record Settings(
            int levels,
            int innerIterations,
            int memory,
            double startLevel,
            double sigmaMin,
            boolean renoise,
            Double tau,
            double discrepancy) {

        public Settings {
            if (levels < 1 || innerIterations < 1 || memory < 1) {
                throw new IllegalArgumentException("DiffPIR needs levels, inner iterations and L-BFGS memory >= 1, got "
                        + levels + ", " + innerIterations + ", " + memory);
            }
            if (!(sigmaMin > 0) || !(startLevel > sigmaMin) || Double.isInfinite(startLevel)) {
                throw new IllegalArgumentException(
                        "DiffPIR needs 0 < sigmaMin < startLevel, got " + sigmaMin + ", " + startLevel);
            }
            if (tau != null && !(tau > 0)) {
                throw new IllegalArgumentException("DiffPIR tau must be positive (or unset), got " + tau);
            }
            if (!(discrepancy >= 0) || Double.isInfinite(discrepancy)) {
                throw new IllegalArgumentException(
                        "DiffPIR's discrepancy must be 0 (none) or a positive chi^2 / M, got " + discrepancy);
            }
        }

        /** Settings without the per-level discrepancy stop. */
        public Settings(
                int levels,
                int innerIterations,
                int memory,
                double startLevel,
                double sigmaMin,
                boolean renoise,
                Double tau) {
            this(levels, innerIterations, memory, startLevel, sigmaMin, renoise, tau, 0.0);
        }

        /**
         * The defaults: 10 levels of 30 L-BFGS iterations (300 gradients, 4D-Var's budget), a first guess
         * noised to 0.5, down to 0.05, re-noised, the readings' sigma.
         */
        public static Settings defaults() {
            return new Settings(10, 30, DEFAULT_MEMORY, 0.5, 0.05, true, null);
        }

        /** The L-BFGS memory of {@link #defaults()}: 10 pairs. */
        public static final int DEFAULT_MEMORY = 10;

        /** These settings with K levels. */
        public Settings withLevels(int value) {
            return new Settings(value, innerIterations, memory, startLevel, sigmaMin, renoise, tau, discrepancy);
        }

        /** These settings with I iterations per data step. */
        public Settings withInnerIterations(int value) {
            return new Settings(levels, value, memory, startLevel, sigmaMin, renoise, tau, discrepancy);
        }

        /** These settings with an L-BFGS memory of m pairs per data step. */
        public Settings withMemory(int value) {
            return new Settings(levels, innerIterations, value, startLevel, sigmaMin, renoise, tau, discrepancy);
        }

        /** These settings with the given last level sigma_min. */
        public Settings withSigmaMin(double value) {
            return new Settings(levels, innerIterations, memory, startLevel, value, renoise, tau, discrepancy);
        }

        /** These settings with the given start level. */
        public Settings withStartLevel(double value) {
            return new Settings(levels, innerIterations, memory, value, sigmaMin, renoise, tau, discrepancy);
        }

        /** These settings with or without re-noising. */
        public Settings withRenoise(boolean value) {
            return new Settings(levels, innerIterations, memory, startLevel, sigmaMin, value, tau, discrepancy);
        }

        /** These settings with the per-level discrepancy stop at chi^2 / M &lt;= value (0: none). */
        public Settings withDiscrepancy(double value) {
            return new Settings(levels, innerIterations, memory, startLevel, sigmaMin, renoise, tau, value);
        }

        /** These settings with the likelihood scale tau (null: the readings' sigma). */
        public Settings withTau(Double value) {
            return new Settings(levels, innerIterations, memory, startLevel, sigmaMin, renoise, value, discrepancy);
        }
    }

    private final Settings settings;
    private final GaussianPrior background;
    private final BatchExecutor executor;

    /** DiffPIR with the given settings, the stand-in covariance sigma_k^2 C. */
    public DiffPir(Settings settings) {
        this(settings, null);
    }

    /**
     * DiffPIR whose stand-in for p(x0 | x_k) is N(x̂0, Sigma_k) with Sigma_k = (B^-1 + (sigma_k^2 C)^-1)^-1, the
     * covariance of x0 given x_k when x0 ~ N(., B) (B a stationary Gaussian background of the unknown, e.g. a
     * climatology; Pi-GDM's r_t^2 = sigma^2 / (1 + sigma^2) is the case B = I): for large sigma_k the data step
     * is regularised by the background's covariance, as in 4D-Var, for small ones by sigma_k^2 C, as without it.
     * The centre stays the network's x̂0.
     *
     * @param settings the settings
     * @param background the background N(m, B) in physical units (its covariance is used, not its mean), or null
     *     for sigma_k^2 C; it must be a periodic field on the prior's grid, and the prior one channel with
     *     Fourier noise
     */
    public DiffPir(Settings settings, GaussianPrior background) {
        this(settings, background, BatchExecutor.perProcessor());
    }

    /**
     * DiffPIR as {@link #DiffPir(Settings, GaussianPrior)}, its samples' data steps run on {@code executor} when the
     * forward model is a black box with a gradient (e.g. the Darcy solver and its adjoint); the result does not
     * depend on the number of threads.
     *
     * @param settings the settings
     * @param background the background, or null
     * @param executor the threads for the samples' data steps
     */
    public DiffPir(Settings settings, GaussianPrior background, BatchExecutor executor) {
        if (settings == null || executor == null) {
            throw new IllegalArgumentException("settings and an executor are required");
        }
        this.settings = settings;
        this.background = background;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "diffpir";
    }

    /** From the prior's noise at its sigma_max (no first guess). */
    @Override
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        return sample(problem, prior, null, samples, rng, callback);
    }

    /**
     * Samples, starting from a first guess noised to the start level.
     *
     * @param problem the problem, with a gradient
     * @param prior the diffusion prior
     * @param start a first guess in the problem's packed unknowns (physical units), or null to start from
     *     the prior's noise at its sigma_max
     * @param samples batch size &gt;= 1
     * @param rng noise
     * @param callback told after each level, or null
     * @return the samples z of the last level
     */
    public Reconstruction sample(
            InverseProblem problem,
            DiffusionFieldPrior prior,
            double[] start,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {
        Observations observations = problem.observations();
        Double tau = settings.tau();
        DataTerm.Scaling scaling = tau == null ? DataTerm.Scaling.WHITENED : DataTerm.Scaling.CONSTANT;
        int levels = settings.levels();
        try (GuidedRun run = new GuidedRun(
                problem, prior, observations, samples, levels, callback, scaling, tau == null ? Double.NaN : tau)) {
            run.data.requireGradient("DiffPIR");
            PriorSpace space = run.space;
            double top = start == null ? prior.sigmaMax() : settings.startLevel();
            if (!(top > settings.sigmaMin())) {
                throw new IllegalArgumentException(
                        "the start level " + top + " must exceed sigmaMin " + settings.sigmaMin());
            }
            double[] sigmas = new KarrasSchedule(settings.sigmaMin(), top, 7.0).sigmas(levels);
            NDArray x = space.noise(run.manager, samples, rng).muli(sigmas[0]);
            double[][] z = null;
            if (start != null) {
                if (start.length != space.problemUnknowns().size()) {
                    throw new IllegalArgumentException("the first guess has " + start.length + " values, the problem "
                            + space.problemUnknowns().size() + " unknowns");
                }
                if (!space.coversUnknownsInOrder()) {
                    throw new IllegalArgumentException("a first guess needs a prior whose channels are exactly the "
                            + "problem's unknowns " + space.problemUnknowns().names() + " in that order, not "
                            + prior.unknowns().names());
                }
                try (NDManager scope = run.manager.newSubManager()) {
                    z = space.toHost(space.prior().toModel(space.tensorOfUnknowns(scope, repeat(start, samples))));
                    x = x.addi(space.fromHost(scope, z));
                }
            }
            Lbfgs lbfgs = Lbfgs.defaults()
                    .withMaxIterations(settings.innerIterations())
                    .withMemory(settings.memory());
            double[] b = background == null ? null : space.backgroundEigenvalues(background);
            double[] misfit = new double[samples];
            // chi^2 / M = 2 Phi / M with Phi the misfit in the readings' sigma
            double stop = settings.discrepancy() * observations.size() / 2;
            for (int k = 0; k < levels; k++) {
                double s = sigmas[k];
                double next = sigmas[k + 1];
                double[][] warm = z;
                NDArray xhat = StepScope.keep(x, (xi, scope) -> space.denoise(xi, s));
                double[][] centre = space.toHost(xhat);
                if (xhat != x) {
                    xhat.close();
                }
                double[][] from = warm == null || settings.discrepancy() > 0 ? centre : warm;
                z = dataStep(run, centre, from, new Metric(space, b, s), lbfgs, stop, misfit);
                double[][] zk = z;
                int level = k + 1;
                x = StepScope.advance(x, (xi, scope) -> {
                    NDArray zm = space.fromHost(scope, zk);
                    run.step(level, levels, misfit.clone(), zm);
                    return next > 0 && settings.renoise()
                            ? zm.add(space.noise(scope, samples, rng).muli(next))
                            : zm;
                });
            }
            run.statistic("levels", levels);
            run.statistic("innerIterations", settings.innerIterations());
            run.statistic("startLevel", top);
            run.statistic("renoise", settings.renoise() ? 1 : 0);
            run.statistic("background", b == null ? 0 : 1);
            run.statistic("discrepancy", settings.discrepancy());
            NDArray last = space.fromHost(run.manager, z);
            x.close();
            return run.finish(name(), last);
        }
    }

    /**
     * argmin_z Phi(z) + |z - c|^2_{Sigma^-1} / 2 by L-BFGS in xi = Sigma^(-1/2) (z - c), from z0, one run per
     * sample (each with its own line search and curvature pairs); Sigma = s^2 C, or the background's
     * (B^-1 + (s^2 C)^-1)^-1 ({@link Metric}).
     *
     * @return z per sample, model space
     */
    private double[][] dataStep(
            GuidedRun run, double[][] centre, double[][] z0, Metric metric, Lbfgs lbfgs, double stop, double[] misfit) {
        double[][] z;
        if (run.data.blackBox()) {
            // the samples' solves run in parallel; only their short autograd passes take turns
            z = executor.map(centre.length, p -> dataStep(run, centre[p], z0[p], metric, lbfgs, stop));
        } else {
            z = new double[centre.length][];
            for (int p = 0; p < centre.length; p++) {
                z[p] = dataStep(run, centre[p], z0[p], metric, lbfgs, stop);
            }
        }
        // the misfit of the returned z (the optimiser's last evaluation may have been a rejected trial)
        try (NDManager scope = run.manager.newSubManager()) {
            double[] m = run.data.misfits(run.space.packed(run.space.prior().toPhysical(run.space.fromHost(scope, z))));
            System.arraycopy(m, 0, misfit, 0, m.length);
        }
        return z;
    }

    /** One sample's data step; with stop &gt; 0 it ends at the first accepted iterate whose misfit Phi &lt;= stop. */
    private static double[] dataStep(
            GuidedRun run, double[] centre, double[] z0, Metric metric, Lbfgs lbfgs, double stop) {
        PriorSpace space = run.space;
        double[][] c = {centre};
        double[] xi0;
        try (NDManager scope = run.manager.newSubManager()) {
            NDArray d = space.fromHost(scope, new double[][] {z0}).sub(space.fromHost(scope, c));
            xi0 = space.toHost(metric.whiten(d))[0];
        }
        boolean[] started = {false};
        // the misfit at the last point evaluated, which the stopping rule uses only if it is the iterate it is asked
        // about
        double[] lastMisfit = {Double.POSITIVE_INFINITY};
        double[][] lastPoint = {null};
        Objective objective = (xi, gradient) -> {
            try (NDManager scope = run.manager.newSubManager()) {
                NDArray zm = colour(space, scope, c, xi, metric);
                // with a black box, the solve and its adjoint run outside the graph (the expensive part, which the
                // samples do in parallel) and only the chain rule through the prior's map to physical units in it
                DataTerm.Pullbacks pb = run.data.blackBox()
                        ? run.data.pullbacks(space.packed(space.prior().toPhysical(zm)))
                        : null;
                DataTerm.Evaluation[] e = new DataTerm.Evaluation[1];
                GuidanceGradient g = GuidanceGradient.of(zm, leaf -> leaf, leaf -> {
                    NDArray physical = space.prior().toPhysical(leaf);
                    e[0] = pb == null ? run.data.evaluate(physical) : run.data.evaluate(physical, pb);
                    return new GuidanceGradient.Result(e[0].carrier(), new double[][] {e[0].misfit()});
                });
                if (stop > 0) {
                    lastMisfit[0] = e[0].misfit()[0];
                    lastPoint[0] = xi.clone();
                }
                double[] gz = space.toHost(metric.root(g.gradient()))[0];
                double value = e[0].halfSquared()[0];
                for (int i = 0; i < xi.length; i++) {
                    gradient[i] = gz[i] + xi[i];
                    value += 0.5 * xi[i] * xi[i];
                }
                started[0] = true;
                return value;
            } catch (DivergenceException e) {
                if (!started[0]) {
                    throw e;
                }
                // a trial point of the line search where the solver fails: L-BFGS backs off from it
                return Double.POSITIVE_INFINITY;
            }
        };
        StoppingRule rule = stop > 0
                ? (iteration, value, point) -> lastMisfit[0] <= stop && Arrays.equals(point, lastPoint[0])
                : StoppingRule.NEVER;
        OptimumResult r = lbfgs.minimize(objective, xi0, IterationListener.NONE, rule);
        double[] xi = r.point();
        for (double v : xi) {
            if (!Double.isFinite(v)) {
                throw new DivergenceException("the data step diverged at sigma " + metric.s);
            }
        }
        try (NDManager scope = run.manager.newSubManager()) {
            return space.toHost(colour(space, scope, c, xi, metric))[0];
        }
    }

    /** z = c + Sigma^(1/2) xi, one sample, model space, in {@code scope}. */
    private static NDArray colour(PriorSpace space, NDManager scope, double[][] c, double[] xi, Metric metric) {
        NDArray white = space.fromHost(scope, new double[][] {xi});
        return space.fromHost(scope, c).add(metric.root(white));
    }

    /**
     * The stand-in covariance Sigma of one level: s^2 C, or (B^-1 + (s^2 C)^-1)^-1 with a background of
     * eigenvalues b.
     */
    private record Metric(PriorSpace space, double[] b, double s) {

        /** Sigma^(1/2) g (symmetric, so also its adjoint). */
        NDArray root(NDArray g) {
            return b == null ? space.covariancePower(g, 0.5).muli(s) : space.posteriorPower(g, b, s, 0.5);
        }

        /** Sigma^(-1/2) g, the pseudo-inverse. */
        NDArray whiten(NDArray g) {
            return b == null ? space.covariancePower(g, -0.5).divi(s) : space.posteriorPower(g, b, s, -0.5);
        }
    }

    private static double[][] repeat(double[] x, int b) {
        double[][] out = new double[b][];
        for (int p = 0; p < b; p++) {
            out[p] = x;
        }
        return out;
    }
}
