package org.pdeflow.pde.wave;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Runs a seismic survey: every source is an independent shot (one wave simulation from rest with
 * that source alone), all recorded by the same receivers, as in full-waveform inversion. Shots run
 * in parallel on a fixed number of threads; each shot has its own solver state (the integrators
 * are stateless), so results do not depend on the thread count.
 */
public final class ShotRunner {

    private final WaveIntegrator integrator;
    private final int threads;

    /**
     * @param integrator time integrator used for every shot
     * @param threads number of shots run at once, &gt;= 1
     */
    public ShotRunner(WaveIntegrator integrator, int threads) {
        if (integrator == null) {
            throw new IllegalArgumentException("integrator is required");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
        }
        this.integrator = integrator;
        this.threads = threads;
    }

    /** One thread per available processor. */
    public ShotRunner(WaveIntegrator integrator) {
        this(integrator, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs all shots.
     *
     * @param equation the medium and boundary, shared by all shots
     * @param shots one source per shot, shot s uses {@code shots.get(s)} alone
     * @param receivers receivers common to all shots
     * @param duration simulated time per shot, s
     * @param sampleInterval trace sampling interval, s
     * @param progress told (simulated seconds done summed over shots, nShots times the run time);
     *        calls are serialised, so the listener needs no locking
     * @return traces of shape (nShots, nReceivers, nSamples): {@code [s][r][k]} is u at receiver r at
     *         time {@code k * sampleInterval} in shot s
     */
    public double[][][] run(
            AcousticWave2D equation,
            List<PointSource> shots,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            ProgressListener progress) {
        if (shots == null || shots.isEmpty()) {
            throw new IllegalArgumentException("at least one shot is required");
        }
        if (receivers == null) {
            throw new IllegalArgumentException("receiver list is required");
        }
        // fail fast on bad input before any thread starts
        Acquisition.of(equation, shots, receivers);
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        int count = shots.size();
        SharedProgress shared = new SharedProgress(count, listener);
        double[][][] out = new double[count][][];
        if (threads == 1 || count == 1) {
            for (int s = 0; s < count; s++) {
                out[s] = shot(equation, shots.get(s), receivers, duration, sampleInterval, shared, s);
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count), r -> {
            Thread t = new Thread(r, "wave-shot");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<double[][]>> futures = new ArrayList<>(count);
            for (int s = 0; s < count; s++) {
                final int shot = s;
                futures.add(pool.submit(
                        () -> shot(equation, shots.get(shot), receivers, duration, sampleInterval, shared, shot)));
            }
            for (int s = 0; s < count; s++) {
                out[s] = futures.get(s).get();
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running shots", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("shot failed", cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private double[][] shot(
            AcousticWave2D eq,
            PointSource source,
            List<Receiver> receivers,
            double duration,
            double sampleInterval,
            SharedProgress shared,
            int index) {
        return integrator.record(
                eq,
                List.of(source),
                receivers,
                duration,
                sampleInterval,
                (done, total) -> shared.report(index, done, total));
    }

    /**
     * Flattens traces of shape (nShots, nReceivers, nSamples) row-major into one array (index
     * {@code (s * nReceivers + r) * nSamples + k}), as NumPy's C order.
     */
    public static double[] flatten(double[][][] traces) {
        int shots = traces.length;
        int receivers = shots == 0 ? 0 : traces[0].length;
        int samples = receivers == 0 ? 0 : traces[0][0].length;
        double[] flat = new double[shots * receivers * samples];
        int p = 0;
        for (double[][] shot : traces) {
            if (shot.length != receivers) {
                throw new IllegalArgumentException("ragged traces: receiver counts differ between shots");
            }
            for (double[] trace : shot) {
                if (trace.length != samples) {
                    throw new IllegalArgumentException("ragged traces: sample counts differ");
                }
                System.arraycopy(trace, 0, flat, p, samples);
                p += samples;
            }
        }
        return flat;
    }

    /** Sums per-shot progress and forwards it under a lock. */
    private static final class SharedProgress {
        private final double[] done;
        private final ProgressListener listener;
        private double sum;

        SharedProgress(int shots, ProgressListener listener) {
            this.done = new double[shots];
            this.listener = listener;
        }

        synchronized void report(int shot, double value, double total) {
            sum += value - done[shot];
            done[shot] = value;
            listener.progress(Math.min(sum, total * done.length), total * done.length);
        }
    }
}
