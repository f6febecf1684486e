package org.pdeflow.inverse.optim;

/**
 * Limited-memory BFGS with a strong-Wolfe line search: Nocedal &amp; Wright, <i>Numerical
 * Optimization</i>, 2nd ed. (2006), Algorithm 7.4 (two-loop recursion, initial Hessian
 * {@code gamma I} with {@code gamma = s^T y / y^T y}, eq. 7.20) and Algorithms 3.5 / 3.6 (bracketing
 * and zoom with safeguarded cubic interpolation), constants {@code c1 = 1e-4}, {@code c2 = 0.9}.
 * (Hipparchus 4 offers non-linear conjugate gradients but no L-BFGS.)
 *
 * <p>Stops when {@code |grad f| <= gradientTolerance |grad f(x0)|}, when an iteration lowers f by
 * less than {@code functionTolerance max(1, |f|)} (only if that tolerance is positive), after
 * {@code maxIterations}, when the line search fails (typically at round-off level), or, with a
 * {@link StoppingRule}, at the start or the first iteration where the rule holds (checked before the
 * tolerances). The first step is {@code min(1, 1/|g|)} along -g, later steps try 1 first. Objective
 * values of +infinity or NaN count as failed trial points.
 *
 * <p>Immutable; {@link #minimize} keeps its state on the stack (thread-safe).
 */
public final class Lbfgs {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 40;
    /** Relative size of f's rounding noise below which the approximate Wolfe test takes over. */
    private static final double ROUND_OFF = 1e-12;

    private final int memory;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double functionTolerance;

