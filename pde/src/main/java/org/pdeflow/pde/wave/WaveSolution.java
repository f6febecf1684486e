package org.pdeflow.pde.wave;

/**
 * What a {@link WaveIntegrator} run produced: receiver traces and the final wavefield.
 *
 * <p>Arrays are returned without defensive copies (they can be large); the caller owns them.
 *
 * @param traces recorded u at the receivers, shape (nReceivers, nSamples): {@code traces[r][k]} is
 *        u at receiver r at time {@code k * sampleInterval}, k = 0 .. nSamples-1 (sample 0 is t = 0)
 * @param sampleInterval time between samples, s
 * @param endTime time of the last sample and of the final fields, {@code (nSamples - 1) * sampleInterval}, s
 * @param steps number of time steps taken
 * @param displacement u(endTime) on the model grid, length nx * ny, row-major (index i * ny + j)
 * @param velocity u_t(endTime) on the model grid, same layout (for leapfrog the centred difference
 *        {@code (u^{N+1} - u^{N-1}) / (2 dt)}, second-order accurate)
 */
public record WaveSolution(
        double[][] traces, double sampleInterval, double endTime, int steps, double[] displacement, double[] velocity) {

    /** Number of receivers (rows of {@link #traces()}). */
    public int receiverCount() {
        return traces.length;
    }

    /** Number of time samples per trace, {@code round(endTime / sampleInterval) + 1}. */
    public int sampleCount() {
        return (int) Math.round(endTime / sampleInterval) + 1;
    }
}
