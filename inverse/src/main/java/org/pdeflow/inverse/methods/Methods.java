package org.pdeflow.inverse.methods;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.classical.LatentMapInversion;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.classical.TikhonovInversion;
import org.pdeflow.inverse.guided.Daps;
import org.pdeflow.inverse.guided.DiffPir;
import org.pdeflow.inverse.guided.DiffPirFromMap;
import org.pdeflow.inverse.guided.DiffusionPde;
import org.pdeflow.inverse.guided.Dps;
import org.pdeflow.inverse.guided.Enkg;
import org.pdeflow.inverse.guided.FunDps;
import org.pdeflow.inverse.guided.PhysicsResidual;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.ProblemDefinition;

/**
 * The registry of inverse-problem methods by name, the one place that knows which methods exist, what
 * their settings and defaults are and how each is run. Built in: the diffusion-prior samplers
 * {@code dps}, {@code daps}, {@code enkg}, {@code fundps}, {@code diffusionpde}, the classical
 * {@code eki} and {@code tikhonov}, and the control {@code latent-map} (the MAP under the data's own
 * two-phase generative prior, for problems that have one). Commands, the demo and the notebooks look methods up here; a
 * library user adds their own with {@link #register} (see CONTRIBUTING.md, "adding a sampler").
 *
 * <p>The defaults are CPU budgets tuned with the shipped priors: dps, fundps and diffusionpde 100
 * Heun steps; daps 50 levels; enkg 50 steps (25 with darcy-inverse's trained prior, {@link #ENKG_TUNED});
 * eki 50 iterations; ensembles {@link #DEFAULT_ENSEMBLE} members; tikhonov at most 100 L-BFGS
 * iterations with a field penalty, at most 300 with the prior's (stopped by the discrepancy principle);
 * latent-map at most 500.
 */
public final class Methods {

    private static final Map<String, InverseMethod> ENTRIES = new LinkedHashMap<>();

    /**
     * Members of an ensemble method ({@link InverseMethod.Output#ENSEMBLE}: eki, enkg) unless the user says
     * otherwise: 64, InverseBench's EKI setting at 64^2 and what an EnKG step with the shipped 64^2 prior
     * costs about 1.5 s for on two cores.
     */
    public static final int DEFAULT_ENSEMBLE = 64;

    /**
     * DPS' step zeta' where the default (tuned on darcy-inverse at 64^2 with the Gaussian prior,
     * {@link Dps.Settings#DEFAULTS}) does not carry over, by problem or by "problem/prior source"
     * ({@link PriorSource#key()}; the problem's entry serves every source without one of its own): zeta' is in model
     * units per data unit, so it is a property of the problem and its prior (InverseBench tunes it per task
     * too). ns-inverse: 0.25, the former whitened step zeta = 0.5 at its readings' sigma 1
     * (zeta' = zeta / (2 sigma)), with which its DPS runs were measured; darcy-forward (readings of a, O(10)):
     * 2.5, the former step at its synthetic readings' sigma 0.1. Neither is tuned anew. darcy-inverse, on
     * fields 0-3 of the 64^2 test set (seed 11), the value with the lowest mean a error rate: 12000 for the
     * trained prior over a (models/darcy64-a-edm-unet) of {3000, 6000, 12000, 25000, 50000} (0.169, 0.109,
     * 0.079; 25000 and 50000 diverged); 6000 for the Gaussian prior of log a and for the joint (a, u) prior
     * (with which stronger steps diverge); 3000 for the exact latent prior of {3000, 10000, 30000} (0.082,
     * 0.085, 0.083) (docs/results/darcy64-unknown).
     */
    private static final Map<String, Double> DPS_TUNED_ZETA = Map.of(
            "ns-inverse", 0.25,
            "darcy-forward", 2.5,
            "darcy-inverse", 12000.0,
            "darcy-inverse/gaussian", 6000.0,
            "darcy-inverse/joint", 6000.0,
            "darcy-inverse/latent", 3000.0);

