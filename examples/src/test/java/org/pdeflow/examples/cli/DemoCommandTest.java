package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.pdeflow.datasets.measurements.MeasurementReader;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.report.ReportFolder;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;

/**
 * {@code pdeflow demo} end to end on small settings (the shipped 64^2 prior, its default method DiffPIR with 10
 * levels and 2 samples): the report
 * folder holds every figure it links, valid PNGs, a table row per method with finite numbers that
 * agree with the arrays beside them; and headless Chromium shows the page without a broken image.
 *
 * <p>The browser test looks for Chromium at the system property {@code pdeflow.browser}, else at
 * {@code /usr/bin/chromium}; without one it is skipped, unless {@code -Dpdeflow.require.browser=true}
 * or the environment variable {@code PDEFLOW_REQUIRE_BROWSER=true} is given (CI, {@code .ci/run}),
 * which makes a missing browser a failure.
 */
class DemoCommandTest {

    private static final int S = 64;
    private static final int READINGS = 40;
    private static final List<String> METHODS = List.of("diffpir", "tikhonov", "eki");
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");

    @TempDir
    static Path tmp;

    static Path out;
    static CliRun run;
    static String html;

    @BeforeAll
    static void runDemo() throws IOException {
        out = tmp.resolve("report");
        run = CliRun.of(
                "demo",
                "--out",
                out.toString(),
                "--readings",
                Integer.toString(READINGS),
                "--steps",
                "10",
                "--iterations",
                "5",
                "--samples",
                "2",
                "--ensemble",
                "8",
                "--threads",
                "1",
                "--plot-size",
                "160");
        assertEquals(0, run.exitCode(), run.err());
        html = Files.readString(out.resolve("index.html"), StandardCharsets.UTF_8);
    }

    @Test
    void saysWhereTheReportIs() {
        String last = run.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("Report: " + out.toAbsolutePath().normalize().resolve("index.html"), last);
        assertTrue(run.out().contains("Wall time: "), run.out());
    }

