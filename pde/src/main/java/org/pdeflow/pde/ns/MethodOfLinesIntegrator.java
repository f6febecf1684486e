package org.pdeflow.pde.ns;

import java.util.function.Supplier;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Method of lines: the pseudo-spectral semi-discretisation of {@link NavierStokes2D} handed as one
 * system of ordinary differential equations to any Hipparchus {@link ODEIntegrator}.
 *
 * <p>State vector: the Fourier coefficients of ω in the half-spectrum layout of
 * {@link org.pdeflow.pde.spectral.RealFft2D} ({@code nx (ny + 2)} reals), multiplied by
 * {@code sqrt(2 nx ny)}. Coefficients rather than grid values because the Poisson solve, the
 * derivatives and the viscous term are then diagonal, so one right-hand side costs the five FFTs of
 * the advection term and nothing more (grid values would need two more transforms per evaluation).
 * The factor makes Hipparchus' error norm {@code sqrt(mean((err_i / (atol + rtol |y_i|))²))}, by
 * Parseval's identity, about equal to the root-mean-square error of the grid values divided by the
 * tolerance, so that tolerances mean what they would mean for grid values. The few redundant
 * entries of the layout (conjugate pairs in the columns of y-mode 0 and ny/2) stay consistent
 * because every operation preserves Hermitian symmetry.
 *
 * <p>The integrator is restarted at every snapshot time, so snapshots are computed, not
 * interpolated. Hipparchus integrators hold state, so this class takes a supplier and asks it for a
 * fresh integrator on every call of {@link #integrate}; it is then safe to share across threads as
 * long as the supplier returns a new instance each time.
 *
 * <p>Reference use: {@link #dormandPrince853(double)} (Hairer, Nørsett &amp; Wanner, <i>Solving
 * Ordinary Differential Equations I</i>, 1993, sec. II.10). Each right-hand side evaluation
 * allocates the derivative array, as the Hipparchus interface requires.
 */
public final class MethodOfLinesIntegrator implements VorticityIntegrator {

    private final Supplier<? extends ODEIntegrator> integrators;
    private final String description;

    /**
     * @param integrators gives a new Hipparchus integrator for each call of {@link #integrate}
     */
    public MethodOfLinesIntegrator(Supplier<? extends ODEIntegrator> integrators) {
        this(integrators, "method of lines");
    }

    private MethodOfLinesIntegrator(Supplier<? extends ODEIntegrator> integrators, String description) {
        if (integrators == null) {
            throw new IllegalArgumentException("an integrator supplier is required");
        }
        this.integrators = integrators;
        this.description = description;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * The reference integrator: adaptive Dormand-Prince 8(5,3) with absolute and relative
     * tolerance both equal to {@code tolerance} (in vorticity units, per grid value; see the class
     * comment), no minimum step and no maximum step.
     *
     * @param tolerance error tolerance, for example 1e-10 for reference solutions
     * @return the method-of-lines integrator
     */
    public static MethodOfLinesIntegrator dormandPrince853(double tolerance) {
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be positive and finite, got " + tolerance);
        }
        return new MethodOfLinesIntegrator(
                () -> new DormandPrince853Integrator(0.0, Double.POSITIVE_INFINITY, tolerance, tolerance),
                "method of lines, Dormand-Prince 8(5,3), tolerance " + tolerance);
    }

    /**
     * Classical fourth-order Runge-Kutta with a fixed step (the last step before a snapshot is
     * shortened to land on it): a simple non-adaptive alternative, and the order check of the
     * semi-discretisation.
     *
     * @param step time step
     * @return the method-of-lines integrator
     */
    public static MethodOfLinesIntegrator rungeKutta4(double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("step must be positive and finite, got " + step);
        }
        return new MethodOfLinesIntegrator(
                () -> new ClassicalRungeKuttaIntegrator(step),
                "method of lines, classical Runge-Kutta 4, step " + step);
    }

    @Override
    public double[][] integrate(NavierStokes2D equation, double[] omega0, double[] times, ProgressListener progress) {
        if (equation == null || progress == null) {
            throw new IllegalArgumentException("equation and progress listener are required");
        }
        equation.checkField(omega0);
        SnapshotTimes.check(times);
        VorticityOperator operator = equation.newOperator();
        SpectralSystem system = new SpectralSystem(operator, equation.grid().size());
        ODEIntegrator integrator = integrators.get();
        if (integrator == null) {
            throw new IllegalArgumentException("the integrator supplier returned null");
        }
        double end = times[times.length - 1];
        integrator.addStepHandler(
                interpolator -> progress.progress(interpolator.getCurrentState().getTime(), end));

        double[] spectrum = new double[operator.spectrumLength()];
        operator.toSpectrum(omega0, spectrum);
        double[] y = system.scaled(spectrum);
        double t = 0;
        progress.progress(0, end);
        double[][] snapshots = new double[times.length][];
        for (int k = 0; k < times.length; k++) {
            if (times[k] > t) {
                ODEStateAndDerivative state = integrator.integrate(system, new ODEState(t, y), times[k]);
                y = state.getPrimaryState();
                t = times[k];
                checkFinite(y, t);
            }
            double[] omega = new double[equation.grid().size()];
            operator.toField(system.unscaled(y, spectrum), omega);
            snapshots[k] = omega;
        }
        progress.progress(end, end);
        return snapshots;
    }

    private static void checkFinite(double[] y, double t) {
        for (double value : y) {
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("vorticity became non-finite by t = " + t);
            }
        }
    }

    /** dy/dt for the scaled coefficient vector y = sqrt(2 nx ny) c. */
    private static final class SpectralSystem implements OrdinaryDifferentialEquation {

        private final VorticityOperator operator;
        private final double scale;
        private final double[] coefficients;

        SpectralSystem(VorticityOperator operator, int points) {
            this.operator = operator;
            this.scale = Math.sqrt(2.0 * points);
            this.coefficients = new double[operator.spectrumLength()];
        }

        double[] scaled(double[] spectrum) {
            double[] y = new double[spectrum.length];
            for (int p = 0; p < y.length; p++) {
                y[p] = scale * spectrum[p];
            }
            return y;
        }

        double[] unscaled(double[] y, double[] into) {
            double inverse = 1.0 / scale;
            for (int p = 0; p < y.length; p++) {
                into[p] = inverse * y[p];
            }
            return into;
        }

        @Override
        public int getDimension() {
            return coefficients.length;
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            unscaled(y, coefficients);
            double[] dy = new double[y.length];
            operator.timeDerivative(coefficients, dy);
            for (int p = 0; p < dy.length; p++) {
                dy[p] *= scale;
            }
            return dy;
        }
    }
}
