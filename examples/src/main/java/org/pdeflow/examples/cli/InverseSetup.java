package org.pdeflow.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.classical.TikhonovInversion;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.Daps;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.DiffusionPde;
import org.pdeflow.inverse.guided.Dps;
import org.pdeflow.inverse.guided.Enkg;
import org.pdeflow.inverse.guided.FunDps;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.guided.PhysicsResidual;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grf.GaussianRandomField;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.NavierStokesPreset;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What {@code pdeflow solve} and {@code pdeflow benchmark inverse} share: the problems' grids and
 * observed fields, the formulation of each problem for each kind of method, the priors, and the
 * methods with their settings.
 *
 * <p>Formulations: {@code darcy-inverse} is solved for log a through the Java Darcy solver (adjoint
 * gradient) by the classical methods and with a Gaussian prior, and in the joint (a, u) space of a
 * trained joint prior by the diffusion methods (readings of u, FunDPS' inverse task, no solver);
 * {@code darcy-forward} (readings of a) is joint for the diffusion methods and a single field a for
 * the classical ones, whose u is the reference solver's answer for their a; {@code ns-inverse} recovers omega0 through
 * the differentiable DJL Navier-Stokes solver (Kolmogorov flow, T = 1).
 */
final class InverseSetup {

    static final List<String> PROBLEMS = List.of("darcy-inverse", "darcy-forward", "ns-inverse");
    static final List<String> METHODS = List.of("dps", "daps", "enkg", "fundps", "diffusionpde", "eki", "tikhonov");
    static final List<String> PRIOR_METHODS = List.of("dps", "daps", "enkg", "fundps", "diffusionpde");

    private InverseSetup() {
    }

    /** Method settings, each with a documented default. */
    static final class MethodOptions {
        @Option(names = "--steps", paramLabel = "N", description = "Sampler steps / annealing levels / iterations "
                + "(default per method: dps, fundps, diffusionpde 100; daps, enkg, eki 50; tikhonov 100).")
        Integer steps;

        @Option(names = "--zeta", paramLabel = "ZETA", defaultValue = "0.5",
                description = "DPS step on the whitened residual norm (default: ${DEFAULT-VALUE}).")
        double zeta;

        @Option(names = "--eta", paramLabel = "ETA", defaultValue = "1.0",
                description = "EnKG / EKI step size (default: ${DEFAULT-VALUE}).")
        double eta;

        @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-4",
                description = "DAPS Langevin step size (default: ${DEFAULT-VALUE}).")
        double lr;

        @Option(names = "--tau", paramLabel = "TAU",
                description = "DAPS likelihood scale tau on the raw residual (default: the readings' sigma).")
        Double tau;

        @Option(names = "--weight", paramLabel = "W",
                description = {"Observation weight: FunDPS on its mean squared standardised residual (default 300),",
                    "DiffusionPDE on the relative residual norm (default 30); tuned with the shipped Darcy prior."})
        Double weight;

        @Option(names = "--pde-weight", paramLabel = "W", defaultValue = "5.0",
                description = "DiffusionPDE (and optional FunDPS) PDE-residual weight (default: ${DEFAULT-VALUE}; "
                        + "FunDPS uses it only when --fundps-residual is given).")
        double pdeWeight;

        @Option(names = "--lambda", paramLabel = "LAMBDA", defaultValue = "1e-2",
                description = "Tikhonov weight of the gradient penalty |grad (x - x_ref)|^2 (default: ${DEFAULT-VALUE}).")
        double lambda;

        @Option(names = "--regulariser", paramLabel = "gradient|laplacian",
                description = {"Tikhonov penalty |grad (x - x_ref)|^2 or |lap (x - x_ref)|^2 (default: laplacian for darcy-forward,",
                    "whose point readings of a field a gradient penalty cannot hold in 2-D, else gradient)."})
        String regulariser;

        @Option(names = "--fundps-residual", description = "Add the PDE residual term to FunDPS (Darcy joint problems).")
        boolean fundpsResidual;

        /**
         * The settings as the command line sets them when no option is given, with the given number of
         * steps.
         *
         * @param steps steps for every method, or null for each method's default
         */
        static MethodOptions defaults(Integer steps) {
            MethodOptions o = new MethodOptions();
            new CommandLine(o).parseArgs();
            o.steps = steps;
            return o;
        }

        /** A copy with the step count fixed (for sweeps). */
        MethodOptions withSteps(int n) {
            MethodOptions o = new MethodOptions();
            o.steps = n;
            o.zeta = zeta;
            o.eta = eta;
            o.lr = lr;
            o.tau = tau;
            o.weight = weight;
            o.pdeWeight = pdeWeight;
            o.lambda = lambda;
            o.fundpsResidual = fundpsResidual;
            o.regulariser = regulariser;
            return o;
        }

        int steps(String method) {
            if (steps != null) {
                if (steps < 1) {
                    throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
                }
                return steps;
            }
            return switch (method) {
                case "daps", "enkg", "eki" -> 50;
                default -> 100;
            };
        }

        /** The observation weight of FunDPS or DiffusionPDE: the option, else the method's default. */
        double weight(String method) {
            if (weight != null) {
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    throw new IllegalArgumentException("--weight must be finite and non-negative, got " + weight);
                }
                return weight;
            }
            return method.equals("fundps") ? 300.0 : 30.0;
        }

        /** The Tikhonov penalty of a problem: the option, else the problem's default. */
        String regulariser(String problem) {
            if (regulariser == null) {
                return problem.equals("darcy-forward") ? "laplacian" : "gradient";
            }
            if (!regulariser.equals("gradient") && !regulariser.equals("laplacian")) {
                throw new IllegalArgumentException("--regulariser must be gradient or laplacian, got '" + regulariser + "'");
            }
            return regulariser;
        }

        /** The settings as reported. */
        Map<String, Object> describe(String method) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("steps", steps(method));
            switch (method) {
                case "dps" -> m.put("zeta", zeta);
                case "daps" -> {
                    m.put("lr", lr);
                    m.put("tau", tau == null ? "readings' sigma" : tau);
                    m.put("odeSteps", 5);
                    m.put("langevinSteps", 20);
                }
                case "enkg", "eki" -> m.put("eta", eta);
                case "tikhonov" -> {
                    m.put("lambda", lambda);
                    m.put("regulariser", regulariser == null ? "laplacian for darcy-forward, else gradient" : regulariser);
                }
                case "fundps" -> {
                    m.put("weight", weight("fundps"));
                    m.put("pdeWeight", fundpsResidual ? pdeWeight : 0.0);
                }
                case "diffusionpde" -> {
                    m.put("weight", weight("diffusionpde"));
                    m.put("pdeWeight", pdeWeight);
                    m.put("switchFraction", 0.5);
                }
                default -> {
                }
            }
            return m;
        }
    }

    static void requireProblem(String problem) {
        if (!PROBLEMS.contains(problem)) {
            throw new IllegalArgumentException("unknown or unsupported problem '" + problem + "'; solve supports " + PROBLEMS
                    + " (wave-inverse readings are seismograms per shot, which the measurement format cannot express)");
        }
    }

    static void requireMethod(String method) {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown method '" + method + "'; the methods are " + METHODS);
        }
    }

    /** Refuses combinations that cannot run. */
    static void requireSupported(String problem, String method) {
        if (method.equals("diffusionpde") && problem.equals("ns-inverse")) {
            throw new IllegalArgumentException("diffusionpde needs the joint Darcy prior (a, u); ns-inverse has no residual term");
        }
    }

    /** The grid of a problem at s points per axis. */
    static Grid2D grid(String problem, int s) {
        if (s < 4) {
            throw new IllegalArgumentException("resolution must be at least 4, got " + s);
        }
        return problem.equals("ns-inverse") ? Grid2D.periodic(s, 2 * Math.PI) : Grid2D.nodes(s, 1.0);
    }

    /** The field that readings are of. */
    static String observedField(String problem) {
        return switch (problem) {
            case "darcy-inverse" -> "u";
            case "darcy-forward" -> "a";
            case "ns-inverse" -> "omega";
            default -> throw new IllegalStateException(problem);
        };
    }

    /** The field the problem is about (what a plain 2-D truth file holds). */
    static String targetField(String problem) {
        return switch (problem) {
            case "darcy-inverse" -> "a";
            case "darcy-forward" -> "u";
            case "ns-inverse" -> NavierStokesForwardModel.FIELD;
            default -> throw new IllegalStateException(problem);
        };
    }

    /** Whether the problem is posed in the joint (a, u) space for this method and prior. */
    static boolean joint(String problem, String method, boolean trainedPrior) {
        return problem.startsWith("darcy") && PRIOR_METHODS.contains(method) && (trainedPrior || problem.equals("darcy-forward"));
    }

    /**
     * The inverse problem.
     *
     * @param truth true fields by name (a, u, omega0), or empty
     */
    static InverseProblem formulate(String problem, Grid2D grid, ObservationOperator op, Observations obs, boolean joint,
                                    Map<String, double[]> truth) {
        return formulate(problem, grid, op, obs, joint, truth, Dealiasing.CIRCULAR);
    }

    /**
     * The inverse problem, with the dealiasing rule of the Navier-Stokes solver (InverseBench's
     * circular mask by default; a dataset made with the per-axis rule is matched with that).
     */
    static InverseProblem formulate(String problem, Grid2D grid, ObservationOperator op, Observations obs, boolean joint,
                                    Map<String, double[]> truth, Dealiasing dealiasing) {
        ForwardModel model;
        if (joint) {
            Unknowns u = Unknowns.of(new FieldSpec("a", grid), new FieldSpec("u", grid));
            model = new ObservedFieldModel(u, observedField(problem), op);
        } else if (problem.equals("darcy-inverse")) {
            model = new DarcyForwardModel(op, CoefficientParameterisation.LOG);
        } else if (problem.equals("darcy-forward")) {
            // The classical methods reconstruct a from its readings; u then comes from the solver.
            model = new ObservedFieldModel(Unknowns.of(new FieldSpec("a", grid)), "a", op);
        } else if (problem.equals("ns-inverse")) {
            model = new NavierStokesForwardModel(NavierStokesPreset.KOLMOGOROV.equation(grid.nx(), dealiasing), 1.0,
                    0.002, op, 1.0, 64);
        } else {
            throw new IllegalArgumentException(problem + " has no single-field formulation; use a diffusion method with a joint prior");
        }
        return new InverseProblem(problem, model, obs, packTruth(model.unknowns(), truth));
    }

    private static double[] packTruth(Unknowns unknowns, Map<String, double[]> truth) {
        double[][] parts = new double[unknowns.count()][];
        for (int k = 0; k < parts.length; k++) {
            String name = unknowns.fields().get(k).name();
            if (name.equals("log_a") && truth.containsKey("a")) {
                double[] a = truth.get("a");
                parts[k] = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    parts[k][i] = Math.log(a[i]);
                }
            } else if (truth.containsKey(name)) {
                parts[k] = truth.get(name);
            } else {
                return null;
            }
        }
        return unknowns.pack(parts);
    }

    /**
     * A stationary Gaussian diffusion prior on the unknowns (the baseline when no trained prior is
     * used): per field a smooth periodic GRF (alpha 2, tau 3) with a mean and pointwise standard
     * deviation typical of the problem's data.
     */
    static DiffusionFieldPrior gaussianPrior(Unknowns unknowns) {
        int c = unknowns.count();
        double[] shift = new double[c];
        double[] scale = new double[c];
        for (int k = 0; k < c; k++) {
            switch (unknowns.fields().get(k).name()) {
                case "log_a" -> {
                    shift[k] = Math.log(6.0);
                    scale[k] = 0.7;
                }
                case "a" -> {
                    shift[k] = 7.5;
                    scale[k] = 4.5;
                }
                case "u" -> {
                    shift[k] = 0.02;
                    scale[k] = 0.015;
                }
                case "omega0" -> {
                    shift[k] = 0.0;
                    scale[k] = 5.0;
                }
                default -> throw new IllegalArgumentException("no Gaussian prior for field '" + unknowns.fields().get(k).name() + "'");
            }
        }
        return GaussianFieldPrior.stationary(unknowns, new GrfSpec(2.0, 3.0, 1.0, false),
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, shift, scale), null);
    }

    /** The Gaussian measure of EKI and Tikhonov on a single unknown field. */
    static GaussianPrior classicalPrior(Unknowns unknowns) {
        if (unknowns.count() != 1) {
            throw new IllegalArgumentException("eki and tikhonov need a single unknown field, but this problem has "
                    + unknowns.names() + "; use a diffusion method");
        }
        FieldSpec f = unknowns.fields().get(0);
        return switch (f.name()) {
            case "log_a" -> GaussianPrior.constantMean("log_a", Math.log(6.0), new NeumannGaussianField(f.grid(),
                    new GrfSpec(2.0, 3.0, 4.0, false)));
            case "a" -> {
                // Mean and pointwise spread of the {3, 12} phases (7.5 +- 4.5), the FNO field's smoothness.
                GrfSpec spec = new GrfSpec(2.0, 3.0, 1.0, false);
                double std = pointwiseStd(new NeumannGaussianField(f.grid(), spec));
                yield GaussianPrior.constantMean("a", 7.5, new NeumannGaussianField(f.grid(), spec.withSigma(4.5 / std)));
            }
            case "omega0" -> {
                GrfSpec spec = new GrfSpec(2.5, 3.0, 1.0, true);
                double std = pointwiseStd(new PeriodicGaussianField(f.grid(), spec));
                yield GaussianPrior.centred("omega0", new PeriodicGaussianField(f.grid(), spec.withSigma(5.0 / std)));
            }
            default -> throw new IllegalArgumentException("no classical prior for field '" + f.name() + "'");
        };
    }

    private static double pointwiseStd(GaussianRandomField field) {
        SplittableRandom rng = new SplittableRandom(12345);
        double[] x = new double[field.grid().size()];
        double sum = 0;
        int draws = 32;
        for (int d = 0; d < draws; d++) {
            field.sample(rng, x);
            for (double v : x) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum / ((double) draws * x.length));
    }

    /** The physics term of a joint Darcy prior, or null when the unknowns are not (a, u). */
    static PhysicsResidual residual(Unknowns unknowns) {
        return unknowns.names().equals(List.of("a", "u")) ? PhysicsResidual.darcy(unknowns, 1.0) : null;
    }

    /** Runs a method. */
    static Reconstruction run(String method, MethodOptions o, InverseProblem problem, DiffusionFieldPrior prior, int samples,
                              long seed, StepCallback callback) {
        SplittableRandom rng = new SplittableRandom(seed);
        int steps = o.steps(method);
        Observations obs = problem.observations();
        return switch (method) {
            case "dps" -> new Dps(steps, o.zeta, true).sample(problem, prior, samples, rng, callback);
            case "daps" -> new Daps(steps, 5, 20, o.lr, 0.1, o.tau == null ? Double.NaN : o.tau, 80.0, 0.05)
                    .sample(problem, prior, samples, rng, callback);
            case "enkg" -> new Enkg(steps, o.eta, 2, 8, 1, 0).sample(problem, prior, samples, rng, callback);
            case "fundps" -> new FunDps(steps, o.weight(method), o.fundpsResidual ? o.pdeWeight : 0.0,
                    o.fundpsResidual ? requireResidual(problem) : null).sample(problem, prior, samples, rng, callback);
            case "diffusionpde" -> new DiffusionPde(steps, o.weight(method), o.pdeWeight, 0.5, requireResidual(problem))
                    .sample(problem, prior, samples, rng, callback);
            case "eki" -> {
                if (samples < 2) {
                    throw new IllegalArgumentException("eki needs --samples >= 2 (the ensemble size)");
                }
                yield EnsembleKalmanInversion.inverseBench(steps, o.eta).sample(problem, classicalPrior(problem.unknowns()), obs,
                        samples, rng, callback);
            }
            case "tikhonov" -> {
                GaussianPrior p = classicalPrior(problem.unknowns());
                Regulariser penalty = o.regulariser(problem.name()).equals("laplacian") ? Regulariser.laplacian(problem.unknowns())
                        : Regulariser.gradient(problem.unknowns());
                yield new TikhonovInversion(o.lambda, penalty, p.mean(),
                        Lbfgs.defaults().withMaxIterations(steps)).invert(problem, obs, p.mean(), callback);
            }
            default -> throw new IllegalArgumentException("unknown method '" + method + "'");
        };
    }

    private static PhysicsResidual requireResidual(InverseProblem problem) {
        PhysicsResidual r = residual(problem.unknowns());
        if (r == null) {
            throw new IllegalArgumentException("the PDE-residual term needs the joint Darcy unknowns (a, u); this problem has "
                    + problem.unknowns().names());
        }
        return r;
    }

    /**
     * The shipped prior folder of a problem (used when --prior is not given): {@code models/<name>}
     * under the working directory, else under the checkout the program runs from (the jar sits in
     * {@code examples/target/}).
     */
    static Path defaultPrior(String problem) {
        Path rel = Path.of("models", problem.startsWith("darcy") ? "darcy64-edm-uno" : "ns64-edm-uno");
        if (Files.isDirectory(rel)) {
            return rel;
        }
        try {
            Path jar = Path.of(InverseSetup.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = jar.getParent() == null || jar.getParent().getParent() == null ? null : jar.getParent().getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve(rel))) {
                return root.resolve(rel);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // No code-source location: only the working directory is searched.
        }
        return rel;
    }

    /**
     * The prior a method runs with: null for the classical methods, else {@code given} or, when that
     * is null, the problem's shipped model ({@link #defaultPrior}).
     *
     * @throws IllegalArgumentException when a diffusion method has no prior to use
     */
    static String priorFor(String problem, String method, String given) {
        if (!PRIOR_METHODS.contains(method)) {
            return null;
        }
        if (given != null) {
            return given;
        }
        Path shipped = defaultPrior(problem);
        if (!exists(shipped)) {
            throw new IllegalArgumentException(method + " needs a diffusion prior and no shipped model exists at " + shipped
                    + "; give --prior DIR or --prior gaussian");
        }
        return shipped.toString();
    }

    /** Whether a --prior value names a folder (a trained prior) rather than the Gaussian baseline. */
    static boolean isTrained(String prior) {
        return prior != null && !prior.equals("gaussian");
    }

    static boolean exists(Path p) {
        return Files.isDirectory(p);
    }
}
