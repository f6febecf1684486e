package org.pdeflow.pde.wave;

import java.util.List;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * A time integrator of the space-discretised {@link AcousticWave2D} (5-point Laplacian).
 *
 * <p>Implementations: {@link LeapfrogIntegrator} (explicit second-order central differences,
 * the seismic standard) and {@link WaveMethodOfLinesIntegrator} (any Hipparchus ODE integrator on the
 * first-order system in (u, u_t)). Implementations are stateless between calls, so one instance
 * may serve several threads at once.
 *
 * <p>Samples are taken at {@code t_k = k * sampleInterval} for k = 0 .. K where
 * {@code K = floor(duration / sampleInterval)} (a ratio within 1e-9 of a whole number counts as
 * whole), and the run ends at {@code t_K}. To get only the wavefield at time T pass
 * {@code sampleInterval = duration = T} and no receivers.
 */
public interface WaveIntegrator {

    /**
     * Integrates from t = 0 and records traces.
     *
     * @param equation the problem
     * @param initialDisplacement u(0) on the model grid (nx * ny, row-major), or null for zero
     * @param initialVelocity u_t(0) on the model grid, or null for zero
     * @param sources point sources (may be empty), fired together in this one run
     * @param receivers receivers (may be empty)
     * @param duration simulated time, s
     * @param sampleInterval time between trace samples, s
     * @param progress told (simulated seconds done, simulated seconds in all) as steps complete
     * @return traces of shape (nReceivers, nSamples) and the final fields
     */
    WaveSolution solve(
            AcousticWave2D equation,
            double[] initialDisplacement,
            double[] initialVelocity,
            List<PointSource> sources,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            ProgressListener progress);

    /**
     * As {@link #solve(AcousticWave2D, double[], double[], List, List, double, double, ProgressListener)} from rest
     * (u = u_t = 0).
     */
    default WaveSolution solve(
            AcousticWave2D equation,
            List<PointSource> sources,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            ProgressListener progress) {
        return solve(equation, null, null, sources, receivers, duration, sampleInterval, progress);
    }

    /** Traces only, shape (nReceivers, nSamples), starting from rest. */
    default double[][] record(
            AcousticWave2D equation,
            List<PointSource> sources,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            ProgressListener progress) {
        return solve(equation, sources, receivers, duration, sampleInterval, progress)
                .traces();
    }
}
