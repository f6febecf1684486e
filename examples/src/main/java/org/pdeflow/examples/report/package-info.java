/**
 * Self-contained HTML result pages and the folders they are written to.
 *
 * <p>{@link HtmlReport} builds a page of headings, paragraphs, settings, tables and figures that fetches nothing
 * (inline style sheet, no script, images as files beside it, all text escaped), so a report folder can be zipped or
 * opened offline; the demo and the inverse-problem commands write their results this way. {@link ReportFolder} writes
 * such a folder all at once (a hidden sibling that takes the target's place when complete) and refuses to replace any
 * folder it did not write itself, so a mistyped {@code --out} cannot delete data.
 */
package org.pdeflow.examples.report;
