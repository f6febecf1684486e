package org.pdeflow.inverse.forward;

import java.util.List;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.AcousticWave2D;
import org.pdeflow.pde.wave.LeapfrogIntegrator;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.ShotRunner;

/**
 * Seismic full-waveform inversion's forward model as a black box: wave speed c(x, y) (m/s, on a
 * NODE grid) to the receiver traces of every shot of a survey,
 * <pre>
 *   G(c) = traces[s][r][k] = u_s(x_r, y_r, k dt_sample),   u_tt + sigma u_t = c^2 Δu + w(t) δ(x - x_s),
 * </pre>
 * flattened in C order ({@code (s * receivers + r) * samples + k}), computed with the pde module's
 * {@link AcousticWave2D} and {@link LeapfrogIntegrator} (automatic CFL time step, so the step
 * depends on max c). No gradient is provided (the adjoint-state gradient of InverseBench's FWI
 * is not implemented here); ensemble members run in parallel on the given {@link BatchExecutor},
 * the shots of one member sequentially.
 */
public final class AcousticWaveForwardModel implements ForwardModel {

    /** Name of the unknown field. */
    public static final String FIELD = "c";

    private final Unknowns unknowns;
    private final List<PointSource> shots;
    private final List<Receiver> receivers;
    private final double duration;
    private final double sampleInterval;
    private final AbsorbingLayer boundary;
    private final BatchExecutor executor;
    private final int samples;

    /**
     * @param grid NODE grid of the model, lengths in m
     * @param shots one source per shot
     * @param receivers receivers shared by the shots
     * @param duration recording length per shot, s
     * @param sampleInterval trace sampling interval, s
     * @param boundary absorbing layer or rigid boundary
     * @param executor runs the members of {@link #applyBatch}
     */
    public AcousticWaveForwardModel(
            Grid2D grid,
            List<PointSource> shots,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            AbsorbingLayer boundary,
            BatchExecutor executor) {
        if (grid == null || grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException("the wave model needs a NODE grid");
        }
        if (shots == null || shots.isEmpty() || receivers == null || receivers.isEmpty()) {
            throw new IllegalArgumentException("at least one shot and one receiver are required");
        }
        if (!(duration > 0) || !(sampleInterval > 0) || sampleInterval > duration) {
            throw new IllegalArgumentException(
                    "need 0 < sample interval <= duration, got " + sampleInterval + " and " + duration);
        }
        if (boundary == null || executor == null) {
            throw new IllegalArgumentException("boundary and executor are required");
        }
        this.unknowns = Unknowns.single(FIELD, grid);
        this.shots = List.copyOf(shots);
        this.receivers = List.copyOf(receivers);
        this.duration = duration;
        this.sampleInterval = sampleInterval;
        this.boundary = boundary;
        this.executor = executor;
        // The integrators record floor(duration / interval) + 1 samples (t = 0 included).
        this.samples = (int) Math.floor(duration / sampleInterval + 1e-9) + 1;
    }

    /** Samples per trace. */
    public int samplesPerTrace() {
        return samples;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return shots.size() * receivers.size() * samples;
    }

    @Override
    public double[] apply(double[] x) {
        unknowns.requireLength(x, "wave speed");
        AcousticWave2D equation = new AcousticWave2D(unknowns.fields().get(0).grid(), x, boundary);
        double[][][] traces = new ShotRunner(new LeapfrogIntegrator(), 1)
                .run(equation, shots, receivers, duration, sampleInterval, ProgressListener.NONE);
        double[] flat = ShotRunner.flatten(traces);
        if (flat.length != outputSize()) {
            throw new IllegalStateException(
                    "wave solver returned " + flat.length + " values, expected " + outputSize());
        }
        return flat;
    }

    @Override
    public double[][] applyBatch(double[][] xs) {
        return executor.map(xs.length, i -> apply(xs[i]));
    }

    @Override
    public String description() {
        Grid2D g = unknowns.fields().get(0).grid();
        return "acoustic wave " + g.nx() + " x " + g.ny() + " (" + shots.size() + " shots, " + receivers.size()
                + " receivers, " + samples + " samples)";
    }
}
