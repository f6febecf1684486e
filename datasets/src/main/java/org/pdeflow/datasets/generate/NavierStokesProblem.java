package org.pdeflow.datasets.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Forced 2-D Navier-Stokes (vorticity form, {@link NavierStokes2D}) trajectories from random
 * initial vorticities, in two standard set-ups:
 *
 * <ul>
 *   <li><b>InverseBench</b> ({@link #inverseBench}; Zheng et al. 2025, "InverseBench: benchmarking
 *       plug-and-play diffusion priors for inverse problems in physical sciences"): Kolmogorov
 *       forcing -4 cos(4y) on [0, 2 pi)^2, Re = 200 (nu = 1/200). A Gaussian field
 *       ({@link GrfSpec#nsFno()}, drawn on the unit-torus grid of s x s points and used as grid
 *       values) is evolved for a burn-in time so that the flow has forgotten the Gaussian start and
 *       lies near the Kolmogorov attractor; the state then is {@code a} = omega(t0), and {@code u}
 *       holds omega(t0 + t_k), t_k = k T / K, k = 1..K (default T = 1, K = 1).</li>
 *   <li><b>FNO</b> ({@link #li2021}; Li et al., ICLR 2021, sec. 5.3): forcing
 *       0.1 (sin 2 pi (x+y) + cos 2 pi (x+y)) on the unit torus, nu = 1e-3, {@code a} = omega0
 *       drawn from {@link GrfSpec#nsFno()} (no burn-in), {@code u} = omega at t = 1, 2, ..., T.</li>
 * </ul>
 *
 * <p>Integrator: {@link ImexCrankNicolsonHeun} with CFL-adaptive steps (Courant 0.25, largest
 * step 0.01), per-axis 2/3 dealiasing. Fields: {@code a} [s, s] (axes x, y) and {@code u}
 * [K, s, s] (axes t, x, y); coordinate {@code t} holds the observation times t_k measured from the
 * time of {@code a}.
 */
public final class NavierStokesProblem implements SampleProblem {

    /** Default burn-in of the InverseBench preset, in time units of the Kolmogorov flow. */
    public static final double DEFAULT_BURN_IN = 4.0;
    /** Courant number of the adaptive IMEX steps. */
    public static final double COURANT = ImexCrankNicolsonHeun.DEFAULT_COURANT;
    /** Largest IMEX step. */
    public static final double MAX_STEP = 0.01;

    private final String variant;
    private final NavierStokesPreset preset;
    private final int s;
    private final double burnIn;
    private final double[] times;
    private final NavierStokes2D equation;
    private final PeriodicGaussianField initial;
    private final ImexCrankNicolsonHeun integrator;

    private NavierStokesProblem(String variant, NavierStokesPreset preset, int s, double burnIn, double[] times) {
        if (s < 4 || s % 2 != 0) {
            throw new IllegalArgumentException("Navier-Stokes resolution must be even and at least 4, got " + s);
        }
        if (!(burnIn >= 0) || Double.isInfinite(burnIn)) {
            throw new IllegalArgumentException("burn-in time must be >= 0 and finite, got " + burnIn);
        }
        this.variant = variant;
        this.preset = preset;
        this.s = s;
        this.burnIn = burnIn;
        this.times = times;
        this.equation = preset.equation(s);
        this.initial = new PeriodicGaussianField(Grid2D.periodic(s, 1.0), GrfSpec.nsFno());
        this.integrator = ImexCrankNicolsonHeun.adaptive(COURANT, MAX_STEP);
    }

    /**
     * The InverseBench set-up.
     *
     * @param s grid points per axis, even, &gt;= 4
     * @param burnIn evolution time before {@code a} is taken, &gt;= 0
     * @param horizon observation horizon T &gt; 0 after {@code a}
     * @param snapshots number K &gt;= 1 of equally spaced observations in (0, T]
     */
    public static NavierStokesProblem inverseBench(int s, double burnIn, double horizon, int snapshots) {
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be positive and finite, got " + horizon);
        }
        if (snapshots < 1) {
            throw new IllegalArgumentException("snapshot count must be >= 1, got " + snapshots);
        }
        double[] t = new double[snapshots];
        for (int k = 0; k < snapshots; k++) {
            t[k] = horizon * (k + 1) / snapshots;
        }
        return new NavierStokesProblem("inversebench", NavierStokesPreset.KOLMOGOROV, s, burnIn, t);
    }

    /**
     * The FNO set-up: snapshots at t = 1, 2, ..., T.
     *
     * @param s grid points per axis, even, &gt;= 4
     * @param horizon T, a whole number of time units &gt;= 1
     */
    public static NavierStokesProblem li2021(int s, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        double[] t = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            t[k] = k + 1;
        }
        return new NavierStokesProblem("li2021", NavierStokesPreset.LI2021, s, 0.0, t);
    }

    /** {@code "inversebench"} or {@code "li2021"}. */
    public String variant() {
        return variant;
    }

    /** The equation (grid, viscosity, forcing). */
    public NavierStokes2D equation() {
        return equation;
    }

    /** Observation times after the time of {@code a} (a copy). */
    public double[] times() {
        return times.clone();
    }

    /** Burn-in time before {@code a}. */
    public double burnIn() {
        return burnIn;
    }

    @Override
    public String preset() {
        return "ns";
    }

    @Override
    public List<DatasetField> fields() {
        return List.of(
                new DatasetField(
                        "a",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "vorticity omega(x, y) at the start time t0 (after the burn-in), 1/time"),
                new DatasetField(
                        "u",
                        new int[] {times.length, s, s},
                        List.of("t", "x", "y"),
                        "vorticity omega(t0 + t, x, y) at the times of coordinate t, 1/time"));
    }

    @Override
    public List<Coordinate> coordinates() {
        double l = preset.domainLength();
        return List.of(
                new Coordinate("t", times.clone(), "observation time after t0, time units"),
                new Coordinate("x", Coordinate.periodic(s, l), "grid abscissa x_i = i L / s, first array axis"),
                new Coordinate("y", Coordinate.periodic(s, l), "grid ordinate y_j = j L / s, second array axis"));
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "equation",
                "d omega/dt + u.grad omega = nu Laplace omega + f on the periodic square [0, L)^2, vorticity form");
        p.put("variant", variant);
        p.put(
                "reference",
                variant.equals("li2021")
                        ? "Li et al. 2021, Fourier neural operator for parametric PDEs, sec. 5.3"
                        : "Zheng et al. 2025, InverseBench (Navier-Stokes task: Kolmogorov flow, Re 200)");
        p.put("resolution", s);
        p.put("domain_length", preset.domainLength());
        p.put("viscosity", preset.viscosity());
        p.put("reynolds", 1.0 / preset.viscosity());
        p.put("forcing", preset.forcing().toString());
        p.put("dealiasing", "per-axis 2/3 rule");
        p.put(
                "initial_condition",
                burnIn > 0 ? "GRF sample, evolved for the burn-in time; a = vorticity after it" : "a = GRF sample");
        DarcyProblem.putGrf(
                p,
                initial.spec(),
                "PeriodicGaussianField on the unit torus grid Grid2D.periodic(s, 1); "
                        + "its grid values are the initial vorticity on the L-periodic grid");
        p.put("burn_in", burnIn);
        p.put("horizon", times[times.length - 1]);
        p.put("snapshots", times.length);
        p.put("integrator", integrator.toString());
        p.put("courant", COURANT);
        p.put("max_step", MAX_STEP);
        return p;
    }

    @Override
    public Solver newSolver() {
        int k = times.length;
        double[] schedule;
        if (burnIn > 0) {
            schedule = new double[k + 1];
            schedule[0] = burnIn;
            for (int i = 0; i < k; i++) {
                schedule[i + 1] = burnIn + times[i];
            }
        } else {
            schedule = times.clone();
        }
        int n = s * s;
        return (rng, out) -> {
            double[] w0 = initial.sample(rng);
            double[][] result = integrator.integrate(equation, w0, schedule, ProgressListener.NONE);
            int first = burnIn > 0 ? 1 : 0;
            System.arraycopy(burnIn > 0 ? result[0] : w0, 0, out[0], 0, n);
            for (int i = 0; i < k; i++) {
                System.arraycopy(result[first + i], 0, out[1], i * n, n);
            }
        };
    }
}