    /**
     * FunDPS' observation weight where the default (300, tuned with the joint (a, u) prior reading its own u
     * channel) does not carry over, keyed as {@link #DPS_TUNED_ZETA}. darcy-inverse: 3000 with the solver in
     * the likelihood, tuned for its shipped prior over a on fields 0-1 of the 64^2 test set (seed 11) as the
     * value of {300, 1000, 3000, 10000} with the lowest mean a error rate (0.258, 0.140, 0.080; 10000
     * diverged); with the exact latent prior 3000 beat 30000 on fields 0-3 (0.089 against 0.114); the
     * Gaussian prior keeps the trained prior's value (not tuned); the joint prior its own 300.
     */
    private static final Map<String, Double> FUNDPS_TUNED_WEIGHT =
            Map.of("darcy-inverse", 3000.0, "darcy-inverse/joint", FunDps.Settings.DEFAULTS.weight());

    /**
     * diffpir-map's DiffPIR stage: from the MAP noised to 0.15, 10 levels of 60 L-BFGS iterations keeping every
     * pair, down to 0.1, re-noised, no background. Session 11 chose the start and the metric (the best mean error
     * on ns-inverse fields 0-1 of the seed-11 set among seven variants); session 12 the iterations, memory and
     * last level by the same rule (fields 0 / 1, down to 0.05: 5 x 30 with 10 pairs 0.278 / 0.210, with 30 pairs
     * 0.272 / 0.204, 5 x 45 all pairs 0.259 / 0.192, 5 x 60 all pairs 0.253 / 0.186; 5 x 60 all pairs down to
     * 0.1: 0.236 / 0.175); session 13, once the Java adjoint had made gradients 2.3 times cheaper, the levels:
     * the lowest mean on fields 0-1 whose estimated time per field (4D-Var's 72 s plus the measured DiffPIR
     * stage) stays under 270 s, 10 % below the 5 minutes (5 x 60: 0.236 / 0.175; 8 x 60: 0.215 / 0.161;
     * 10 x 60: 0.205 / 0.154, 245 s; 12 x 60: 0.197 / 0.152 but 287 s; 16 x 30: 0.226 / 0.156;
     * docs/results/ns64-diffpir, "Session 13").
     */
    private static final DiffPir.Settings DIFFPIR_MAP = new DiffPir.Settings(10, 60, 60, 0.15, 0.1, true, null);

    /**
     * DiffPIR's settings where {@link DiffPir.Settings#defaults()} do not fit, keyed as {@link #DPS_TUNED_ZETA}.
     * darcy-inverse (from noise; every prior: tuned with the shipped prior over a, measured also with the exact
     * latent prior's control, not with the joint (a, u) prior or the Gaussian one): 60 levels of 30 L-BFGS
     * iterations down to sigma 0.2, about 10 000 solves with their adjoints and 60 network calls per field at 4
     * samples, 83 s on one thread. Chosen in session 16 on fields 0-3 of the 64^2 test set (seed 11), readings of
     * seed 0, as the lowest mean a error rate among the settings that stay within the 2 minutes per field
     * (levels x iterations, last level: 10 x 30, 0.05: 0.048; 20 x 30: 0.038; 40 x 30: 0.030; 40 x 15: 0.041;
     * 80 x 15: 0.029; 60 x 30: 0.027; 40 x 30 down to 0.02 / 0.1 / 0.2: 0.032 / 0.029 / 0.028; 60 x 30 down to
     * 0.2: 0.025, misfit 0.57 per reading; diffpir-map, 10 or 20 levels: 0.031; docs/results/darcy64-unknown,
     * "Session 16").
     */
    private static final Map<String, DiffPir.Settings> DIFFPIR_TUNED =
            Map.of("darcy-inverse", DiffPir.Settings.defaults().withLevels(60).withSigmaMin(0.2));

