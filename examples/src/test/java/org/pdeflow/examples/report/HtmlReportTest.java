package org.pdeflow.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    @Test
    void textIsEscapedEverywhere() {
        String evil = "<script>alert(\"x\" & 'y')</script>";
        String html = new HtmlReport(evil)
                .heading(evil)
                .paragraph(evil)
                .code(evil)
                .facts(Map.of(evil, evil))
                .table(new HtmlReport.Table(evil, List.of(evil), List.of(List.of(evil))))
                .figure(new HtmlReport.Figure("a.png", evil, evil, evil))
                .render();
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("alert(\""), html);
        assertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"), html);
    }

    @Test
    void figuresAreListedAndTheirPathsEncoded() {
        HtmlReport r = new HtmlReport("t")
                .figure(new HtmlReport.Figure("daps/a.png", "A", "", "alt"))
                .figure(new HtmlReport.Figure("my figures/ü b.png", "B", "caption", "alt"));
        assertEquals(List.of("daps/a.png", "my figures/ü b.png"), r.images());
        String html = r.render();
        assertTrue(html.contains("src=\"daps/a.png\""), html);
        // UTF-8 of ü is C3 BC; a space is %20.
        assertTrue(html.contains("src=\"my%20figures/%C3%BC%20b.png\""), html);
        assertEquals(2, html.split("<img ", -1).length - 1);
    }

    @Test
    void figuresOutsideTheFolderAreRefused() {
        for (String bad :
                List.of("../x.png", "/etc/x.png", "a/../../x.png", "http://example.com/x.png", "C:\\x.png", "")) {
            assertThrows(IllegalArgumentException.class, () -> new HtmlReport.Figure(bad, "t", "", "a"), bad);
        }
    }

    @Test
    void tablesKeepTheirShapeAndAlignNumbers() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new HtmlReport.Table("", List.of("a", "b"), List.of(List.of("1"))));
        String html = new HtmlReport("t")
                .table(new HtmlReport.Table(
                        "",
                        List.of("method", "error", "n"),
                        List.of(List.of("DAPS", "0.571", "200"), List.of("EKI", "1.2e-3", "—"))))
                .render();
        assertTrue(html.contains("<th>method</th><th class=\"num\">error</th><th class=\"num\">n</th>"), html);
        assertTrue(html.contains("<td>DAPS</td><td class=\"num\">0.571</td><td class=\"num\">200</td>"), html);
        assertTrue(html.contains("<td>EKI</td><td class=\"num\">1.2e-3</td><td class=\"num\">—</td>"), html);
    }

    @Test
    void thePageFetchesNothing() {
        String html = new HtmlReport("t")
                .paragraph("p")
                .figure(new HtmlReport.Figure("a.png", "A", "", "alt"))
                .render();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(
                html.contains("http:") || html.contains("https:") || html.contains("<script") || html.contains("<link"),
                html);
    }
}
