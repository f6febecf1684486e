/**
 * Charts of fields and curves (JFreeChart), written as PNG and SVG for reports, papers and notebooks.
 *
 * <p>{@link Heatmap} draws 2-D fields in physical units with a colour bar, using the {@link ColorMap}s viridis for
 * one-signed fields and Moreland's cool-warm, centred on zero, for signed ones (one stretched image per field, so
 * vector output stays small). {@link LineChart} plots curves over a shared x axis, with {@link LogAxes} labelling
 * logarithmic axes at round values even over less than a decade. {@link FigureFiles} writes a set of panels as both PNG
 * and SVG (JFreeSVG) with the same layout, atomically, and returns a {@link Figure}: the two files with the title and
 * caption a report shows beside them.
 */
package org.pdeflow.examples.plot;
