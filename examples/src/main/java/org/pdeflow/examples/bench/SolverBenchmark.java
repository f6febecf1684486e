package org.pdeflow.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.pdeflow.inverse.forward.SpectralVorticitySolver;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.MethodOfLinesIntegrator;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.ns.NavierStokesPreset;
import org.pdeflow.pde.ns.VorticityAdjoint;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.pde.spectral.RealFft2D;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.AcousticWave2D;
import org.pdeflow.pde.wave.LeapfrogIntegrator;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * Times the reference solvers against the bare kernels they are built from.
 *
 * <ul>
 *   <li>Navier-Stokes: seconds per unit of simulated time on developed Kolmogorov flow (Re 200),
 *       against (number of right-hand sides) x 5 real FFTs (4 inverse for u, v, ω_x, ω_y, 1 forward
 *       for the product: the least a pseudo-spectral right-hand side needs), each FFT timed as half
 *       a forward+inverse pair of {@link RealFft2D}.</li>
 *   <li>Navier-Stokes adjoint: seconds per forward solve + gradient of ns-inverse's forward map, by autograd
 *       through the differentiable DJL solver and by the hand-written discrete adjoint in Java
 *       ({@link VorticityAdjoint}), each against the pure-Java reference stepping the same scheme forward with
 *       the same steps.</li>
 *   <li>Darcy: seconds per solve, against the numeric sparse Cholesky factorisation + triangular
 *       solves of the same matrix.</li>
 *   <li>Wave: leapfrog steps per second, against one bare five-point update sweep over the same
 *       (padded) grid.</li>
 * </ul>
 */
public final class SolverBenchmark {

    /** Largest IMEX step; the CFL condition sets smaller ones once the flow moves. */
    private static final double MAX_STEP = 0.01;

    private static final double NS_TIME = 0.5;
    private static final int FFTS_PER_RHS = 5;

    /** Rows per grid size: NS IMEX, NS DP853, the NS adjoint gradient (DJL, Java), Darcy, wave. */
    public static final int ROWS_PER_SIZE = 6;

    /** ns-inverse's observation time and fixed step (InverseBench's non-adaptive setting). */
    private static final double ADJOINT_TIME = 1.0;

    private static final double ADJOINT_STEP = 0.002;

    private final Timer timer;

    /**
     * @param warmups untimed runs before timing
     * @param repetitions timed runs per figure (median reported)
     */
    public SolverBenchmark(int warmups, int repetitions) {
        this.timer = new Timer(warmups, repetitions);
    }

    /** Runs every benchmark at each size and returns the rows in order. */
    public List<BenchResult> run(int[] sizes, ProgressListener progress) throws Exception {
        List<BenchResult> rows = new ArrayList<>();
        int done = 0;
        int total = sizes.length * ROWS_PER_SIZE;
        for (int n : sizes) {
            double fftPair = fftPairSeconds(n);
            NavierStokes2D ns = NavierStokesPreset.KOLMOGOROV.equation(n);
            double[] w = developedFlow(ns);
            rows.add(imex(ns, w, fftPair));
            progress.progress(++done, total);
            rows.add(dp853(ns, w, fftPair));
            progress.progress(++done, total);
            double forward = referenceForward(ns, w);
            rows.add(adjoint(ns, w, forward));
            progress.progress(++done, total);
            rows.add(javaAdjoint(ns, w, forward));
            progress.progress(++done, total);
            rows.add(darcy(n));
            progress.progress(++done, total);
            rows.add(wave(n));
            progress.progress(++done, total);
        }
        return rows;
    }

    private double fftPairSeconds(int n) throws Exception {
        RealFft2D fft = new RealFft2D(n, n);
        double[] field = new PeriodicGaussianField(Grid2D.periodic(n, 1), GrfSpec.nsFno()).sample(rng(1));
        double[] spectrum = new double[fft.spectrumLength()];
        double[] back = new double[n * n];
        int inner = Math.max(1, (1 << 22) / (n * n));
        return timer.medianPerCall(inner, () -> {
            fft.forward(field, spectrum);
            fft.inverse(spectrum, back);
        });
    }

