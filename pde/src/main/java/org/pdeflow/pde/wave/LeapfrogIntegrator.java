package org.pdeflow.pde.wave;

import java.util.List;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Second-order explicit leapfrog (central differences in time) for {@link AcousticWave2D}, the
 * standard scheme of seismic modelling (Alford, Kelly &amp; Boore 1974, "Accuracy of finite-difference
 * modeling of the acoustic wave equation", Geophysics 39; Cohen 2002, ch. 1). The damping term of
 * a sponge is centred, {@code sigma (u^{n+1} - u^{n-1}) / (2 dt)}. Second order in dt and h; without
 * sponge and sources it conserves a discrete energy exactly.
 *
 * <p><b>Time step.</b> Stability needs the Courant number
 * {@code nu = c_max dt sqrt(1/dx^2 + 1/dy^2) <= 1}, i.e. {@code c_max dt / h <= 1/sqrt 2} on square
 * cells. By default the step is chosen automatically: the largest step with {@code nu <= 0.9}
 * ({@link #DEFAULT_COURANT}) that divides the sample interval, so every sample falls on a step.
 * {@link #withTimeStep(double)} fixes dt instead; a run rejects it (IllegalArgumentException) if it
 * violates the CFL bound or does not divide the sample interval.
 *
 * <p>Stateless: one instance can run several problems concurrently (each run allocates its own
 * arrays, 2 padded fields plus coefficients; nothing is allocated per step).
 */
public final class LeapfrogIntegrator implements WaveIntegrator {

    /** Default Courant number {@code c_max dt sqrt(1/dx^2 + 1/dy^2)} of the automatic time step. */
    public static final double DEFAULT_COURANT = 0.9;

    private final double courant;
    private final double fixedStep;

    private LeapfrogIntegrator(double courant, double fixedStep) {
        this.courant = courant;
        this.fixedStep = fixedStep;
    }

    /** Automatic time step at Courant number {@link #DEFAULT_COURANT}. */
    public LeapfrogIntegrator() {
        this(DEFAULT_COURANT, Double.NaN);
    }

    /**
     * Automatic time step: the largest dt dividing the sample interval with
     * {@code c_max dt sqrt(1/dx^2 + 1/dy^2) <= courant}.
     *
     * @param courant in (0, 1]
     */
    public static LeapfrogIntegrator withCourant(double courant) {
        if (!(courant > 0 && courant <= 1)) {
            throw new IllegalArgumentException(
                    "Courant number must be in (0, 1] for leapfrog stability, got " + courant);
        }
        return new LeapfrogIntegrator(courant, Double.NaN);
    }

    /**
     * Fixed time step {@code dt} (s); each run checks it against the CFL limit
     * {@link AcousticWave2D#stableTimeStep()} and requires it to divide the sample interval.
     */
    public static LeapfrogIntegrator withTimeStep(double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("time step must be positive and finite (s), got " + dt);
        }
        return new LeapfrogIntegrator(Double.NaN, dt);
    }

    /**
     * The time step (s) a run of this integrator uses for the given equation and sample interval
     * (the automatic choice, or the fixed step after its CFL and divisibility checks).
     */
    public double timeStep(AcousticWave2D equation, double sampleInterval) {
        return plan0(equation, sampleInterval, sampleInterval).timeStep();
    }

    private SamplingPlan plan0(AcousticWave2D eq, double duration, double sampleInterval) {
        if (eq == null) {
            throw new IllegalArgumentException("equation is required");
        }
        double limit = eq.stableTimeStep();
        if (Double.isNaN(fixedStep)) {
            return SamplingPlan.withMaxStep(duration, sampleInterval, courant * limit);
        }
        if (fixedStep > limit * (1 + 1e-12)) {
            throw new IllegalArgumentException("time step " + fixedStep + " s violates the CFL limit " + limit
                    + " s (c_max dt sqrt(1/dx^2 + 1/dy^2) <= 1, i.e. c_max dt / h <= 1/sqrt(2)); c_max = "
                    + eq.maxVelocity() + " m/s");
        }
        return SamplingPlan.withStep(duration, sampleInterval, fixedStep);
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
        SamplingPlan plan = plan0(equation, duration, sampleInterval);
        Acquisition acq = Acquisition.of(equation, sources, receivers);
        Acquisition.checkInitial(equation, initialDisplacement, "displacement");
        Acquisition.checkInitial(equation, initialVelocity, "velocity");
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;

        int samples = plan.samples();
        double[][] traces = new double[acq.receivers.length][samples];
        double endTime = plan.endTime();
        double dt = plan.timeStep();
        int substeps = plan.substeps();

        LeapfrogStepper stepper = new LeapfrogStepper(equation, dt, acq);
        stepper.start(initialDisplacement, initialVelocity);
        acq.record(stepper.previous(), traces, 0);
        listener.progress(Math.min(dt, endTime), endTime);
        long total = plan.steps();
        for (int k = 1; k < samples; k++) {
            // the Taylor start already produced u^1
            int first = k == 1 ? 1 : 0;
            for (int s = first; s < substeps; s++) {
                stepper.step();
                listener.progress(Math.min(stepper.time(), endTime), endTime);
            }
            acq.record(stepper.current(), traces, k);
        }
        double[] velocity = equation.extract(stepper.centredVelocity());
        double[] displacement = equation.extract(stepper.current());
        return new WaveSolution(
                traces, sampleInterval, endTime, (int) Math.min(total, Integer.MAX_VALUE), displacement, velocity);
    }
}
