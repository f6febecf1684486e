package org.pdeflow.examples.jobs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Units on a fixed number of this JVM's threads. The first unit to fail (in input order) stops the list: the units
 * not yet finished are cancelled and its exception is rethrown as it was.
 */
public final class LocalJobs implements Jobs {

    private final int threads;

    /** @param threads units run at once, &gt;= 1 */
    public LocalJobs(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread is needed, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public <I extends Serializable, O extends Serializable> List<O> map(
            String job, List<I> units, Task<I, O> task, IntConsumer progress) throws Exception {
        IntConsumer done = progress == null ? n -> {} : progress;
        AtomicInteger finished = new AtomicInteger();
        List<O> out = new ArrayList<>(units.size());
        if (threads == 1 || units.size() <= 1) {
            for (I unit : units) {
                out.add(task.apply(unit));
                done.accept(finished.incrementAndGet());
            }
            return out;
        }
        AtomicInteger serial = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, units.size()), r -> {
            Thread t = new Thread(r, "pdeflow-job-" + serial.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<O>> futures = new ArrayList<>();
            for (I unit : units) {
                futures.add(pool.submit(() -> {
                    O result = task.apply(unit);
                    done.accept(finished.incrementAndGet());
                    return result;
                }));
            }
            for (Future<O> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public int parallelism() {
        return threads;
    }

    @Override
    public void close() {
        // the threads live only within map
    }
}
