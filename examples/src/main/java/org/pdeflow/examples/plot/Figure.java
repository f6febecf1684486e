package org.pdeflow.examples.plot;

import java.nio.file.Path;

/**
 * A figure written to disk in two formats, with the words a report page shows beside it.
 *
 * @param title short title, e.g. "a: truth, posterior mean, std, |error|"
 * @param caption one or two sentences on what the figure shows and how to read it
 * @param png the raster file
 * @param svg the vector file (same drawing)
 */
public record Figure(String title, String caption, Path png, Path svg) {}
