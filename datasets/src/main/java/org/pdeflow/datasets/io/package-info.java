/**
 * File output that readers never see half written, and the exception for malformed input files.
 *
 * <p>{@link AtomicOutput} writes a file into a temporary sibling and renames it onto the target once complete;
 * {@link FolderSwap} does the same for a whole folder (checkpoints, report folders), staging the new contents beside
 * the target and swapping them in, so a failure or a kill leaves the previous version untouched. {@link InputException}
 * reports a missing, mis-shaped or invalid user file in one line that names the file and, where they apply, the line
 * and field, which the command-line program prints as is before exiting with the usage-error code.
 */
package org.pdeflow.datasets.io;
