package org.pdeflow.inverse.problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.NavierStokesForwardModel;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * The shipped synthetic inverse problems, by name. Each builds its forward model from the pde
 * solvers, draws a truth from the problem's data distribution and makes noisy data, reproducibly from
 * {@link ProblemSettings#seed()}. Real data replace the synthetic ones with
 * {@link InverseProblem#withObservations} (e.g. {@code Observations.of(measurements)} with a
 * {@link PointSampling} built from the same file).
 *
 * <ul>
 *   <li>{@code darcy-inverse}: recover log a from u at scattered points. {@code -div(a grad u) = 1}
 *       on [0, 1]^2, u = 0 on the boundary, resolution^2 nodes; truth a = the FNO {12, 3}
 *       thresholded field ({@link DarcyCoefficient}); {@code points} readings of u at random
 *       interior places (bilinear); unknown {@code log_a}; gradient by the adjoint state.</li>
 *   <li>{@code darcy-forward}: DiffusionPDE's "forward" set-up in the joint space: unknowns a and u
 *       (two fields), {@code points} readings of a; meant for joint priors with the Darcy residual as
 *       physics guidance ({@link org.pdeflow.inverse.residual.PdeResiduals#darcy}); the truth
 *       (a, u) satisfies the discrete equations exactly.</li>
 *   <li>{@code ns-inverse}: InverseBench's Navier-Stokes task at any resolution: recover ω(0) from
 *       ω(T = 1) observed every {@code stride}-th node, Kolmogorov forcing -4 cos 4y on [0, 2π)^2,
 *       Re = 200, InverseBench's circular dealiasing mask, fixed step 0.002 (InverseBench's
 *       non-adaptive setting), float32 DJL solver with autograd gradient. Truth: a periodic Gaussian
 *       field (alpha 2.5, tau 3), scaled to RMS 5, evolved 5 time units by the pde reference
 *       solver, like InverseBench's data (GRF then 5 time units). Unknown {@code omega0} in physical
 *       units (InverseBench's prior space is ω / 10).</li>
 *   <li>{@code wave-inverse}: a small full-waveform inversion: wave speed c on resolution^2 nodes
 *       at 10 m spacing, truth 2000 m/s plus a smooth anomaly of up to about +-300 m/s, 3 shots (15 Hz
 *       Ricker) near the top edge, receivers on every {@code stride}-th node of the top row, a
 *       20-cell absorbing layer; black box without gradient.</li>
 * </ul>
 * Forward models that hold native resources ({@code ns-inverse}) implement {@link AutoCloseable}.
 */
public final class ProblemCatalog {

    private static final List<String> NAMES = List.of("darcy-inverse", "darcy-forward", "ns-inverse", "wave-inverse");

    private ProblemCatalog() {
    }

    /** The names of the shipped problems. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The default settings of a problem.
     *
     * @throws IllegalArgumentException naming the known problems when the name is unknown
     */
    public static ProblemSettings defaults(String name) {
        return switch (require(name)) {
            case "darcy-inverse" -> new ProblemSettings(32, 1e-4, 1e-4, 100, 1, 0);
            case "darcy-forward" -> new ProblemSettings(32, 0.0, 0.1, 100, 1, 0);
            case "ns-inverse" -> new ProblemSettings(64, 0.0, 1.0, 1, 2, 0);
            case "wave-inverse" -> new ProblemSettings(32, 1e-3, 1e-3, 1, 2, 0);
            default -> throw new IllegalStateException(name);
        };
    }

    /** The problem with its default settings. */
    public static InverseProblem create(String name) {
        return create(name, defaults(name));
    }

    /**
     * Builds a problem.
     *
     * @param name one of {@link #names()}
     * @param settings resolution, noise, observation layout and seed
     * @return the problem with its truth and synthetic data
     */
    public static InverseProblem create(String name, ProblemSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are required");
        }
        return switch (require(name)) {
            case "darcy-inverse" -> darcyInverse(settings);
            case "darcy-forward" -> darcyForward(settings);
            case "ns-inverse" -> navierStokes(settings);
            case "wave-inverse" -> wave(settings);
            default -> throw new IllegalStateException(name);
        };
    }

    private static String require(String name) {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown problem '" + name + "'; the shipped problems are " + NAMES);
        }
        return name;
    }

    private static InverseProblem darcyInverse(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        Grid2D grid = Grid2D.nodes(s.resolution(), 1.0);
        double[] a = new DarcyCoefficient(s.resolution()).sample(rng);
        PointSampling points = interiorPoints(grid, s.points(), rng);
        DarcyForwardModel model = new DarcyForwardModel(points, CoefficientParameterisation.LOG);
        double[] truth = CoefficientParameterisation.LOG.parameter(a);
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem("darcy-inverse", model, data, truth);
    }

    private static InverseProblem darcyForward(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        Grid2D grid = Grid2D.nodes(s.resolution(), 1.0);
        double[] a = new DarcyCoefficient(s.resolution()).sample(rng);
        double[] u = new DarcySolver(grid).solve(a);
        Unknowns unknowns = Unknowns.of(new FieldSpec("a", grid), new FieldSpec("u", grid));
        PointSampling points = interiorPoints(grid, s.points(), rng);
        ObservedFieldModel model = new ObservedFieldModel(unknowns, "a", points);
        double[] truth = unknowns.pack(a, u);
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem("darcy-forward", model, data, truth);
    }

    private static InverseProblem navierStokes(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(s.resolution(), Dealiasing.CIRCULAR);
        Grid2D grid = equation.grid();
        double[] start = new PeriodicGaussianField(grid, new GrfSpec(2.5, 3.0, 1.0, true)).sample(rng);
        double rms = Math.sqrt(Arrays.stream(start).map(v -> v * v).sum() / start.length);
        for (int i = 0; i < start.length; i++) {
            start[i] *= 5.0 / rms;
        }
        double[] truth = ImexCrankNicolsonHeun.adaptive(ImexCrankNicolsonHeun.DEFAULT_COURANT, 0.01)
                .integrate(equation, start, new double[] {5.0}, ProgressListener.NONE)[0];
        NavierStokesForwardModel model = new NavierStokesForwardModel(equation, 1.0, 0.002,
                new GridSubsampling(grid, s.stride()), 1.0, 64);
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem("ns-inverse", model, data, truth);
    }

    private static InverseProblem wave(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        int n = s.resolution();
        double spacing = 10.0;
        Grid2D grid = Grid2D.nodes(n, spacing * (n - 1));
        double[] anomaly = new NeumannGaussianField(grid, new GrfSpec(2.0, 3.0 / grid.lx(), 1.0, true)).sample(rng);
        double max = Arrays.stream(anomaly).map(Math::abs).max().orElse(1.0);
        double[] c = new double[grid.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = 2000.0 + 300.0 * anomaly[i] / max;
        }
        List<PointSource> shots = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            shots.add(new PointSource(grid.lx() * k / 4.0, 2 * spacing, RickerWavelet.of(15.0)));
        }
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < n; i += s.stride()) {
            receivers.add(new Receiver(grid.x(i), spacing));
        }
        double duration = Math.hypot(grid.lx(), grid.ly()) / 1700.0 + 1.5 / 15.0;
        double sampleInterval = Math.floor(1e4 / (20 * 15.0)) / 1e4;
        ForwardModel model = new AcousticWaveForwardModel(grid, shots, receivers, duration, sampleInterval,
                AbsorbingLayer.defaults(), BatchExecutor.perProcessor());
        Observations data = Observations.synthetic(model.apply(c), s.noise(), s.weightSigma(), rng);
        return new InverseProblem("wave-inverse", model, data, c);
    }

    /** Points drawn uniformly in the middle 90 % of the domain (away from the Dirichlet boundary). */
    private static PointSampling interiorPoints(Grid2D grid, int count, SplittableRandom rng) {
        double[] x = new double[count];
        double[] y = new double[count];
        for (int k = 0; k < count; k++) {
            x[k] = grid.lx() * rng.nextDouble(0.05, 0.95);
            y[k] = grid.ly() * rng.nextDouble(0.05, 0.95);
        }
        return PointSampling.of(grid, x, y);
    }
}
