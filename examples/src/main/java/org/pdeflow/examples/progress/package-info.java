/**
 * Terminal progress display for the command-line program.
 *
 * <p>{@link ProgressBars} implements the solvers' {@link org.pdeflow.pde.progress.ProgressListener} with a progress bar
 * showing rate and ETA on standard error (one redrawn line on a terminal, a log line every ten seconds without one, so
 * CI logs and notebooks stay readable).
 */
package org.pdeflow.examples.progress;
