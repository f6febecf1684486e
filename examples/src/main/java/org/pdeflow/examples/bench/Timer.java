package org.pdeflow.examples.bench;

import java.util.Arrays;

/**
 * In-process timing with warm-up: runs a task a few times so the JIT compiles it, then reports the
 * median wall time of further runs. Medians, not means, because the machines are small and shared.
 */
final class Timer {

    private final int warmups;
    private final int repetitions;

    /**
     * @param warmups untimed runs first
     * @param repetitions timed runs; the median is reported
     */
    Timer(int warmups, int repetitions) {
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    /** Number of timed runs per figure. */
    int repetitions() {
        return repetitions;
    }

    /** A task whose run time is measured. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /** Median seconds per run of {@code task}. */
    double median(Task task) throws Exception {
        for (int w = 0; w < warmups; w++) {
            task.run();
        }
        double[] s = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            task.run();
            s[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return repetitions % 2 == 1 ? s[repetitions / 2] : 0.5 * (s[repetitions / 2 - 1] + s[repetitions / 2]);
    }

    /** Median seconds per call when {@code inner} calls are batched into one timed run. */
    double medianPerCall(int inner, Task task) throws Exception {
        return median(() -> {
                    for (int k = 0; k < inner; k++) {
                        task.run();
                    }
                })
                / inner;
    }
}
