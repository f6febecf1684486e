package org.pdeflow.examples.cli;

import java.util.Locale;
import org.slf4j.Logger;

/**
 * The up-front estimate of a simulation's wall time, so that a run that would take hours (a field in
 * the wrong units makes the CFL step tiny) says so before it starts instead of sitting at 0 %.
 *
 * <p>The estimate times a short trial of the same integrator on the same problem (about
 * {@link #TRIAL_STEPS} CFL steps) and scales it to the whole simulated time. Above
 * {@link #WARN_SECONDS} it logs a warning; above {@link #LIMIT_SECONDS} the command refuses to start
 * unless {@code --allow-long} is given.
 */
final class RunLength {

    /** CFL steps in the timing trial. */
    static final int TRIAL_STEPS = 20;
    /** Estimated wall time above which a warning is logged: 10 minutes. */
    static final double WARN_SECONDS = 600;
    /** Estimated wall time above which the run is refused without --allow-long: 1 hour. */
    static final double LIMIT_SECONDS = 3600;

    private RunLength() {}

    /**
     * Warns about or refuses a long run.
     *
     * @param command e.g. "simulate ns"
     * @param seconds the estimated wall time
     * @param why what the estimate rests on (steps, step size and its cause)
     * @param allowLong the user's --allow-long
     * @param log where the warning goes
     * @throws IllegalArgumentException above {@link #LIMIT_SECONDS} without {@code allowLong}
     */
    static void check(String command, double seconds, String why, boolean allowLong, Logger log) {
        if (seconds > LIMIT_SECONDS && !allowLong) {
            throw new IllegalArgumentException(command + ": this run would take about " + duration(seconds) + " (" + why
                    + "); check the input's units and the step options, or pass --allow-long to run it anyway");
        }
        if (seconds > WARN_SECONDS) {
            log.warn("{}: this run will take about {} ({})", command, duration(seconds), why);
        }
    }

    /** "12 minutes", "3.4 hours", "2.1e+05 hours". */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f seconds", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f minutes", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.3g hours", seconds / 3600);
    }
}
