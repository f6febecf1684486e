package org.pdeflow.pde.ns;

import java.util.Locale;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Second-order implicit-explicit stepper: Crank-Nicolson for the viscous term, Heun's method
 * (explicit trapezoidal Runge-Kutta) for advection and forcing, following Chandler &amp; Kerswell
 * (2013, <i>J. Fluid Mech.</i> 722, 554-595, sec. 3), the scheme of jax-cfd's
 * {@code crank_nicolson_rk2}. With {@code L = -ν|k|²} diagonal and E the explicit term of
 * {@link VorticityOperator}, one step of size h from c:
 * <pre>
 *   c*      = [(1 + h L/2) c + h E(c)]                 / (1 - h L/2)
 *   c_next  = [(1 + h L/2) c + h (E(c) + E(c*)) / 2]   / (1 - h L/2)
 * </pre>
 * Both stages share the trapezoidal weights (1/2, 1/2) and nodes (0, 1) for the two parts, so the
 * pair is second order; the viscous part is A-stable. Cost: two explicit terms, ten FFTs, per step.
 *
 * <p>Step size: either fixed, or adaptive by the CFL condition
 * {@code h = min(hMax, C min(dx, dy) / max|u|)} with max|u| taken from the velocity computed by
 * the first stage, so it costs nothing extra. Steps always land exactly on the snapshot times: a
 * fixed step is shortened evenly within each snapshot interval (ceil(interval / h) equal steps),
 * and an adaptive step that would leave a remainder shorter than itself halves the rest instead.
 *
 * <p>Stability: Heun's method does not contain the imaginary axis in its stability region
 * (|R(iy)|² = 1 + y⁴/4), so pure advection at the dealiasing cut-off grows by about y⁴/8 per step,
 * y = h max|u| k_max, and only the Crank-Nicolson damping h ν k_max² holds it back. The Courant
 * number must therefore be well below Heun's nominal limit: at C = 0.5 a developed Kolmogorov flow
 * (Re 200, 128²) grows grid-scale noise within 8 time units and ends 16 % away from the DP853
 * reference, while C = 0.25 stays within 0.3 % ({@code ImexStabilityTest}). {@link #MAX_COURANT}
 * states the bound the command line enforces, and every run stops with a {@link DivergenceException}
 * once the vorticity grows beyond what the energy estimate allows for its start and forcing
 * ({@link NavierStokes2D#fluctuationBound}, with the margin {@link #DIVERGENCE_MARGIN}): an unstable
 * run fails soon after it starts to grow instead of returning garbage or shrinking its CFL step
 * without end.
 *
 * <p>Immutable and shareable between threads; each {@link #integrate} call has its own buffers.
 */
public final class ImexCrankNicolsonHeun implements VorticityIntegrator {

    /**
     * Default Courant number: small enough that the viscous damping beats Heun's growth at the
     * dealiasing cut-off in the standard set-ups (see the class comment), measured, not guessed.
     */
    public static final double DEFAULT_COURANT = 0.25;

    /**
     * Largest Courant number worth using, {@code 3 / (2 √2 π) ≈ 0.3376}; {@code pdeflow simulate ns}
     * refuses larger ones.
     *
     * <p>Why this value. With {@code h = C dx / max|u|}, the fastest resolved advective oscillation,
     * of frequency {@code max|u| |k|max}, turns by {@code y = h max|u| |k|max = C dx |k|max} radians
     * per step; both dealiasing rules keep modes up to the box corner {@code |k|max dx = 2 √2 π / 3}
     * (box: |k1|, |k2| &lt;= n/3; circular: k1² + k2² &lt;= 2 (n/3)²), so {@code y <= 2.96 C}. Heun's
     * stability region {@code |1 + z + z²/2| <= 1} meets the imaginary axis only at 0:
     * {@code |R(iy)| = sqrt(1 + y⁴/4)}, so for pure advection no Courant number is stable and a
     * run lives on the Crank-Nicolson damping {@code (1 - hν|k|²/2) / (1 + hν|k|²/2)} of the
     * cut-off modes outweighing that growth, a balance that depends on the flow's cell Reynolds
     * number. Requiring {@code y <= 1} (at least 2π steps per period of the fastest mode) caps the
     * inviscid growth at {@code sqrt(1.25) - 1 ≈ 12 %} per step at the corner, against 48 % at
     * C = 0.5 and 4 % at the default 0.25. It is not a guarantee, which Heun cannot give; it is the
     * limit the measurements support: on the developed Kolmogorov flow (Re 200, 128², t = 0..8,
     * against DP853 at tolerance 1e-8) C = 0.25, 0.3, 0.338 and 0.4 end 0.2, 0.3, 0.4 and
     * 0.6 % from the reference, C = 0.5 ends 14 % off with grid-scale noise holding 150 times its
     * share of the enstrophy, and C = 0.7 ends 86 % off with max|ω| ten times too large.
     */
    public static final double MAX_COURANT = 3 / (2 * Math.sqrt(2) * Math.PI);

    /**
     * A run stops ({@link DivergenceException}) when the rms vorticity fluctuation, checked after
     * every step, exceeds this multiple of {@link NavierStokes2D#fluctuationBound}, the bound of the
     * energy estimate for the exact semi-discrete flow. The 25 % leave room for time-stepping and
     * aliasing errors; a forced, dissipative flow stays far below the bound itself (the Kolmogorov
     * flow at Re 200: rms ω about 4 against a bound of 22 over 8 time units), and an unforced one can
     * only decay, so growth by a quarter is Heun's instability at the cut-off, not physics.
     */
    public static final double DIVERGENCE_MARGIN = 1.25;

    private final double courant;
    private final double maxStep;
    private final boolean adaptive;

    private ImexCrankNicolsonHeun(double courant, double maxStep, boolean adaptive) {
        this.courant = courant;
        this.maxStep = maxStep;
        this.adaptive = adaptive;
    }

    /**
     * CFL-adaptive steps {@code h = min(maxStep, courant min(dx, dy) / max|u|)}.
     *
     * @param courant Courant number C in (0, 2]; above {@link #MAX_COURANT} results degrade (see there)
     * @param maxStep largest step allowed (also the step while the flow is at rest)
     * @return the stepper
     */
    public static ImexCrankNicolsonHeun adaptive(double courant, double maxStep) {
        if (!(courant > 0) || courant > 2) {
            throw new IllegalArgumentException("Courant number must be in (0, 2], got " + courant);
        }
        checkStep(maxStep);
        return new ImexCrankNicolsonHeun(courant, maxStep, true);
    }

    /**
     * Fixed step h (shortened evenly within a snapshot interval that is not a multiple of h).
     * No stability check is made: choose h below the CFL limit yourself.
     *
     * @param step time step h
     * @return the stepper
     */
    public static ImexCrankNicolsonHeun fixedStep(double step) {
        checkStep(step);
        return new ImexCrankNicolsonHeun(Double.NaN, step, false);
    }

    /**
     * Number of equal fixed steps that cover {@code interval} with steps no longer than {@code maxStep}:
     * {@code ceil(interval / maxStep)}, at least 1, an interval within 1e-9 steps of a multiple counting as one.
     * Every fixed-step solver of this scheme (this class, {@link VorticityAdjoint}, the DJL twin) counts so.
     */
    public static int fixedStepCount(double interval, double maxStep) {
        return (int) Math.max(1, Math.ceil(interval / maxStep - 1e-9));
    }

    private static void checkStep(double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + step);
        }
    }

    /** True for CFL-adaptive steps. */
    public boolean isAdaptive() {
        return adaptive;
    }

    /** The Courant number C (NaN for fixed steps). */
    public double courant() {
        return courant;
    }

    /** The fixed step, or the largest adaptive step. */
    public double maxStep() {
        return maxStep;
    }

    @Override
    public String toString() {
        return adaptive
                ? "IMEX CN-Heun (CFL " + courant + ", max step " + maxStep + ")"
                : "IMEX CN-Heun (fixed step " + maxStep + ")";
    }

    @Override
    public double[][] integrate(NavierStokes2D equation, double[] omega0, double[] times, ProgressListener progress) {
        if (equation == null || progress == null) {
            throw new IllegalArgumentException("equation and progress listener are required");
        }
        equation.checkField(omega0);
        SnapshotTimes.check(times);
        VorticityOperator operator = equation.newOperator();
        int length = operator.spectrumLength();
        int count = operator.coefficientCount();
        double[] c = new double[length];
        double[] star = new double[length];
        double[] e0 = new double[length];
        double[] e1 = new double[length];
        double[] rates = new double[count];
        for (int e = 0; e < count; e++) {
            rates[e] = operator.viscousRate(e);
        }
        double spacing = Math.min(equation.grid().dx(), equation.grid().dy());
        double end = times[times.length - 1];
        double limit = DIVERGENCE_MARGIN * equation.fluctuationBound(omega0, end);
        // Weights of |c_e|² in the mean square: columns 0 < s < ny/2 stand for a mode and its conjugate.
        int columns = equation.grid().ny() / 2 + 1;
        double[] weight = new double[count];
        for (int e = 1; e < count; e++) {
            int s = e % columns;
            weight[e] = s == 0 || 2 * s == equation.grid().ny() ? 1 : 2;
        }

        operator.toSpectrum(omega0, c);
        double t = 0;
        progress.progress(0, end);
        double[][] snapshots = new double[times.length][];
        for (int k = 0; k < times.length; k++) {
            double target = times[k];
            double fixed = adaptive ? Double.NaN : (target - t) / fixedStepCount(target - t, maxStep);
            while (t < target) {
                double speed = operator.explicitTerm(c, e0);
                double rms = rms(c, weight);
                if (!Double.isFinite(speed) || !(rms <= limit)) {
                    throw new DivergenceException(String.format(
                            Locale.ROOT,
                            "the flow diverged by t = %.4g: rms vorticity %.3g exceeds %.3g, 1.25 times the most "
                                    + "the energy estimate allows for this start and forcing; the time step is "
                                    + "unstable (%s)",
                            t,
                            rms,
                            limit,
                            adaptive ? "lower the Courant number" : "use a smaller step"));
                }
                double h;
                if (adaptive) {
                    h = speed > 0 ? Math.min(maxStep, courant * spacing / speed) : maxStep;
                    double remaining = target - t;
                    if (h >= remaining) {
                        h = remaining;
                    } else if (2 * h > remaining) {
                        h = 0.5 * remaining;
                    }
                } else {
                    h = fixed;
                }
                boolean lands = t + h >= target || target - (t + h) < 1e-12 * Math.max(1.0, target);
                step(operator, rates, c, star, e0, e1, h);
                t = lands ? target : t + h;
                progress.progress(t, end);
            }
            double[] omega = new double[equation.grid().size()];
            operator.toField(c, omega);
            for (double w : omega) {
                if (!Double.isFinite(w)) {
                    throw new DivergenceException("vorticity became non-finite by t = " + t + "; reduce the time step");
                }
            }
            snapshots[k] = omega;
        }
        return snapshots;
    }

    /** Root mean square of the field without its mean, from its coefficients (Parseval). */
    private static double rms(double[] c, double[] weight) {
        double sum = 0;
        for (int e = 1; e < weight.length; e++) {
            sum += weight[e] * (c[2 * e] * c[2 * e] + c[2 * e + 1] * c[2 * e + 1]);
        }
        return Math.sqrt(sum);
    }

    /** One step from c (explicit term e0 = E(c) already computed); c is overwritten by the result. */
    private static void step(
            VorticityOperator operator, double[] rates, double[] c, double[] star, double[] e0, double[] e1, double h) {
        int count = rates.length;
        double half = 0.5 * h;
        for (int e = 0; e < count; e++) {
            double a = 1 + half * rates[e];
            double b = 1 / (1 - half * rates[e]);
            star[2 * e] = (a * c[2 * e] + h * e0[2 * e]) * b;
            star[2 * e + 1] = (a * c[2 * e + 1] + h * e0[2 * e + 1]) * b;
        }
        operator.explicitTerm(star, e1);
        for (int e = 0; e < count; e++) {
            double a = 1 + half * rates[e];
            double b = 1 / (1 - half * rates[e]);
            c[2 * e] = (a * c[2 * e] + half * (e0[2 * e] + e1[2 * e])) * b;
            c[2 * e + 1] = (a * c[2 * e + 1] + half * (e0[2 * e + 1] + e1[2 * e + 1])) * b;
        }
    }
}
