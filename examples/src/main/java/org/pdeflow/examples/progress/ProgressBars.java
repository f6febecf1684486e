package org.pdeflow.examples.progress;

import java.text.DecimalFormat;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pdeflow.pde.progress.ProgressListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar with rate and ETA for long runs, fed through a {@link ProgressListener}.
 *
 * <p>On a terminal it redraws one line on standard error. Without a terminal (CI, pipes, notebooks)
 * it degrades to a log line every ten seconds, so logs stay readable.
 */
public final class ProgressBars implements ProgressListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("pdeflow.progress");
    /** Work is counted in thousandths of the caller's unit so fractional simulated time shows smoothly. */
    private static final long SCALE = 1000;

    private final ProgressBar bar;
    private final long max;

    private ProgressBars(ProgressBar bar, long max) {
        this.bar = bar;
        this.max = max;
    }

    /**
     * Starts a progress bar.
     *
     * @param task the name shown before the bar
     * @param total total work in the caller's unit (seconds of simulated time, samples, ...)
     * @param unit the unit's short name, shown in the counts and the rate (e.g. "t", "samples")
     * @return the bar; close it when the work ends
     */
    public static ProgressBars start(String task, double total, String unit) {
        return start(task, total, unit, 0);
    }

    /**
     * Starts a progress bar for work that resumes part-way, e.g. training from a checkpoint: the bar
     * starts at {@code done}, and its rate and ETA count only the work of this run (counted from 0,
     * a resumed run would show thousands of steps per second at first and a far too early ETA).
     *
     * @param task the name shown before the bar
     * @param total total work in the caller's unit
     * @param unit the unit's short name
     * @param done work already done before this run, in [0, total]
     * @return the bar; close it when the work ends
     */
    public static ProgressBars start(String task, double total, String unit, double done) {
        long max = Math.max(1, Math.round(total * SCALE));
        long from = Math.min(max, Math.max(0, Math.round(done * SCALE)));
        ProgressBarBuilder b = new ProgressBarBuilder()
                .startsFrom(from, Duration.ZERO)
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, SCALE)
                .showSpeed(new DecimalFormat("0.###"))
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(LOG::info))
                    .setUpdateIntervalMillis((int) Duration.ofSeconds(10).toMillis());
        } else {
            b.setUpdateIntervalMillis(250);
        }
        return new ProgressBars(b.build(), max);
    }

    @Override
    public void progress(double done, double total) {
        long scaled = total > 0 ? Math.round(done / total * max) : max;
        bar.stepTo(Math.min(max, Math.max(0, scaled)));
    }

    /** Shows a short message after the bar, e.g. the current time step. */
    public void message(String text) {
        bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        bar.close();
    }
}
