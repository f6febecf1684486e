package org.pdeflow.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pdeflow.datasets.io.AtomicOutput;

/**
 * A self-contained HTML page of results: headings, paragraphs, lists of settings, tables and figures
 * (image files in the page's folder, linked by relative path), in the order they are added.
 *
 * <p>The page fetches nothing: its style sheet is inline, it carries no script, and every image is a
 * file beside it, so the folder can be zipped, mailed or opened offline. All text is HTML-escaped;
 * image paths are percent-encoded.
 *
 * <pre>
 *   new HtmlReport("Darcy inverse problem")
 *       .paragraph("Recover a from 123 readings of u.")
 *       .facts(Map.of("grid", "64 x 64"))
 *       .table(new HtmlReport.Table("Errors", List.of("method", "error"), List.of(List.of("daps", "0.57"))))
 *       .figure(new HtmlReport.Figure("truth.png", "Truth", "a and u", "heatmaps of the true fields"))
 *       .write(folder.resolve("index.html"));
 * </pre>
 */
public final class HtmlReport {

    /**
     * A figure: an image file shown at the page's width.
     *
     * @param file path relative to the page, with '/' separators, no "..", e.g. {@code daps/a.png}
     * @param title shown above the image
     * @param caption shown below it; may be empty
     * @param alt text for readers who cannot see the image
     */
    public record Figure(String file, String title, String caption, String alt) {
        public Figure {
            requireRelative(file);
        }
    }

    /**
     * A table of text cells; a column whose cells all read as numbers (or a dash for "none") is
     * right-aligned.
     *
     * @param caption shown above the table; may be empty
     * @param header column names
     * @param rows rows of exactly {@code header.size()} cells each
     */
    public record Table(String caption, List<String> header, List<List<String>> rows) {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != header.size()) {
                    throw new IllegalArgumentException(
                            "table row " + row + " has " + row.size() + " cells, the header " + header.size());
                }
            }
        }
    }

    private final String title;
    private final StringBuilder body = new StringBuilder();
    private final List<String> images = new ArrayList<>();

    /** @param title the page title and first heading */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** A section heading. */
    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    /** A paragraph of plain text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A command line or other literal text, shown in a monospaced block. */
    public HtmlReport code(String text) {
        body.append("<pre><code>").append(escape(text)).append("</code></pre>\n");
        return this;
    }

    /** Named values (settings), in the map's iteration order. */
    public HtmlReport facts(Map<String, String> values) {
        body.append("<dl class=\"facts\">\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            body.append("<dt>")
                    .append(escape(e.getKey()))
                    .append("</dt><dd>")
                    .append(escape(e.getValue()))
                    .append("</dd>\n");
        }
        body.append("</dl>\n");
        return this;
    }

    /** A table. */
    public HtmlReport table(Table table) {
        body.append("<table>\n");
        if (!table.caption().isEmpty()) {
            body.append("<caption>").append(escape(table.caption())).append("</caption>\n");
        }
        // A column of numbers (or dashes for "none") is right-aligned, its header too.
        int columns = table.header().size();
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            final int col = c;
            numeric[c] = !table.rows().isEmpty()
                    && table.rows().stream().allMatch(r -> numeric(r.get(col)) || isDash(r.get(col)))
                    && table.rows().stream().anyMatch(r -> numeric(r.get(col)));
        }
        body.append("<thead><tr>");
        for (int c = 0; c < columns; c++) {
            body.append(numeric[c] ? "<th class=\"num\">" : "<th>")
                    .append(escape(table.header().get(c)))
                    .append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : table.rows()) {
            body.append("<tr>");
            for (int c = 0; c < columns; c++) {
                body.append(numeric[c] ? "<td class=\"num\">" : "<td>")
                        .append(escape(row.get(c)))
                        .append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody>\n</table>\n");
        return this;
    }

    /** A figure. */
    public HtmlReport figure(Figure figure) {
        images.add(figure.file());
        body.append("<figure>\n<h3>")
                .append(escape(figure.title()))
                .append("</h3>\n<img src=\"")
                .append(escape(encodePath(figure.file())))
                .append("\" alt=\"")
                .append(escape(figure.alt()))
                .append("\">\n");
        if (!figure.caption().isEmpty()) {
            body.append("<figcaption>").append(escape(figure.caption())).append("</figcaption>\n");
        }
        body.append("</figure>\n");
        return this;
    }

    /** The image files the page links to, relative to it, in page order. */
    public List<String> images() {
        return List.copyOf(images);
    }

    /** The page. */
    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"generator\" content=\"pdeflow\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n"
                + "<h1>" + escape(title) + "</h1>\n" + body + "</main>\n</body>\n</html>\n";
    }

    /** Writes the page atomically. */
    public void write(Path file) throws IOException {
        byte[] bytes = render().getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(file, out -> out.write(bytes));
    }

    /** Escapes text for HTML element content and double- or single-quoted attribute values. */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Percent-encodes a relative path for a URL, keeping '/' and the unreserved characters (RFC 3986). */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    private static void requireRelative(String file) {
        if (file == null
                || file.isEmpty()
                || file.startsWith("/")
                || file.contains("\\")
                || file.contains(":")
                || List.of(file.split("/")).contains("..")) {
            throw new IllegalArgumentException(
                    "a figure's file must be a relative path inside the report folder, got '" + file + "'");
        }
    }

    private static boolean isDash(String cell) {
        return cell.equals("—") || cell.equals("-") || cell.equals("–");
    }

    /** Whether a cell holds a number (possibly with a sign, exponent or trailing unit-free % sign). */
    private static boolean numeric(String cell) {
        return cell.matches("[-+−]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?( ?%)?");
    }

    private static final String STYLE = """
            body { margin: 0; background: #f6f7f9; color: #1d2330;
                   font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; background: #fff;
                   box-shadow: 0 0 12px rgba(0, 0, 0, 0.06); }
            h1 { font-size: 1.8em; margin: 0.4em 0 0.3em; }
            h2 { font-size: 1.3em; margin: 1.8em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid #dde1e8; }
            h3 { font-size: 1.05em; margin: 0 0 0.4em; }
            p { max-width: 60em; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.25em 1.5em; margin: 0.8em 0; }
            dl.facts dt { font-weight: 600; color: #4a5264; }
            dl.facts dd { margin: 0; }
            table { border-collapse: collapse; margin: 1em 0; font-variant-numeric: tabular-nums; }
            caption { text-align: left; font-weight: 600; padding-bottom: 0.4em; }
            th, td { padding: 0.35em 0.9em; border-bottom: 1px solid #e3e6ec; text-align: left; }
            th { background: #eef1f6; font-weight: 600; }
            th.num, td.num { text-align: right; }
            tbody tr:hover { background: #f8f9fb; }
            figure { margin: 1.6em 0; }
            figure img { display: block; max-width: 100%; height: auto; border: 1px solid #e3e6ec; }
            figcaption { color: #4a5264; font-size: 0.92em; margin-top: 0.4em; max-width: 60em; }
            pre { background: #f1f3f6; padding: 0.7em 1em; overflow-x: auto; border-radius: 4px; }
            code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
            """;
}