    /**
     * EnKG's budget where InverseBench's shape ({@link Enkg.Settings#builder()}: 50 steps, U 2, inner-ODE
     * factor 8) does not fit the CPU, keyed as {@link #DPS_TUNED_ZETA}. darcy-inverse with its shipped prior
     * over a: 25 steps, U 1, factor 8, L 3 linearised updates: 76 network evaluations of the 64 members and
     * about 100 s per field on two cores. Chosen on fields 0-1 of the 64^2 test set (seed 11) among nine
     * budgets of 32 or 64 members and at most about 2 minutes per field (docs/results/darcy64-unknown, "EnKG
     * on a CPU budget"): the rule was the lowest mean a error rate, and where two were within 0.005 of each
     * other (two fields cannot tell them apart) the closer data fit; L 0 gave 0.067 at a misfit of 24 per
     * reading, L 3 0.070 at 4.0, L 6 0.088. On the report fields 10-19: error rate 0.046, misfit 1.9. The
     * exact latent and Gaussian priors, whose denoisers cost nothing, keep the reference shape.
     */
    private static final Map<String, Enkg.Settings> ENKG_TUNED = Map.of(
            "darcy-inverse",
            Enkg.Settings.builder()
                    .setSteps(25)
                    .optUpdates(1)
                    .optOdeFactor(8)
                    .optLinearisedUpdates(3)
                    .build(),
            "darcy-inverse/latent",
            Enkg.Settings.builder().build(),
            "darcy-inverse/gaussian",
            Enkg.Settings.builder().build());

    /**
     * Tikhonov's iteration limit with the prior penalty (the MAP), whose discrepancy principle usually
     * stops it first.
     */
    private static final int PRIOR_ITERATIONS = 300;

    /**
     * The most L-BFGS correction pairs the MAP keeps: every pair up to 300 iterations (the curvature of the
     * ill-conditioned 4D-Var objective is worth keeping). Chosen on ns-inverse fields 0-1 among 10, 40, 150 and
     * 300 pairs at 300 iterations (rel L2 of omega0 0.363, 0.327, 0.287, 0.275 on average;
     * docs/results/ns64-4dvar); the penalties keep the default 10.
     */
    private static final int PRIOR_MEMORY = 300;