    @Test
    void everyFigureIsLinkedExistsAndIsAPng() throws IOException {
        Set<String> linked = new TreeSet<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            linked.add(m.group(1));
        }
        Set<String> expected = new TreeSet<>(List.of(
                "truth.png",
                "misfit.png",
                "diffpir/a.png",
                "diffpir/u_solved.png",
                "tikhonov/a.png",
                "tikhonov/u_solved.png",
                "eki/a.png",
                "eki/u_solved.png"));
        assertEquals(expected, linked);
        for (String f : linked) {
            Path p = out.resolve(f);
            byte[] head;
            try (InputStream in = Files.newInputStream(p)) {
                head = in.readNBytes(8);
            }
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, head, f);
            BufferedImage img = ImageIO.read(p.toFile());
            assertTrue(img.getWidth() >= 160 && img.getHeight() >= 160, f);
            // Heatmaps have many colours; the line chart a few (curves, grid, text).
            assertTrue(colours(img) > (f.equals("misfit.png") ? 5 : 50), f + ": " + colours(img) + " colours");
        }
        assertFalse(
                html.contains("http:") || html.contains("https:") || html.contains("<script") || html.contains("<link"),
                "the page must fetch nothing");
    }

    @Test
    void theTableHasAFiniteRowPerMethodThatAgreesWithTheArrays() throws IOException {
        String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
        List<List<String>> rows = new ArrayList<>();
        Matcher tr = Pattern.compile("<tr>(.*?)</tr>").matcher(body);
        while (tr.find()) {
            List<String> cells = new ArrayList<>();
            Matcher td = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr.group(1));
            while (td.find()) {
                cells.add(td.group(1));
            }
            rows.add(cells);
        }
        assertEquals(
                List.of("DiffPIR", "Tikhonov", "EKI"),
                rows.stream().map(r -> r.get(0)).toList());
        double[] a = Npy.read(out.resolve("truth_a.npy")).data();
        for (int k = 0; k < rows.size(); k++) {
            List<String> row = rows.get(k);
            // error of a, wrong-phase fraction, error of u = solve(a), misfit, wall time, network evaluations,
            // PDE solves
            for (int c : new int[] {1, 2, 3, 5, 6, 7, 8}) {
                double v = Double.parseDouble(row.get(c));
                assertTrue(Double.isFinite(v) && v >= 0, row.toString());
            }
            // The error in the table is the error of the mean array written beside it.
            double[] mean =
                    Npy.read(out.resolve(METHODS.get(k)).resolve("a_mean.npy")).data();
            assertEquals(relativeL2(mean, a), Double.parseDouble(row.get(1)), 5e-4, row.toString());
            // and the wrong-phase fraction is that of the mean array against the truth, counted here
            int wrong = 0;
            for (int i = 0; i < a.length; i++) {
                if ((mean[i] > 7.5) != (a[i] > 7.5)) {
                    wrong++;
                }
            }
            assertEquals((double) wrong / a.length, Double.parseDouble(row.get(2)), 5e-4, row.toString());
        }
        // The yardstick under the table: the error of the constant field at the truth's mean.
        double[] constant = new double[a.length];
        Arrays.fill(constant, Arrays.stream(a).average().orElseThrow());
        assertTrue(html.contains(String.format(Locale.ROOT, "has error %.3f.", relativeL2(constant, a))), html);
        List<String> best = rows.stream()
                .min(Comparator.comparingDouble(r -> Double.parseDouble(r.get(1))))
                .orElseThrow();
        assertTrue(html.contains("Lowest error of a: " + best.get(0) + " (" + best.get(1) + ")"), html);
        // The shipped prior is over a alone: no u of its own (a joint prior's would have an error here)
        assertEquals("—", rows.get(0).get(4));
        assertEquals("—", rows.get(1).get(4));
        assertTrue(Double.parseDouble(rows.get(0).get(7)) > 0, "the diffusion method calls its network");
        assertTrue(Double.parseDouble(rows.get(0).get(8)) > 0, "the prior over a is guided through the solver");
        assertTrue(Double.parseDouble(rows.get(2).get(8)) >= 8 * 5, "EKI solves once per member and iteration");
    }

    @Test
    void theCaseFilesAreWhatTheyClaim() throws IOException {
        Grid2D grid = Grid2D.nodes(S, 1.0);
        double[] a = Npy.read(out.resolve("truth_a.npy")).data();
        double[] u = Npy.read(out.resolve("truth_u.npy")).data();
        assertTrue(Arrays.stream(a).allMatch(v -> v == 3.0 || v == 12.0), "a takes the FNO values 3 and 12");
        assertEquals(0, relativeL2(new DarcySolver(grid).solve(a), u), 1e-12);
        Measurements m = MeasurementReader.forGrid(grid, "u").read(out.resolve("readings.csv"));
        assertEquals(READINGS, m.size());
        double rms = Math.sqrt(Arrays.stream(u).map(v -> v * v).average().orElseThrow());
        for (double sigma : m.sigmas()) {
            assertEquals(0.005 * rms, sigma, 1e-12 * rms);
        }
        // Tikhonov is a point estimate: its u_solved is the solver's u of its a.
        double[] ta = Npy.read(out.resolve("tikhonov/a_mean.npy")).data();
        double[] tu = Npy.read(out.resolve("tikhonov/u_solved_mean.npy")).data();
        assertEquals(0, relativeL2(new DarcySolver(grid).solve(ta), tu), 1e-10);
        assertTrue(Files.exists(out.resolve(ReportFolder.MARKER)));
    }

    @Test
    void aForeignFolderIsRefusedBeforeAnyWork() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        CliRun r = CliRun.of("demo", "--out", mine.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("not a pdeflow report folder"), r.err());
        assertEquals(
                List.of("notes.txt"),
                Files.list(mine).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void noImageIsBrokenInHeadlessChromium() throws Exception {
        Path browser = browser();
        Path check = out.resolve("browser-check.html");
        Path control = out.resolve("browser-control.html");
        Files.writeString(check, html.replace("</body>", IMAGE_PROBE + "</body>"), StandardCharsets.UTF_8);
        Files.writeString(
                control,
                html.replace("</body>", "<img src=\"missing.png\" alt=\"\">" + IMAGE_PROBE + "</body>"),
                StandardCharsets.UTF_8);
        try {
            int images = html.split("<img ", -1).length - 1;
            assertEquals(8, images);
            assertArrayEquals(new int[] {images, images, 0}, probe(browser, check), "images, loaded, broken");
            // The probe can fail: one missing file is one broken image.
            assertArrayEquals(new int[] {images + 1, images, 1}, probe(browser, control), "images, loaded, broken");
        } finally {
            Files.deleteIfExists(check);
            Files.deleteIfExists(control);
        }
    }

    /** Counts the page's images, those that loaded and those that did not, once the page has loaded. */
    private static final String IMAGE_PROBE = """
            <script>
            window.addEventListener('load', function () {
              var imgs = Array.prototype.slice.call(document.images);
              var loaded = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
              document.body.setAttribute('data-images', String(imgs.length));
              document.body.setAttribute('data-loaded', String(loaded));
              document.body.setAttribute('data-broken', String(imgs.length - loaded));
            });
            </script>
            """;

    private static int[] probe(Path browser, Path page) throws Exception {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path dom = tmp.resolve("dom-" + page.getFileName() + ".txt");
        Process p = new ProcessBuilder(
                        browser.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--virtual-time-budget=10000",
                        "--dump-dom",
                        page.toUri().toString())
                .redirectErrorStream(false)
                .redirectOutput(dom.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("Chromium did not finish within 90 s");
        }
        String text = Files.readString(dom, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<body data-images=\"(\\d+)\" data-loaded=\"(\\d+)\" data-broken=\"(\\d+)\"")
                .matcher(text);
        assertTrue(
                m.find(),
                "Chromium (exit " + p.exitValue() + ") printed no probed body: "
                        + text.substring(0, Math.min(300, text.length())));
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /** The Chromium to use; skips the test when there is none, unless one is required. */
    private static Path browser() {
        boolean required = Boolean.getBoolean("pdeflow.require.browser")
                || "true".equalsIgnoreCase(System.getenv("PDEFLOW_REQUIRE_BROWSER"));
        Path path = chooseBrowser(System.getProperty("pdeflow.browser"), required, Files::isExecutable);
        Assumptions.assumeTrue(
                path != null,
                "no Chromium at /usr/bin/chromium; set -Dpdeflow.browser=PATH or "
                        + "-Dpdeflow.require.browser=true (or PDEFLOW_REQUIRE_BROWSER=true) to require it");
        return path;
    }

    /**
     * The browser: the named one, else /usr/bin/chromium; null (skip) when that is missing and none
     * was named or required; a failure when a named or required browser is missing.
     */
    static Path chooseBrowser(String named, boolean required, Predicate<Path> executable) {
        boolean isNamed = named != null && !named.isBlank();
        Path path = isNamed ? Path.of(named) : Path.of("/usr/bin/chromium");
        if (executable.test(path)) {
            return path;
        }
        if (isNamed || required) {
            fail("headless Chromium is required but " + path + " is not an executable "
                    + "(install it, e.g. apt-get install chromium, or set -Dpdeflow.browser=PATH)");
        }
        return null;
    }

    @Test
    void aMissingBrowserSkipsOnlyWhenNoneIsRequired() {
        assertEquals(null, chooseBrowser(null, false, p -> false));
        assertEquals(Path.of("/usr/bin/chromium"), chooseBrowser(null, true, p -> true));
        assertEquals(Path.of("/opt/c"), chooseBrowser("/opt/c", false, p -> p.equals(Path.of("/opt/c"))));
        assertThrows(AssertionFailedError.class, () -> chooseBrowser(null, true, p -> false));
        assertThrows(AssertionFailedError.class, () -> chooseBrowser("/opt/c", false, p -> false));
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    private static double relativeL2(double[] x, double[] t) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - t[i]) * (x[i] - t[i]);
            den += t[i] * t[i];
        }
        return Math.sqrt(num / den);
    }
}
