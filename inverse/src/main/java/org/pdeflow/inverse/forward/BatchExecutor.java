package org.pdeflow.inverse.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs the members of a batch (ensemble particles, finite-difference probes) on at most a fixed
 * number of threads at once: the bounded pool of black-box forward models.
 *
 * <p>Each {@link #map} call starts {@code min(maxConcurrency, count)} daemon threads and stops them
 * before returning, so nothing outlives the call. Results come back in index order. If a member
 * throws, the members not yet finished are cancelled (their threads interrupted; an external
 * process being waited for is then killed, see {@link ExternalForwardModel}) and the first failure
 * in index order is rethrown unchanged when it is unchecked.
 */
public final class BatchExecutor {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int maxConcurrency;

    /**
     * @param maxConcurrency the most members run at once, &gt;= 1
     */
    public BatchExecutor(int maxConcurrency) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("at least one concurrent evaluation is needed, got " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
    }

    /** One member per available processor. */
    public static BatchExecutor perProcessor() {
        return new BatchExecutor(Runtime.getRuntime().availableProcessors());
    }

    /** The most members run at once. */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Evaluates {@code task.apply(i)} for i = 0 .. count-1.
     *
     * @param count number of members, &gt;= 0
     * @param task the work for member i; must be safe to call from several threads
     * @return the results in index order
     */
    public double[][] map(int count, IntFunction<double[]> task) {
        return mapAll(count, task).toArray(double[][]::new);
    }

    /**
     * {@link #map} for results of any type.
     *
     * @param count number of members, &gt;= 0
     * @param task the work for member i; must be safe to call from several threads
     * @param <T> the result type
     * @return the results in index order
     */
    public <T> List<T> mapAll(int count, IntFunction<T> task) {
        List<T> out = new ArrayList<>(count);
        if (count == 0) {
            return out;
        }
        int threads = Math.min(maxConcurrency, count);
        if (threads == 1) {
            for (int i = 0; i < count; i++) {
                out.add(task.apply(i));
            }
            return out;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger serial = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pdeflow-batch-" + pool + "-" + serial.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                final int member = i;
                futures.add(executor.submit(() -> task.apply(member)));
            }
            for (int i = 0; i < count; i++) {
                out.add(futures.get(i).get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForwardModelException("interrupted while evaluating a batch of " + count, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ForwardModelException("batch member failed: " + cause, cause);
        } finally {
            executor.shutdownNow();
        }
    }
}