    static {
        register(MethodEntry.<Dps.Settings>builder("dps")
                .optLabel("DPS")
                .setDescription(
                        "Diffusion posterior sampling (Chung et al., ICLR 2023): probability-flow Heun steps of "
                                + "the prior, each followed by the paper's step zeta'/|r| down the gradient of |r|^2, "
                                + "through the denoiser and the forward model, with r the data residual of the "
                                + "denoised estimate in the readings' units (readings of unequal noise re-weighted).")
                .optStepName("Heun step")
                .optDiffusionPrior(2)
                .optSupport(p -> requireGradient("dps", p))
                .setSettings(
                        (o, p) -> Dps.Settings.DEFAULTS
                                .withSteps(o.stepsOr(100))
                                .withZeta(MethodOptions.or(
                                        o.zeta(), tuned(DPS_TUNED_ZETA, p, o, Dps.Settings.DEFAULTS.zeta()))),
                        Dps.Settings::steps,
                        s -> Map.of("zetaPrime", s.zeta(), "residual", "readings' units"))
                .setRunner((s, r) -> new Dps(s).sample(r.problem(), r.prior(), r.samples(), r.rng(), r.callback()))
                .build());
        register(MethodEntry.<Daps.Settings>builder("daps")
                .optLabel("DAPS")
                .setDescription("Decoupled annealing posterior sampling (Zhang et al., CVPR 2025): at each noise level "
                        + "a short probability-flow ODE gives a clean estimate, Langevin steps pull it towards the "
                        + "readings under the forward model, and the result is re-noised to the next level.")
                .optStepName("annealing level")
                .optDiffusionPrior(5)
                .optSupport(p -> requireGradient("daps", p))
                .setSettings(
                        (o, p) -> {
                            Daps.Builder b = Daps.Settings.builder()
                                    .setLevels(o.stepsOr(50))
                                    .optTau(o.tau());
                            if (o.lr() != null) {
                                b.optLr(o.lr());
                            }
                            return b.build();
                        },
                        Daps.Settings::levels,
                        s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("lr", s.lr());
                            m.put("tau", s.tau() == null ? "readings' sigma" : s.tau());
                            m.put("odeSteps", s.odeSteps());
                            m.put("langevinSteps", s.langevinSteps());
                            return m;
                        })
                .setRunner((s, r) -> new Daps(s).sample(r.problem(), r.prior(), r.samples(), r.rng(), r.callback()))
                .build());
        register(MethodEntry.<DiffPir.Settings>builder("diffpir")
                .optLabel("DiffPIR")
                .setDescription("Plug-and-play diffusion with proximal data steps (Zhu et al. 2023, with DAPS' "
                        + "re-noising): at each noise level the network's clean estimate becomes the centre of a "
                        + "Gaussian prior N(x̂0, σ² C), the data step finds its MAP under the readings by L-BFGS with "
                        + "the forward model's gradient (30 iterations, warm-started), and the result is re-noised. "
                        + "Starts from the problem's first guess noised to 0.5 where it has one (ns-inverse's "
                        + "quasi-inverse), else from noise; 10 levels by default. Each sample costs about 300 "
                        + "forward-and-gradient solves (ns-inverse at 64²: 2.5 minutes per sample on one thread). "
                        + "darcy-inverse: 60 levels down to sigma 0.2, about 2 600 solves with the adjoint per "
                        + "sample, 20-25 s on one thread; its most accurate method.")
                .optStepName("annealing level")
                .optDiffusionPrior(1)
                .optSupport(p -> requireGradient("diffpir", p))
                .setSettings(
                        (o, p) -> configure(tuned(DIFFPIR_TUNED, p, o, DiffPir.Settings.defaults()), o),
                        DiffPir.Settings::levels,
                        s -> describe(s, new LinkedHashMap<>()))
                .setRunner((s, r) -> new DiffPir(s)
                        .sample(
                                r.problem(),
                                r.prior(),
                                r.definition().firstGuess(r.problem()).orElse(null),
                                r.samples(),
                                r.rng(),
                                r.callback()))
                .build());
        register(MethodEntry.<DiffPir.Settings>builder("diffpir-map")
                .optLabel("DiffPIR from the MAP")
                .setDescription("DiffPIR refining the classical MAP: first 4D-Var / the MAP under the problem's "
                        + "Gaussian prior (as tikhonov with the prior penalty: L-BFGS from the first guess, every "
                        + "pair kept, at most " + PRIOR_ITERATIONS + " iterations, discrepancy stop), then DiffPIR "
                        + "from that estimate noised to " + DIFFPIR_MAP.startLevel() + " (model units), "
                        + DIFFPIR_MAP.levels() + " levels of " + DIFFPIR_MAP.innerIterations() + " L-BFGS "
                        + "iterations keeping " + DIFFPIR_MAP.memory()
                        + " pairs: the network replaces what the Gaussian prior fills in where the readings "
                        + "are silent.")
                .optStepName("L-BFGS iteration or annealing level")
                .optDiffusionPrior(1)
                .optSupport(p -> requireGradient("diffpir-map", p))
                .setSettings((o, p) -> configure(DIFFPIR_MAP, o), DiffPir.Settings::levels, s -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("mapIterations", PRIOR_ITERATIONS);
                    return describe(s, m);
                })
                .setRunner((s, r) -> new DiffPirFromMap(
                                Lbfgs.defaults()
                                        .withMaxIterations(PRIOR_ITERATIONS)
                                        .withMemory(Math.min(PRIOR_ITERATIONS, PRIOR_MEMORY)),
                                s,
                                false)
                        .sample(
                                r.problem(),
                                r.prior(),
                                r.definition().classicalPrior(r.problem().unknowns()),
                                r.definition().firstGuess(r.problem()).orElse(null),
                                r.samples(),
                                r.rng(),
                                r.callback()))
                .build());
        register(MethodEntry.<Enkg.Settings>builder("enkg")
                .optLabel("EnKG")
                .setDescription(
                        "Ensemble Kalman diffusion guidance (Zheng et al., 2024): the particles follow the prior's "
                                + "probability-flow ODE and are moved towards the readings by ensemble-Kalman "
                                + "updates computed "
                                + "from forward runs of their denoised estimates, without gradients.")
                .optStepName("Euler step")
                .optDiffusionPrior(1)
                .optOutput(InverseMethod.Output.ENSEMBLE)
                .setSettings(
                        (o, p) -> {
                            Enkg.Settings base = tuned(
                                    ENKG_TUNED, p, o, Enkg.Settings.builder().build());
                            Enkg.Builder b = base.toBuilder().setSteps(o.stepsOr(base.steps()));
                            if (o.eta() != null) {
                                b.optEta(o.eta());
                            }
                            return b.build();
                        },
                        Enkg.Settings::steps,
                        s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("eta", s.eta());
                            m.put("updates", s.updates());
                            m.put("odeFactor", s.odeFactor());
                            m.put("linearisedUpdates", s.linearisedUpdates());
                            return m;
                        })
                .setRunner((s, r) -> new Enkg(s).sample(r.problem(), r.prior(), r.samples(), r.rng(), r.callback()))
                .build());
        register(MethodEntry.<FunDpsSettings>builder("fundps")
                .optLabel("FunDPS")
                .setDescription(
                        "FunDPS (Yao et al., 2025): probability-flow Heun steps of a function-space prior, each "
                                + "nudged by the gradient, through the denoiser, of the mean squared standardised "
                                + "mismatch "
                                + "between the denoised estimate's predicted readings and the readings, a pull that "
                                + "fades as "
                                + "the noise vanishes.")
                .optStepName("Heun step")
                .optDiffusionPrior(2)
                .optSupport(p -> requireGradient("fundps", p))
                .setSettings(
                        (o, p) -> new FunDpsSettings(
                                new FunDps.Settings(
                                        o.stepsOr(100),
                                        o.weightOr(tuned(FUNDPS_TUNED_WEIGHT, p, o, FunDps.Settings.DEFAULTS.weight())),
                                        o.physicsResidual() ? MethodOptions.or(o.pdeWeight(), 5.0) : 0.0),
                                o.physicsResidual()),
                        s -> s.sampler().steps(),
                        s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("weight", s.sampler().weight());
                            m.put("pdeWeight", s.sampler().pdeWeight());
                            return m;
                        })
                .setRunner((s, r) -> new FunDps(s.sampler(), s.physicsResidual() ? requireResidual(r) : null)
                        .sample(r.problem(), r.prior(), r.samples(), r.rng(), r.callback()))
                .build());
        register(MethodEntry.<DiffusionPde.Settings>builder("diffusionpde")
                .optLabel("DiffusionPDE")
                .setDescription("DiffusionPDE-style joint guidance (Huang et al., NeurIPS 2024): Heun steps of a joint "
                        + "(coefficient, solution) prior guided by the relative data residual and, in the second half "
                        + "of the steps, by the PDE residual of the denoised pair.")
                .optStepName("Heun step")
                .optDiffusionPrior(2)
                .optSupport(p -> {
                    if (p.formulation(true, p.jointFields()) != Formulation.JOINT) {
                        throw new IllegalArgumentException(
                                "diffusionpde needs a joint (a, u) prior with a PDE residual; " + p.name()
                                        + " has no joint formulation");
                    }
                })
                .setSettings(
                        (o, p) -> {
                            DiffusionPde.Builder b = DiffusionPde.Settings.builder()
                                    .setSteps(o.stepsOr(100))
                                    .optWeight(o.weightOr(30.0));
                            if (o.pdeWeight() != null) {
                                b.optPdeWeight(o.pdeWeight());
                            }
                            return b.build();
                        },
                        DiffusionPde.Settings::steps,
                        s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("weight", s.weight());
                            m.put("pdeWeight", s.pdeWeight());
                            m.put("switchFraction", s.switchFraction());
                            return m;
                        })
                .setRunner((s, r) -> new DiffusionPde(s, requireResidual(r))
                        .sample(r.problem(), r.prior(), r.samples(), r.rng(), r.callback()))
                .build());
        register(MethodEntry.<EkiSettings>builder("eki")
                .optLabel("EKI")
                .setDescription("Ensemble Kalman inversion (InverseBench's update): members drawn from the problem's "
                        + "smooth Gaussian prior are moved towards the readings using only forward runs, no gradients.")
                .optStepName("ensemble update")
                .optOutput(InverseMethod.Output.ENSEMBLE)
                .setSettings(
                        (o, p) -> new EkiSettings(o.stepsOr(50), MethodOptions.or(o.eta(), 1.0)),
                        EkiSettings::iterations,
                        s -> Map.of("eta", s.eta()))
                .setRunner((s, r) -> EnsembleKalmanInversion.inverseBench(s.iterations(), s.eta())
                        .sample(
                                r.problem(),
                                r.definition().classicalPrior(r.problem().unknowns()),
                                r.samples(),
                                r.rng(),
                                r.callback()))
                .build());
        register(MethodEntry.<TikhonovSettings>builder("tikhonov")
                .optLabel("Tikhonov")
                .setDescription("Tikhonov regularisation / variational data assimilation: the unknown minimising "
                        + "½ Σ ((G(x) − y) / σ)² + λ/2 |R (x − m)|², m the prior mean, found by L-BFGS with the "
                        + "solver's adjoint gradient. R is a gradient or Laplacian penalty (λ 0.01, at most 100 "
                        + "iterations), or the prior: R^T R = C⁻¹ of the problem's Gaussian prior N(m, C), λ 1, "
                        + "i.e. the MAP estimate (4D-Var), solved in whitened coordinates from m (or from the "
                        + "problem's first guess where it has one: ns-inverse's quasi-inverse) and stopped by "
                        + "the discrepancy principle at the first iterate whose misfit per reading "
                        + "Σ ((G(x) − y) / σ)² / M is at most τ = 1 (at most " + PRIOR_ITERATIONS + " iterations, "
                        + "keeping every L-BFGS pair). "
                        + "One estimate, no spread.")
                .optStepName("L-BFGS iteration")
                .optOutput(InverseMethod.Output.POINT_ESTIMATE)
                .optSupport(p -> requireGradient("tikhonov", p))
                .setSettings(
                        (o, p) -> {
                            Regulariser.Kind kind = o.regulariser() == null
                                    ? p.defaultRegulariser()
                                    : Regulariser.Kind.parse(o.regulariser());
                            boolean prior = kind == Regulariser.Kind.PRIOR;
                            return new TikhonovSettings(
                                    o.stepsOr(prior ? PRIOR_ITERATIONS : 100),
                                    MethodOptions.or(o.lambda(), prior ? 1.0 : 1e-2),
                                    kind,
                                    MethodOptions.or(o.discrepancy(), prior ? 1.0 : 0.0));
                        },
                        TikhonovSettings::iterations,
                        s -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("lambda", s.lambda());
                            m.put("regulariser", s.regulariser().label());
                            m.put("discrepancy", s.discrepancy());
                            m.put("lbfgsMemory", lbfgs(s).memory());
                            return m;
                        })
                .setRunner((s, r) -> {
                    InverseProblem problem = r.problem();
                    GaussianPrior p = r.definition().classicalPrior(problem.unknowns());
                    Lbfgs lbfgs = lbfgs(s);
                    if (s.regulariser() == Regulariser.Kind.PRIOR) {
                        return new PriorMapInversion(s.lambda(), lbfgs, s.discrepancy())
                                .invert(
                                        problem,
                                        p,
                                        r.definition().firstGuess(problem).orElse(null),
                                        r.callback());
                    }
                    return new TikhonovInversion(
                                    s.lambda(),
                                    s.regulariser().on(problem.unknowns()),
                                    p.mean(),
                                    lbfgs,
                                    s.discrepancy())
                            .invert(problem, p.mean(), r.callback());
                })
                .build());
        register(MethodEntry.<LatentMapInversion.Settings>builder("latent-map")
                .optLabel("latent-GRF MAP")
                .setDescription("MAP estimate under the data's own generative prior: the two-phase coefficient is a "
                        + "smoothed threshold of a latent Gaussian random field, whose whitened coefficients L-BFGS "
                        + "fits to the readings with the solver's adjoint gradient and a unit Gaussian penalty. A "
                        + "control for what the readings determine; one estimate, no spread.")
                .optStepName("L-BFGS iteration")
                .optOutput(InverseMethod.Output.POINT_ESTIMATE)
                .optSupport(p -> {
                    if (p.latentPrior().isEmpty()) {
                        throw new IllegalArgumentException("latent-map needs a problem whose unknown is a thresholded "
                                + "latent Gaussian field (darcy-inverse); " + p.name() + " has no such prior");
                    }
                })
                .setSettings(
                        (o, p) -> LatentMapInversion.Settings.DEFAULTS.withIterations(
                                o.stepsOr(LatentMapInversion.Settings.DEFAULTS.iterations())),
                        LatentMapInversion.Settings::iterations,
                        s -> Map.of("epsilonRelative", s.epsilon()))
                .setRunner((s, r) -> {
                    LatentTwoPhasePrior latent = r.definition()
                            .latentPrior()
                            .orElseThrow(() -> new IllegalArgumentException(
                                    r.definition().name() + " has no latent two-phase prior"));
                    return new LatentMapInversion(s).invert(r.problem(), latent, r.callback());
                })
                .build());
    }

    private Methods() {}

    /**
     * A tuned default: the table's entry for "problem/prior source", else for the problem, else {@code fallback}.
     */
    private static <T> T tuned(Map<String, T> table, ProblemDefinition p, MethodOptions o, T fallback) {
        T v = table.get(p.name() + "/" + o.priorSourceOrTrained().key());
        if (v == null) {
            v = table.get(p.name());
        }
        return v == null ? fallback : v;
    }

    /** DiffPIR's settings {@code d} with the options that are set replacing its values. */
    private static DiffPir.Settings configure(DiffPir.Settings d, MethodOptions o) {
        return d.withLevels(o.stepsOr(d.levels()))
                .withInnerIterations(o.innerOr(d.innerIterations()))
                .withSigmaMin(MethodOptions.or(o.sigmaMin(), d.sigmaMin()))
                .withTau(o.tau() != null ? o.tau() : d.tau())
                .withDiscrepancy(MethodOptions.or(o.discrepancy(), d.discrepancy()));
    }

    /** DiffPIR's settings added to a method's description map, which is returned. */
    private static Map<String, Object> describe(DiffPir.Settings s, Map<String, Object> m) {
        m.put("innerIterations", s.innerIterations());
        m.put("lbfgsMemory", s.memory());
        m.put("startLevel", s.startLevel());
        m.put("sigmaMin", s.sigmaMin());
        m.put("renoise", s.renoise());
        m.put("tau", s.tau() == null ? "readings' sigma" : s.tau());
        m.put("discrepancy", s.discrepancy());
        return m;
    }

    /** Refuses, before any work, a problem whose forward model has no gradient. */
    private static void requireGradient(String method, ProblemDefinition problem) {
        if (!problem.differentiable()) {
            throw new IllegalArgumentException(
                    method + " follows the gradient of the forward model, but " + problem.name()
                            + "'s has none (a black-box solver); use a derivative-free method: eki, or enkg with a "
                            + "diffusion prior");
        }
    }

    private static PhysicsResidual requireResidual(MethodEntry.Run r) {
        return r.definition()
                .residual(r.problem().unknowns())
                .orElseThrow(() -> new IllegalArgumentException(
                        "the PDE-residual term needs the joint Darcy unknowns (a, u); this problem has "
                                + r.problem().unknowns().names()
                                + " (a prior over a alone); give a joint (a, u) prior, e.g. --prior "
                                + "models/darcy64-edm-uno"));
    }

    /**
     * Adds a method.
     *
     * @throws IllegalArgumentException when its name is taken by another method
     */
    public static synchronized void register(InverseMethod method) {
        InverseMethod previous = ENTRIES.putIfAbsent(method.name(), method);
        if (previous != null && previous != method) {
            throw new IllegalArgumentException("method '" + method.name() + "' is already registered");
        }
    }

    /**
     * The method of a name.
     *
     * @throws IllegalArgumentException naming the known methods when the name is unknown
     */
    public static synchronized InverseMethod get(String name) {
        InverseMethod m = name == null ? null : ENTRIES.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + name + "'; the methods are " + names());
        }
        return m;
    }

    /** Every registered method, in registration order. */
    public static synchronized List<InverseMethod> all() {
        return new ArrayList<>(ENTRIES.values());
    }

    /** The registered names, in registration order. */
    public static synchronized List<String> names() {
        return new ArrayList<>(ENTRIES.keySet());
    }

    /**
     * Tikhonov's L-BFGS: its iteration limit, and every pair up to {@link #PRIOR_MEMORY} for the MAP, the default
     * memory for the penalties.
     */
    private static Lbfgs lbfgs(TikhonovSettings s) {
        Lbfgs l = Lbfgs.defaults().withMaxIterations(s.iterations());
        return s.regulariser() == Regulariser.Kind.PRIOR ? l.withMemory(Math.min(s.iterations(), PRIOR_MEMORY)) : l;
    }
}
