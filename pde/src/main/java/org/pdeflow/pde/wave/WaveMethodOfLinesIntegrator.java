package org.pdeflow.pde.wave;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Method of lines for {@link AcousticWave2D}: the 5-point semi-discretisation written as the
 * first-order system {@code u' = v, v' = c^2 Lap_h u - sigma v + f(t)} (state of 2 N doubles on the
 * padded grid) and handed to any Hipparchus {@link ODEIntegrator}. Useful as an independent check
 * of {@link LeapfrogIntegrator} and for high-order time accuracy; it is several times slower per unit
 * of simulated time than leapfrog (more right-hand-side evaluations, and Hipparchus allocates
 * state arrays per evaluation).
 *
 * <p>Traces are sampled from the integrator's dense output (its step interpolator), or from the
 * step end itself when a sample falls on it, so any step size works. The final velocity is the
 * integrated v, not a difference quotient.
 *
 * <p>A fresh Hipparchus integrator is built for every run by the factory given to the constructor
 * (Hipparchus integrators keep state), so one instance of this class may serve several threads.
 * The factory receives a reference step {@code dt_ref} in s: the largest step dividing the sample
 * interval with {@code c_max dt sqrt(1/dx^2 + 1/dy^2) <= 1} (the leapfrog CFL step). Classical RK4
 * is stable up to {@code sqrt 2} times that, so {@code ClassicalRungeKuttaIntegrator::new} is safe.
 */
public final class WaveMethodOfLinesIntegrator implements WaveIntegrator {

    private final DoubleFunction<? extends ODEIntegrator> factory;

    /**
     * @param factory builds a fresh Hipparchus integrator from the reference step (s), e.g.
     *        {@code ClassicalRungeKuttaIntegrator::new}
     */
    public WaveMethodOfLinesIntegrator(DoubleFunction<? extends ODEIntegrator> factory) {
        if (factory == null) {
            throw new IllegalArgumentException("ODE integrator factory is required");
        }
        this.factory = factory;
    }

    /** Classical fourth-order Runge-Kutta with the fixed reference step (Courant number &lt;= 1). */
    public static WaveMethodOfLinesIntegrator rungeKutta4() {
        return new WaveMethodOfLinesIntegrator(ClassicalRungeKuttaIntegrator::new);
    }

    /**
     * Adaptive Dormand-Prince 8(5,3) (Hairer, Norsett &amp; Wanner, "Solving Ordinary Differential
     * Equations I", 1993), with first step guess {@code dt_ref}, minimum step {@code 1e-8 dt_ref} and
     * maximum step {@code 2 dt_ref}. The cap matters: sources enter only through the right-hand side,
     * so an unbounded step could jump over a source pulse that has not started yet; for a wavelet
     * resolved by at least 5 points per wavelength {@code 2 dt_ref} is under 0.3 periods. Inside the
     * cap the error control keeps the step in the stability region.
     *
     * @param absoluteTolerance absolute error tolerance per state component (field units)
     * @param relativeTolerance relative error tolerance per state component
     */
    public static WaveMethodOfLinesIntegrator dormandPrince853(double absoluteTolerance, double relativeTolerance) {
        if (!(absoluteTolerance > 0) || !(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be absolute > 0 and relative >= 0, got "
                    + absoluteTolerance + ", " + relativeTolerance);
        }
        return new WaveMethodOfLinesIntegrator(dt -> {
            DormandPrince853Integrator integrator =
                    new DormandPrince853Integrator(1e-8 * dt, 2 * dt, absoluteTolerance, relativeTolerance);
            integrator.setInitialStepSize(dt);
            return integrator;
        });
    }

    @Override
    public WaveSolution solve(
            AcousticWave2D equation,
            double[] initialDisplacement,
            double[] initialVelocity,
            List<PointSource> sources,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            ProgressListener progress) {
        if (equation == null) {
            throw new IllegalArgumentException("equation is required");
        }
        SamplingPlan plan = SamplingPlan.withMaxStep(duration, sampleInterval, equation.stableTimeStep());
        Acquisition acq = Acquisition.of(equation, sources, receivers);
        Acquisition.checkInitial(equation, initialDisplacement, "displacement");
        Acquisition.checkInitial(equation, initialVelocity, "velocity");
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;

        WaveOde ode = new WaveOde(equation, acq);
        int n = ode.nodes();
        double[] y0 = new double[2 * n];
        double[] scratch = new double[n];
        if (initialDisplacement != null) {
            equation.embed(initialDisplacement, scratch);
            System.arraycopy(scratch, 0, y0, 0, n);
        }
        if (initialVelocity != null) {
            Arrays.fill(scratch, 0.0);
            equation.embed(initialVelocity, scratch);
            System.arraycopy(scratch, 0, y0, n, n);
        }

        double endTime = plan.endTime();
        double[][] traces = new double[acq.receivers.length][plan.samples()];
        Sampler sampler = new Sampler(acq, traces, plan, listener);
        ODEIntegrator integrator = factory.apply(plan.timeStep());
        if (integrator == null) {
            throw new IllegalArgumentException("ODE integrator factory returned null");
        }
        integrator.addStepHandler(sampler);
        ODEStateAndDerivative end = integrator.integrate(ode, new ODEState(0.0, y0), endTime);
        double[] y = end.getPrimaryState();
        double[] u = new double[n];
        double[] v = new double[n];
        System.arraycopy(y, 0, u, 0, n);
        System.arraycopy(y, n, v, 0, n);
        return new WaveSolution(
                traces, sampleInterval, endTime, sampler.steps, equation.extract(u), equation.extract(v));
    }

    /** Records receiver samples from each step's dense output and reports progress. */
    private static final class Sampler implements ODEStepHandler {

        private final Acquisition acq;
        private final double[][] traces;
        private final SamplingPlan plan;
        private final ProgressListener listener;
        private final double endTime;
        private int next;
        private int steps;

        Sampler(Acquisition acq, double[][] traces, SamplingPlan plan, ProgressListener listener) {
            this.acq = acq;
            this.traces = traces;
            this.plan = plan;
            this.listener = listener;
            this.endTime = plan.endTime();
        }

        @Override
        public void init(ODEStateAndDerivative initialState, double finalTime) {
            acq.record(initialState.getPrimaryState(), traces, 0);
            next = 1;
            steps = 0;
            listener.progress(0.0, endTime);
        }

        @Override
        public void handleStep(ODEStateInterpolator interpolator) {
            steps++;
            ODEStateAndDerivative current = interpolator.getCurrentState();
            double tEnd = current.getTime();
            // a sample within this slack of the step end is taken from the step end itself
            double slack = 1e-9 * plan.timeStep();
            while (next < plan.samples() && next * plan.sampleInterval() <= tEnd + slack) {
                double t = next * plan.sampleInterval();
                double[] y = Math.abs(t - tEnd) <= slack
                        ? current.getPrimaryState()
                        : interpolator.getInterpolatedState(t).getPrimaryState();
                acq.record(y, traces, next);
                next++;
            }
            listener.progress(Math.min(tEnd, endTime), endTime);
        }
    }
}