    /**
     * @param memory number of correction pairs kept, &gt;= 1 (3-20 usual)
     * @param maxIterations iteration limit, &gt;= 1
     * @param gradientTolerance relative gradient-norm tolerance, &gt;= 0
     * @param functionTolerance relative decrease tolerance, &gt;= 0
     */
    public Lbfgs(int memory, int maxIterations, double gradientTolerance, double functionTolerance) {
        if (memory < 1 || maxIterations < 1) {
            throw new IllegalArgumentException(
                    "memory and iteration limit must be >= 1, got " + memory + " and " + maxIterations);
        }
        if (!(gradientTolerance >= 0) || !(functionTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.functionTolerance = functionTolerance;
    }

    /** Memory 10, 200 iterations, gradient tolerance 1e-6, function tolerance 1e-10. */
    public static Lbfgs defaults() {
        return new Lbfgs(10, 200, 1e-6, 1e-10);
    }

    /** The number of correction pairs kept. */
    public int memory() {
        return memory;
    }

    /** This optimiser keeping {@code pairs} correction pairs. */
    public Lbfgs withMemory(int pairs) {
        return new Lbfgs(pairs, maxIterations, gradientTolerance, functionTolerance);
    }

    /** This optimiser with another iteration limit. */
    public Lbfgs withMaxIterations(int iterations) {
        return new Lbfgs(memory, iterations, gradientTolerance, functionTolerance);
    }

    /** This optimiser with other tolerances. */
    public Lbfgs withTolerances(double gradient, double function) {
        return new Lbfgs(memory, maxIterations, gradient, function);
    }

    /** The iteration limit. */
    public int maxIterations() {
        return maxIterations;
    }

    /**
     * Minimises f from {@code start}.
     *
     * @param f the objective
     * @param start initial point (not modified)
     * @param listener told after every iteration
     * @return the best point found
     */
    public OptimumResult minimize(Objective f, double[] start, IterationListener listener) {
        return minimize(f, start, listener, StoppingRule.NEVER);
    }

    /**
     * Minimises f from {@code start}, stopping early where {@code rule} holds.
     *
     * @param f the objective
     * @param start initial point (not modified)
     * @param listener told after every iteration (before the rule is asked)
     * @param rule asked at the start and after every iteration; {@link Termination#STOPPING_RULE} when it holds
     * @return the point where the rule held, else the best point found
     */
    public OptimumResult minimize(Objective f, double[] start, IterationListener listener, StoppingRule rule) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        int evaluations = 1;
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("objective is not finite at the starting point: " + fx);
        }
        double g0 = norm(g);
        // pairs are allocated as they are stored: a large memory costs only what the run uses
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int newest = -1;
        double[] p = new double[n];
        double[] alpha = new double[memory];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        LineSearch search = new LineSearch(f, n);
        if (rule.stop(0, fx, x)) {
            return new OptimumResult(x, fx, g, 0, evaluations, Termination.STOPPING_RULE);
        }
        if (g0 == 0.0) {
            return new OptimumResult(x, fx, g, 0, evaluations, Termination.GRADIENT_TOLERANCE);
        }
        for (int iter = 1; iter <= maxIterations; iter++) {
            // Two-loop recursion: p = -H g.
            for (int i = 0; i < n; i++) {
                p[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(newest - k, memory);
                alpha[j] = rho[j] * dot(s[j], p);
                axpy(-alpha[j], y[j], p);
            }
            if (stored > 0) {
                double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
                for (int i = 0; i < n; i++) {
                    p[i] *= gamma;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(newest - k, memory);
                double beta = rho[j] * dot(y[j], p);
                axpy(alpha[j] - beta, s[j], p);
            }
            double slope = dot(g, p);
            if (!(slope < 0)) {
                // Not a descent direction (lost curvature information): restart along -g.
                stored = 0;
                for (int i = 0; i < n; i++) {
                    p[i] = -g[i];
                }
                slope = dot(g, p);
            }
            double initial = stored == 0 ? Math.min(1.0, 1.0 / norm(g)) : 1.0;
            double step = search.run(x, fx, g, p, slope, initial, xNew, gNew);
            evaluations += search.evaluations;
            if (Double.isNaN(step)) {
                return new OptimumResult(x, fx, g, iter - 1, evaluations, Termination.LINE_SEARCH_FAILED);
            }
            double fNew = search.value;
            int slot = (newest + 1) % memory;
            double sy = 0;
            double ss = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i];
                double yi = gNew[i] - g[i];
                sy += si * yi;
                ss += si * si;
                yy += yi * yi;
            }
            // a pair without positive curvature is dropped before it is written: with a full memory its slot
            // still holds the oldest pair in use
            if (sy > 1e-12 * Math.sqrt(ss * yy)) {
                if (s[slot] == null) {
                    s[slot] = new double[n];
                    y[slot] = new double[n];
                }
                for (int i = 0; i < n; i++) {
                    s[slot][i] = xNew[i] - x[i];
                    y[slot][i] = gNew[i] - g[i];
                }
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.min(stored + 1, memory);
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            double gn = norm(g);
            listener.iteration(iter, fx, x, gn);
            if (rule.stop(iter, fx, x)) {
                return new OptimumResult(x, fx, g, iter, evaluations, Termination.STOPPING_RULE);
            }
            if (gn <= gradientTolerance * g0) {
                return new OptimumResult(x, fx, g, iter, evaluations, Termination.GRADIENT_TOLERANCE);
            }
            if (functionTolerance > 0
                    && fOld - fx <= functionTolerance * Math.max(1.0, Math.max(Math.abs(fx), Math.abs(fOld)))) {
                return new OptimumResult(x, fx, g, iter, evaluations, Termination.FUNCTION_TOLERANCE);
            }
        }
        return new OptimumResult(x, fx, g, maxIterations, evaluations, Termination.MAX_ITERATIONS);
    }

    /** Strong-Wolfe line search (Nocedal &amp; Wright Alg. 3.5 and 3.6). */
    private static final class LineSearch {
        private final Objective f;
        private final double[] trial;
        private final double[] trialGradient;
        double value;
        int evaluations;

        LineSearch(Objective f, int n) {
            this.f = f;
            this.trial = new double[n];
            this.trialGradient = new double[n];
        }

        /**
         * @return the accepted step with the point in xOut, gradient in gOut, value in {@link #value};
         *     NaN when no acceptable step was found
         */
        double run(
                double[] x,
                double f0,
                double[] g0,
                double[] p,
                double slope0,
                double initial,
                double[] xOut,
                double[] gOut) {
            evaluations = 0;
            double prevStep = 0;
            double prevValue = f0;
            double prevSlope = slope0;
            double step = initial;
            for (int i = 0; i < MAX_LINE_SEARCH; i++) {
                double phi = evaluate(x, p, step);
                double dphi = dot(trialGradient, p);
                boolean decrease = sufficientDecrease(f0, slope0, step, phi, dphi);
                if (decrease && Math.abs(dphi) <= -C2 * slope0) {
                    return accept(step, phi, xOut, gOut);
                }
                if (!decrease || (i > 0 && phi >= prevValue)) {
                    return zoom(x, f0, slope0, p, prevStep, prevValue, prevSlope, step, phi, dphi, xOut, gOut);
                }
                if (dphi >= 0) {
                    return zoom(x, f0, slope0, p, step, phi, dphi, prevStep, prevValue, prevSlope, xOut, gOut);
                }
                prevStep = step;
                prevValue = phi;
                prevSlope = dphi;
                step *= 2;
            }
            return Double.NaN;
        }

        private double zoom(
                double[] x,
                double f0,
                double slope0,
                double[] p,
                double lo,
                double fLo,
                double dLo,
                double hi,
                double fHi,
                double dHi,
                double[] xOut,
                double[] gOut) {
            for (int j = 0; j < MAX_LINE_SEARCH; j++) {
                double step = interpolate(lo, fLo, dLo, hi, fHi, dHi);
                double phi = evaluate(x, p, step);
                double dphi = dot(trialGradient, p);
                boolean decrease = sufficientDecrease(f0, slope0, step, phi, dphi);
                if (decrease && Math.abs(dphi) <= -C2 * slope0) {
                    return accept(step, phi, xOut, gOut);
                }
                if (!decrease || phi >= fLo) {
                    hi = step;
                    fHi = phi;
                    dHi = dphi;
                } else {
                    if (dphi * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        dHi = dLo;
                    }
                    lo = step;
                    fLo = phi;
                    dLo = dphi;
                }
                if (Math.abs(hi - lo) <= 1e-16 * Math.max(1.0, Math.abs(lo))) {
                    break;
                }
            }
            return Double.NaN;
        }

        /**
         * Armijo's condition, or, once f can no longer resolve the decrease (|phi - f0| at round-off),
         * the approximate Wolfe condition of Hager &amp; Zhang (2005, SIAM J. Optim. 16, 170, eq. 4.1)
         * {@code phi'(a) <= (2 c1 - 1) phi'(0)}, which uses the (still accurate) derivative instead.
         */
        private static boolean sufficientDecrease(double f0, double slope0, double step, double phi, double dphi) {
            if (!Double.isFinite(phi)) {
                return false;
            }
            if (phi <= f0 + C1 * step * slope0) {
                return true;
            }
            return phi <= f0 + ROUND_OFF * Math.abs(f0) && dphi <= (2 * C1 - 1) * slope0;
        }

        /** Minimiser of the cubic through both ends, kept inside the middle 80 % of the bracket (else bisection). */
        private static double interpolate(double a, double fa, double da, double b, double fb, double db) {
            double lo = Math.min(a, b);
            double hi = Math.max(a, b);
            double margin = 0.1 * (hi - lo);
            double step = Double.NaN;
            if (Double.isFinite(fa) && Double.isFinite(fb) && Double.isFinite(da) && Double.isFinite(db)) {
                double d1 = da + db - 3 * (fa - fb) / (a - b);
                double disc = d1 * d1 - da * db;
                if (disc >= 0) {
                    double d2 = Math.signum(b - a) * Math.sqrt(disc);
                    step = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
                }
            }
            if (!(step >= lo + margin && step <= hi - margin)) {
                step = 0.5 * (lo + hi);
            }
            return step;
        }

        private double evaluate(double[] x, double[] p, double step) {
            for (int i = 0; i < x.length; i++) {
                trial[i] = x[i] + step * p[i];
            }
            evaluations++;
            double v = f.evaluate(trial, trialGradient);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }

        private double accept(double step, double phi, double[] xOut, double[] gOut) {
            System.arraycopy(trial, 0, xOut, 0, trial.length);
            System.arraycopy(trialGradient, 0, gOut, 0, trialGradient.length);
            value = phi;
            return step;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }
}
