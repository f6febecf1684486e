/**
 * Progress reporting from long computations without a dependency on any user interface.
 *
 * <p>Time integrators, ensemble runs and sweeps throughout pdeflow take a {@link ProgressListener} and call it from the
 * working thread as they advance ({@code ProgressListener.NONE} when nobody listens); the command-line program turns
 * the reports into a progress bar with rate and ETA. It lives in the lowest module so that every layer can report
 * through the same interface.
 */
package org.pdeflow.pde.progress;
