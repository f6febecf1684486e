package org.pdeflow.inverse.problems;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.classical.VorticityQuasiInverse;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.NavierStokesAdjointModel;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.prior.SpectrumTable;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.pdeflow.pde.ns.VorticityAdjoint;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * {@code ns-inverse}: InverseBench's Navier-Stokes task at any resolution, recover ω(0) from ω(T = 1)
 * read every {@code stride}-th node. Kolmogorov forcing -4 cos 4y on [0, 2π)^2, Re = 200, fixed step
 * 0.002 (InverseBench's non-adaptive setting), with its exact discrete adjoint: in Java on a CPU
 * ({@link NavierStokesAdjointModel}), through DJL autograd on a GPU ({@link NavierStokesForwardModel});
 * InverseBench's circular dealiasing mask unless a dataset was made with the per-axis 2/3 rule
 * ({@link #forDataset}). One formulation: the unknown {@code omega0} in physical units (InverseBench's prior
 * space is ω / 10).
 *
 * <p>Synthetic case: a periodic Gaussian field (alpha 2.5, tau 3) scaled to RMS 5, evolved 5 time
 * units by the pde reference solver (like InverseBench's data), readings of the problem's own forward
 * solve plus noise.
 */
public final class NavierStokesInverse implements ProblemDefinition {

    /** The time of the observed vorticity, T. */
    private static final double OBSERVATION_TIME = 1.0;

    /** InverseBench's fixed time step. */
    private static final double STEP = 0.002;

    /**
     * The most memory a recording solve of the Java engine may keep, 256 MiB: 64² at 500 steps needs 128 MiB, 128²
     * 512 MiB, where the DJL engine is also the faster one on two cores.
     */
    public static final long JAVA_ADJOINT_MAX_BYTES = 256L << 20;

    /** The shipped climatological spectrum of omega0 and its grid size. */
    private static final String CLIMATOLOGY = "ns-inverse-omega0-spectrum-64.csv";

    private static final int CLIMATOLOGY_RESOLUTION = 64;

    private static PeriodicGaussianField climatology;

    private final Dealiasing dealiasing;

    /** With InverseBench's circular dealiasing mask. */
    public NavierStokesInverse() {
        this(Dealiasing.CIRCULAR);
    }

    private NavierStokesInverse(Dealiasing dealiasing) {
        this.dealiasing = dealiasing;
    }

    @Override
    public String name() {
        return "ns-inverse";
    }

    @Override
    public String summary() {
        return "readings of omega(T=1), find omega0";
    }

    @Override
    public int defaultResolution() {
        return defaultSettings().resolution();
    }

    @Override
    public Grid2D grid(int s) {
        DarcyProblem.requireResolution(s);
        return Grid2D.periodic(s, 2 * Math.PI);
    }

    @Override
    public String observedField() {
        return "omega";
    }

    @Override
    public String targetField() {
        return NavierStokesModel.FIELD;
    }

    @Override
    public Formulation formulation(boolean diffusionMethod, List<String> trainedChannels) {
        return Formulation.UNKNOWN;
    }

    @Override
    public InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth) {
        if (formulation != Formulation.UNKNOWN) {
            throw new IllegalArgumentException(name() + " has no " + formulation + " formulation");
        }
        NavierStokesModel model = forwardModel(grid, operator);
        return new InverseProblem(name(), model, observations, Truths.pack(model.unknowns(), truth));
    }

    /**
     * The Gaussian prior of the classical methods (4D-Var, EKI). At 64 x 64 it is the <b>climatological</b>
     * one: a centred stationary Gaussian whose spectrum E |c_k|^2 per (|k1|, |k2|) was measured from 2 048
     * omega0 fields of this task ({@code generate ns --variant inversebench --samples 2048 --resolution 64
     * --seed 3}, a seed no test set uses), shipped as {@code ns-inverse-omega0-spectrum-64.csv} beside this
     * class with the command that made it (operational 4D-Var's background covariance estimated from an
     * archive of states). Unlike the Matérn GRF (alpha 2.5, tau 3) it carries the evolved flow's forcing-scale
     * anisotropy (|k| = (0, 4) holds 6 times the variance of (4, 0)) and its shallow small-scale spectrum: the
     * truths' penalty 1/2 |xi|^2 is near half the number of modes, where the GRF puts it at 2 to 5 times that.
     * At other resolutions no climatology is shipped, and it is the GRF of {@link ProblemDefinition#classicalPrior}.
     */
    @Override
    public GaussianPrior classicalPrior(Unknowns unknowns) {
        if (unknowns.count() == 1) {
            Grid2D g = unknowns.fields().get(0).grid();
            if (g.nx() == CLIMATOLOGY_RESOLUTION
                    && g.ny() == CLIMATOLOGY_RESOLUTION
                    && g.layout() == Layout.PERIODIC
                    && Math.abs(g.lx() - 2 * Math.PI) < 1e-12
                    && Math.abs(g.ly() - 2 * Math.PI) < 1e-12) {
                return GaussianPrior.centred(unknowns.names().get(0), climatology());
            }
        }
        return grfPrior(unknowns);
    }

    /**
     * The Matérn GRF prior of omega0 (alpha 2.5, tau 3, pointwise standard deviation 5, mean removed): the
     * classical prior at resolutions without a climatology, and at 64 x 64 before it (for comparisons).
     */
    public static GaussianPrior grfPrior(Unknowns unknowns) {
        return FieldPriors.classical(unknowns);
    }

    private static synchronized PeriodicGaussianField climatology() {
        if (climatology == null) {
            try (InputStream in = NavierStokesInverse.class.getResourceAsStream(CLIMATOLOGY)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + CLIMATOLOGY);
                }
                climatology = SpectrumTable.read(in, CLIMATOLOGY, Grid2D.periodic(CLIMATOLOGY_RESOLUTION, 2 * Math.PI));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return climatology;
    }

    /**
     * omega0 to omega(T = 1) read by {@code operator}, fixed step 0.002. Both engines step the same scheme and
     * agree to float32 rounding; which one runs is a matter of speed and memory. On a CPU, while a recording solve's
     * trajectory fits in {@link #JAVA_ADJOINT_MAX_BYTES} (up to 64² at 500 steps), the pure-Java discrete adjoint
     * ({@link NavierStokesAdjointModel}, double, one thread per gradient: 0.22 s per forward + gradient at 64²
     * against 0.52 s through DJL's autograd); beyond it, and on a GPU, the batched DJL solver
     * ({@link NavierStokesForwardModel}, float32, batches of 64), whose autograd graph uses the engine's threads
     * (at 128² on 2 cores 1.0 s against the Java engine's 1.2 s; {@code pdeflow bench}).
     */
    private NavierStokesModel forwardModel(Grid2D grid, ObservationOperator operator) {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(grid.nx(), dealiasing);
        boolean small = VorticityAdjoint.trajectoryBytes(
                        equation.grid(), ImexCrankNicolsonHeun.fixedStepCount(OBSERVATION_TIME, STEP))
                <= JAVA_ADJOINT_MAX_BYTES;
        if (Engines.device().isGpu() || !small) {
            return new NavierStokesForwardModel(equation, OBSERVATION_TIME, STEP, operator, 1.0, 64);
        }
        return new NavierStokesAdjointModel(
                equation, OBSERVATION_TIME, STEP, operator, 1.0, BatchExecutor.perProcessor());
    }

    /**
     * The quasi-inverse {@code -Phi_T(-omega(T))} of readings on every k-th node (k dividing the grid into at
     * least 2 x 2 readings), interpolated trigonometrically to the grid ({@link VorticityQuasiInverse}): one
     * solve. The readings taken as omega0 are further from it than the zero field; the quasi-inverse is
     * 0.6 away on field 0 of the 64^2 NS test set (seed 11, every 2nd node, sigma 0.05), and 4D-Var started
     * from it reached a relative L2 of 0.434 +- 0.062 on fields 10-19 against 0.739 +- 0.078 from the prior's
     * mean, lower on all ten, with the GRF prior (0.250 +- 0.047 with the climatology and every L-BFGS pair kept;
     * docs/results/ns64-4dvar). Empty for readings at random places or on a forward
     * model that is not this problem's.
     */
    @Override
    public Optional<double[]> firstGuess(InverseProblem problem) {
        if (!(problem.forward().unwrap() instanceof NavierStokesModel model)
                || !(model.observation() instanceof GridSubsampling grid)
                || !VorticityQuasiInverse.interpolates(grid)) {
            return Optional.empty();
        }
        double[] omega0 = new VorticityQuasiInverse(model.equation(), model.endTime(), model.maxStep())
                .estimate(grid, problem.observations().values());
        // the model's unknown x is omega0 / scale
        for (int i = 0; i < omega0.length; i++) {
            omega0[i] /= model.scale();
        }
        return Optional.of(omega0);
    }

    /** Its readings are of omega at T = 1. */
    @Override
    public OptionalDouble observationTime() {
        return OptionalDouble.of(OBSERVATION_TIME);
    }

    /** pdeflow's Navier-Stokes datasets store omega0 as their input field {@code a}. */
    @Override
    public Map<String, String> datasetFields() {
        return Map.of(NavierStokesModel.FIELD, "a");
    }

    @Override
    public Optional<String> shippedPrior() {
        return Optional.of("ns64-edm-unet");
    }

    /**
     * The MAP under the classical Gaussian prior of omega0 ({@link Regulariser.Kind#PRIOR}): 4D-Var with the
     * prior's precision as penalty, stopped by the discrepancy principle. A gradient penalty with a
     * weight that ignores the readings' sigma fits the aliased readings ever closer the longer L-BFGS runs.
     */
    @Override
    public Regulariser.Kind defaultRegulariser() {
        return Regulariser.Kind.PRIOR;
    }

    @Override
    public List<ReportedMetric> metrics() {
        return List.of(ReportedMetric.relativeL2(targetField()));
    }

    /**
     * Clean readings from the problem's own forward model (fixed step 0.002), not from a dataset's
     * omega(T) (CFL-adaptive steps, about 1 % away), plus noise {@code plan.noise()} (sigma 1 when 0);
     * on every {@code plan.stride()}-th node, or at {@code plan.count()} random places.
     */
    @Override
    public Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng) {
        ObservationOperator op;
        if (plan.count() != null) {
            int count = plan.count();
            double[] px = new double[count];
            double[] py = new double[count];
            for (int k = 0; k < count; k++) {
                px[k] = grid.lx() * rng.nextDouble();
                py[k] = grid.ly() * rng.nextDouble();
            }
            op = PointSampling.of(grid, px, py);
        } else {
            op = new GridSubsampling(grid, plan.stride());
        }
        double[] clean;
        try (NavierStokesModel m = forwardModel(grid, op)) {
            clean = m.apply(truth.get(targetField()));
        }
        double noise = plan.noise();
        return new Readings(op, Observations.synthetic(clean, noise, noise > 0 ? noise : 1.0, rng));
    }

    @Override
    public Map<String, Object> readingSettings(ReadingPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stride", plan.stride());
        m.put("noise", plan.noise());
        return m;
    }

    /** Refuses data other than InverseBench's Kolmogorov flow and follows its dealiasing rule. */
    @Override
    public ProblemDefinition forDataset(Map<String, Object> attributes) {
        Object variant = attributes.get("variant");
        if (!"inversebench".equals(variant)) {
            throw new IllegalArgumentException("ns-inverse needs the InverseBench Kolmogorov-flow data (attribute "
                    + "variant = inversebench), got variant " + variant);
        }
        Object rule = attributes.get("dealiasing");
        return new NavierStokesInverse(
                rule != null && rule.toString().startsWith("per-axis")
                        ? Dealiasing.BOX_TWO_THIRDS
                        : Dealiasing.CIRCULAR);
    }

    @Override
    public ProblemSettings defaultSettings() {
        return new ProblemSettings(64, 0.0, 1.0, 1, 2, 0);
    }

    @Override
    public InverseProblem synthetic(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(s.resolution(), dealiasing);
        Grid2D grid = equation.grid();
        double[] start = new PeriodicGaussianField(grid, new GrfSpec(2.5, 3.0, 1.0, true)).sample(rng);
        double rms = Math.sqrt(Arrays.stream(start).map(v -> v * v).sum() / start.length);
        for (int i = 0; i < start.length; i++) {
            start[i] *= 5.0 / rms;
        }
        double[] truth = ImexCrankNicolsonHeun.adaptive(ImexCrankNicolsonHeun.DEFAULT_COURANT, 0.01)
                .integrate(equation, start, new double[] {5.0}, ProgressListener.NONE)[0];
        NavierStokesModel model = forwardModel(grid, new GridSubsampling(grid, s.stride()));
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem(name(), model, data, truth);
    }
}
