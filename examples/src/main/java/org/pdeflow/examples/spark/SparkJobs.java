package org.pdeflow.examples.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.pdeflow.examples.jobs.Jobs;
import org.pdeflow.examples.jobs.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to a Spark cluster (or {@code local[N]}) that runs lists of independent units of work as tasks.
 *
 * <p>{@link #connect} starts a Spark context for a master URL and {@link #close} stops it, unless a context for the
 * same master is already open in this JVM ({@link #keepOpen}, as tests and benchmarks do to pay the start-up once):
 * then the connection borrows it and closing it leaves it running.
 *
 * <p>{@link #map} makes one partition per unit: pdeflow's units (a dataset shard, a benchmark cell, a measurement
 * file, an ensemble particle) are coarse, so Spark's scheduling, not its data movement, is what matters. Results come
 * back to the driver in input order; the first failure of a task stops the job and is rethrown as a one-line
 * {@link SparkFailure}.
 */
public final class SparkJobs implements Jobs {

    private static final Logger LOG = LoggerFactory.getLogger(SparkJobs.class);
    private static SparkJobs held;

    private final JavaSparkContext context;
    private final boolean owner;
    private final AtomicInteger finished = new AtomicInteger();
    private volatile IntConsumer onTaskEnd = n -> {};

    private SparkJobs(JavaSparkContext context, boolean owner) {
        this.context = context;
        this.owner = owner;
    }

    /**
     * Connects to a master, borrowing the context {@link #keepOpen} holds for the same master.
     *
     * @param master a Spark master URL: {@code local[*]}, {@code local[2]}, {@code spark://host:7077}, {@code yarn}...
     * @param appName the application name the cluster shows
     * @return the connection; close it when done
     * @throws IllegalArgumentException when Spark rejects the master URL or cannot start (one line)
     */
    public static synchronized SparkJobs connect(String master, String appName) {
        if (held != null && !held.context.sc().isStopped()) {
            if (held.context.master().equals(master)) {
                return new SparkJobs(held.context, false);
            }
            throw new IllegalArgumentException("--spark " + master + ": this program already runs Spark on "
                    + held.context.master() + " (one Spark context per JVM)");
        }
        return new SparkJobs(start(master, appName), true);
    }

    /**
     * Starts a context for a master and keeps it open for later {@link #connect} calls until the returned connection
     * is closed: one start-up for many jobs (tests, benchmarks).
     *
     * @param master the master URL
     * @return the connection that owns the context
     */
    public static synchronized SparkJobs keepOpen(String master) {
        SparkJobs jobs = connect(master, "pdeflow");
        if (jobs.owner) {
            held = jobs;
        }
        return jobs;
    }

    private static JavaSparkContext start(String master, String appName) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--spark needs a master URL, e.g. local[*] or spark://host:7077");
        }
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName(appName)
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.ui.showConsoleProgress", "false");
        if (master.startsWith("local")) {
            // One machine: no network name lookups, no port on the outside interface.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            long t0 = System.nanoTime();
            SparkContext sc = new SparkContext(conf);
            LOG.info(
                    "Spark {} started on {} ({} task slots) in {} s",
                    sc.version(),
                    master,
                    sc.defaultParallelism(),
                    String.format("%.1f", (System.nanoTime() - t0) * 1e-9));
            return new JavaSparkContext(sc);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("--spark " + master + ": " + firstLine(rootMessage(e)), e);
        } catch (Exception e) {
            // Scala declares no checked exceptions; SparkException is one nonetheless.
            throw new IllegalArgumentException("--spark " + master + ": " + firstLine(rootMessage(e)), e);
        }
    }

    /** The master URL. */
    public String master() {
        return context.master();
    }

    /** How many tasks the cluster runs at once by default (cores of {@code local[N]}, executors' cores). */
    @Override
    public int parallelism() {
        return context.defaultParallelism();
    }

    /**
     * Runs {@code task} on every unit, one Spark task per unit, and returns the results in input order.
     *
     * @param job a short name for logs and the error message, e.g. "generate darcy"
     * @param units the units; each is serialized to its task
     * @param task the work, serialized with everything it captures
     * @param progress told the number of finished tasks as they finish (on a Spark thread), or null
     * @return the results, in the order of {@code units}
     * @throws SparkFailure when a task fails (the job is stopped; the message is the first failure's)
     */
    @Override
    public <I extends Serializable, O extends Serializable> List<O> map(
            String job, List<I> units, Task<I, O> task, IntConsumer progress) {
        if (units.isEmpty()) {
            return new ArrayList<>();
        }
        finished.set(0);
        onTaskEnd = progress == null ? n -> {} : progress;
        Listener listener = new Listener(this);
        String group = "pdeflow-" + UUID.randomUUID();
        context.sc().addSparkListener(listener);
        context.setJobGroup(group, job, true);
        try {
            return new ArrayList<>(
                    context.parallelize(units, units.size()).map(task::apply).collect());
        } catch (RuntimeException e) {
            throw failure(job, group, listener, e);
        } catch (Exception e) {
            throw failure(job, group, listener, e);
        } finally {
            context.clearJobGroup();
            context.sc().removeSparkListener(listener);
            onTaskEnd = n -> {};
        }
    }

    /**
     * The one-line failure of a job, once its other tasks have stopped: they are cancelled (their threads
     * interrupted) and waited for, so that the caller's clean-up does not race a task still writing.
     */
    private SparkFailure failure(String job, String group, Listener listener, Exception e) {
        context.cancelJobGroup(group);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (!listener.quiet() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return new SparkFailure(job + " failed on Spark (" + master() + "): " + firstLine(rootMessage(e)), e);
    }

    @Override
    public void close() {
        if (owner) {
            synchronized (SparkJobs.class) {
                if (held == this) {
                    held = null;
                }
            }
            context.stop();
        }
    }

    /** The deepest cause's message (a task's own exception, not Spark's wrapping), or the exception's name. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Counts started and finished tasks: the progress report, and when a failed job's tasks have all stopped. */
    private static final class Listener extends SparkListener {
        private final SparkJobs jobs;
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger ended = new AtomicInteger();
        private volatile boolean jobEnded;

        Listener(SparkJobs jobs) {
            this.jobs = jobs;
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart taskStart) {
            started.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            ended.incrementAndGet();
            if (taskEnd.taskInfo() != null && taskEnd.taskInfo().successful()) {
                jobs.onTaskEnd.accept(jobs.finished.incrementAndGet());
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd jobEnd) {
            jobEnded = true;
        }

        /** The job has ended (so every task start is counted) and every started task has ended. */
        boolean quiet() {
            return jobEnded && ended.get() >= started.get();
        }
    }
}
