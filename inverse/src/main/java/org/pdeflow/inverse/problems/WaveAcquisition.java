package org.pdeflow.inverse.problems;

import java.util.List;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;

/**
 * How seismograms were recorded: the model grid (nx x ny nodes at {@code spacing} m, x along the
 * first axis, depth y along the second), one Ricker point source per shot, the receivers shared by
 * the shots, the trace sampling and the boundary. With it {@code traces[s][r][k]} is the wavefield of
 * shot s at receiver r at time {@code k * sampleInterval} ({@link AcousticWaveForwardModel}); its file
 * form is {@link WaveAcquisitionFile}.
 *
 * @param nx nodes along x, &gt;= 3
 * @param ny nodes along y (depth), &gt;= 3
 * @param spacing grid spacing h, m
 * @param shots one source per shot, inside the model
 * @param receivers receivers shared by the shots, inside the model
 * @param sampleInterval trace sampling interval, s
 * @param duration recording length, s; a trace has floor(duration / sampleInterval) + 1 samples
 * @param boundary the absorbing sponge outside the model, or {@link AbsorbingLayer#NONE}
 */
public record WaveAcquisition(
        int nx,
        int ny,
        double spacing,
        List<PointSource> shots,
        List<Receiver> receivers,
        double sampleInterval,
        double duration,
        AbsorbingLayer boundary) {

    public WaveAcquisition {
        if (nx < 3 || ny < 3) {
            throw new IllegalArgumentException("the model needs at least 3 x 3 nodes, got " + nx + " x " + ny);
        }
        positive(spacing, "grid spacing");
        positive(sampleInterval, "sample interval");
        positive(duration, "recording length");
        if (sampleInterval > duration) {
            throw new IllegalArgumentException(
                    "the sample interval " + sampleInterval + " s exceeds the recording length " + duration + " s");
        }
        if (shots == null || shots.isEmpty() || receivers == null || receivers.isEmpty()) {
            throw new IllegalArgumentException("at least one shot and one receiver are required");
        }
        if (boundary == null) {
            throw new IllegalArgumentException("the boundary is required (AbsorbingLayer.NONE for a rigid one)");
        }
        shots = List.copyOf(shots);
        receivers = List.copyOf(receivers);
        double lx = spacing * (nx - 1);
        double ly = spacing * (ny - 1);
        for (int i = 0; i < shots.size(); i++) {
            inside(shots.get(i).x(), shots.get(i).y(), lx, ly, "source " + (i + 1));
        }
        for (int i = 0; i < receivers.size(); i++) {
            inside(receivers.get(i).x(), receivers.get(i).y(), lx, ly, "receiver " + (i + 1));
        }
    }

    private static void positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
    }

    /** Fails when (x, y) lies outside [0, lx] x [0, ly]. */
    static void inside(double x, double y, double lx, double ly, String what) {
        if (!(x >= 0 && x <= lx && y >= 0 && y <= ly)) {
            throw new IllegalArgumentException(
                    what + " at (" + x + ", " + y + ") m lies outside the model [0, " + lx + "] x [0, " + ly + "] m");
        }
    }

    /** The model's NODE grid, lengths in m. */
    public Grid2D grid() {
        return new Grid2D(nx, ny, spacing * (nx - 1), spacing * (ny - 1), Layout.NODE);
    }

    /** The forward model c to the traces of every shot (leapfrog at the CFL step of max c). */
    public AcousticWaveForwardModel forwardModel(BatchExecutor executor) {
        return new AcousticWaveForwardModel(grid(), shots, receivers, duration, sampleInterval, boundary, executor);
    }

    /** Samples per trace, as the forward model records them. */
    public int samples() {
        return forwardModel(new BatchExecutor(1)).samplesPerTrace();
    }

    /** The shape of the traces, (shots, receivers, samples). */
    public int[] tracesShape() {
        return new int[] {shots.size(), receivers.size(), samples()};
    }
}