    /**
     * A GRF initial vorticity run to t = 6, by when the Kolmogorov flow has become turbulent (see
     * the demo's enstrophy curve), so the benchmark times a developed, nonlinear flow.
     */
    private static double[] developedFlow(NavierStokes2D ns) {
        int n = ns.grid().nx();
        double[] w0 = new PeriodicGaussianField(Grid2D.periodic(n, 1.0), GrfSpec.nsFno()).sample(rng(7));
        return ImexCrankNicolsonHeun.adaptive(ImexCrankNicolsonHeun.DEFAULT_COURANT, MAX_STEP)
                .integrate(ns, w0, new double[] {6.0}, ProgressListener.NONE)[0];
    }

    private BenchResult imex(NavierStokes2D ns, double[] w, double fftPair) throws Exception {
        // A fixed step at the default Courant number of the developed flow: the steps the adaptive
        // stepper takes, but countable, so the FFT baseline is exact.
        int n = ns.grid().nx();
        double h = Math.min(
                MAX_STEP, ImexCrankNicolsonHeun.DEFAULT_COURANT * ns.grid().dx() / ns.maxSpeed(w));
        int steps = (int) Math.ceil(NS_TIME / h);
        ImexCrankNicolsonHeun stepper = ImexCrankNicolsonHeun.fixedStep(NS_TIME / steps);
        double seconds = timer.median(() -> stepper.integrate(ns, w, new double[] {NS_TIME}, ProgressListener.NONE));
        double baseline = steps * 2.0 * FFTS_PER_RHS * fftPair / 2;
        return new BenchResult(
                "NS IMEX CN/Heun (C = " + ImexCrankNicolsonHeun.DEFAULT_COURANT + ")",
                n,
                seconds / NS_TIME,
                "s per unit t",
                seconds,
                baseline,
                steps * 2 + " RHS x 5 FFTs");
    }

    private BenchResult dp853(NavierStokes2D ns, double[] w, double fftPair) throws Exception {
        int n = ns.grid().nx();
        long[] evaluations = new long[1];
        List<DormandPrince853Integrator> made = new ArrayList<>();
        MethodOfLinesIntegrator mol = new MethodOfLinesIntegrator(() -> {
            DormandPrince853Integrator i = new DormandPrince853Integrator(0.0, Double.POSITIVE_INFINITY, 1e-8, 1e-8);
            made.add(i);
            return i;
        });
        double seconds = timer.median(() -> {
            made.clear();
            mol.integrate(ns, w, new double[] {NS_TIME}, ProgressListener.NONE);
            evaluations[0] = made.stream()
                    .mapToLong(DormandPrince853Integrator::getEvaluations)
                    .sum();
        });
        double baseline = evaluations[0] * FFTS_PER_RHS * fftPair / 2;
        return new BenchResult(
                "NS DP853 method of lines (tol 1e-8)",
                n,
                seconds / NS_TIME,
                "s per unit t",
                seconds,
                baseline,
                evaluations[0] + " RHS x 5 FFTs");
    }

    /**
     * One forward solve and reverse-mode gradient of the differentiable float32 DJL solver (ns-inverse's
     * forward model: T = 1 in fixed steps of 0.002; one field, the autograd pass is the discrete adjoint),
     * against the pure-Java double-precision reference stepping the same scheme with the same steps forward
     * only. A gradient needs at least the forward solve and one backward sweep.
     */
    private BenchResult adjoint(NavierStokes2D ns, double[] w, double forward) throws Exception {
        int n = ns.grid().nx();
        float[] w32 = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            w32[i] = (float) w[i];
        }
        double seconds;
        int steps;
        try (SpectralVorticitySolver solver = new SpectralVorticitySolver(ns, ADJOINT_STEP, Engines.device());
                NDManager manager = NDManager.newBaseManager(Engines.device())) {
            steps = solver.steps(ADJOINT_TIME);
            seconds = timer.median(() -> {
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = scope.create(w32, new Shape(1, n, n));
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                        collector.backward(
                                solver.solve(x, ADJOINT_TIME).square().sum());
                    }
                    x.getGradient().sum().getFloat();
                }
            });
        }
        return new BenchResult(
                "NS adjoint gradient (DJL, T = 1)",
                n,
                seconds,
                "s per gradient",
                seconds,
                forward,
                "reference forward, " + steps + " steps");
    }

    /** The pure-Java reference's forward solve over ns-inverse's T = 1 in fixed steps of 0.002, s. */
    private double referenceForward(NavierStokes2D ns, double[] w) throws Exception {
        ImexCrankNicolsonHeun reference = ImexCrankNicolsonHeun.fixedStep(ADJOINT_STEP);
        return timer.median(() -> reference.integrate(ns, w, new double[] {ADJOINT_TIME}, ProgressListener.NONE));
    }

    /**
     * The same forward solve and gradient by the hand-written discrete adjoint in double ({@link VorticityAdjoint},
     * ns-inverse's forward model on a CPU): a recording solve and one backward sweep of as many FFTs, so about
     * twice the reference forward plus the cost of keeping the trajectory.
     */
    private BenchResult javaAdjoint(NavierStokes2D ns, double[] w, double forward) throws Exception {
        VorticityAdjoint adjoint = new VorticityAdjoint(ns, ADJOINT_TIME, ADJOINT_STEP);
        double seconds = timer.median(() -> {
            double[] end = adjoint.solve(w, true);
            adjoint.gradient(end);
        });
        return new BenchResult(
                "NS adjoint gradient (Java, T = 1)",
                ns.grid().nx(),
                seconds,
                "s per gradient",
                seconds,
                forward,
                "reference forward, " + adjoint.steps() + " steps");
    }

    private BenchResult darcy(int s) throws Exception {
        DarcySolver solver = new DarcySolver(Grid2D.nodes(s, 1.0));
        DarcyCoefficient coefficient = new DarcyCoefficient(s);
        double[] a = coefficient.sample(rng(3));
        List<Double> sparse = new ArrayList<>();
        double seconds = timer.median(() -> {
            solver.solve(a);
            sparse.add(solver.lastTimings().sparseSolveNanos() / 1e9);
        });
        // The timed runs are the last ones; their sparse parts give the baseline's median.
        List<Double> timed = new ArrayList<>(sparse.subList(sparse.size() - timer.repetitions(), sparse.size()));
        timed.sort(null);
        double bare = timed.get(timed.size() / 2);
        return new BenchResult(
                "Darcy solve (FNO {12,3} coefficient)",
                s,
                seconds * 1e3,
                "ms per solve",
                seconds,
                bare,
                "numeric Cholesky + 2 triangular solves");
    }

    private BenchResult wave(int n) throws Exception {
        double h = 10;
        Grid2D grid = Grid2D.nodes(n, h * (n - 1));
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[grid.index(i, j)] = j < n / 2 ? 1500 : 2500;
            }
        }
        AcousticWave2D eq = new AcousticWave2D(grid, c, AbsorbingLayer.defaults());
        LeapfrogIntegrator leapfrog = new LeapfrogIntegrator();
        double duration = 1.0;
        double dt = leapfrog.timeStep(eq, duration);
        int steps = (int) Math.round(duration / dt);
        List<PointSource> src = List.of(new PointSource(grid.lx() / 2, grid.ly() / 4, RickerWavelet.of(10)));
        List<Receiver> rec =
                List.of(new Receiver(grid.lx() / 4, grid.ly() / 4), new Receiver(3 * grid.lx() / 4, grid.ly() / 4));
        double seconds = timer.median(() -> leapfrog.solve(eq, src, rec, duration, duration, ProgressListener.NONE));
        int padded = n + 2 * AbsorbingLayer.defaults().width();
        double sweep = bareSweepSeconds(padded);
        return new BenchResult(
                "Wave leapfrog (sponge, 20 cells)",
                n,
                steps / seconds,
                "steps per s",
                seconds / steps,
                sweep,
                "one 5-point sweep on " + padded + "²");
    }

    /** One leapfrog update u+ = 2u - u- + k Δu over an n x n grid: the memory traffic every step needs. */
    private double bareSweepSeconds(int n) throws Exception {
        double[] prev = new double[n * n];
        double[] cur = new double[n * n];
        double[] next = new double[n * n];
        double[] k = new double[n * n];
        RandomGenerator r = rng(5);
        for (int i = 0; i < cur.length; i++) {
            cur[i] = r.nextDouble();
            prev[i] = r.nextDouble();
            k[i] = 0.1;
        }
        int inner = Math.max(1, (1 << 22) / (n * n));
        return timer.medianPerCall(inner, () -> {
            for (int i = 1; i < n - 1; i++) {
                int row = i * n;
                for (int j = 1; j < n - 1; j++) {
                    int p = row + j;
                    double lap = cur[p - n] + cur[p + n] + cur[p - 1] + cur[p + 1] - 4 * cur[p];
                    next[p] = 2 * cur[p] - prev[p] + k[p] * lap;
                }
            }
            System.arraycopy(cur, 0, prev, 0, cur.length);
            System.arraycopy(next, 0, cur, 0, cur.length);
        });
    }

    private static RandomGenerator rng(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }
}
