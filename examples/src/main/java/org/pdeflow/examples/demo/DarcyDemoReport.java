package org.pdeflow.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.pdeflow.examples.inverse.InverseResults;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.plot.LineChart;
import org.pdeflow.examples.report.HtmlReport;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The report folder of {@code pdeflow demo}: {@code index.html} with the set-up, the table of errors
 * and timings and the figures; the figures as PNG files; per method a folder with the arrays of
 * {@code pdeflow solve} ({@code <field>_mean.npy}, {@code _std.npy}, {@code _samples.npy}); and
 * {@code results.json} with every number of the table.
 */
public final class DarcyDemoReport {

    /** The page. */
    public static final String INDEX = "index.html";

    private DarcyDemoReport() {}

    /**
     * Writes figures, arrays, results.json and index.html into {@code dir}.
     *
     * @param seconds wall time of the demo up to the report
     * @return the page as written
     */
    public static HtmlReport write(
            Path dir, DarcyDemoCase c, List<DemoMethodResult> results, DarcyDemoSettings s, double seconds)
            throws IOException {
        Grid2D g = c.grid();
        double[] px = c.readings().x();
        double[] py = c.readings().y();
        int size = s.plotSize();
        int width = Heatmap.panelWidth(g, size);

        HtmlReport page = new HtmlReport("pdeflow demo: permeability from " + c.count() + " pressure readings");
        page.paragraph(
                "Darcy flow −∇·(a ∇u) = 1 on the unit square with u = 0 on its boundary: a is the permeability of "
                        + "the ground, u the pressure. A true a (two rock types, a = 3 and a = 12, as in the FNO "
                        + "data) was drawn, "
                        + "its pressure u computed with pdeflow's reference solver, and u read at " + c.count()
                        + " places ("
                        + percent(c.count(), g.size())
                        + " of the grid) with noise. From these readings alone each method below "
                        + ""
                        + "estimates a, and with it u everywhere. The diffusion method uses the shipped prior, "
                        + "trained on "
                        + "simulated (a, u) pairs; the classical methods use a smooth Gaussian model of log a and "
                        + "the solver.");
        page.heading("Set-up");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("grid", g.nx() + " × " + g.ny() + " nodes on [0, 1]²");
        facts.put("truth", "FNO {12, 3} thresholded Gaussian field, seed " + s.seed());
        facts.put("readings", c.count() + " of u at random interior places (" + DarcyDemoCase.READINGS + ")");
        facts.put(
                "noise σ",
                String.format(
                        Locale.ROOT, "%.3g (%s of the RMS of u)", c.sigma(), trim(s.relativeNoise() * 100) + " %"));
        facts.put("prior", s.prior() + " (joint (a, u) EDM prior, U-NO denoiser)");
        for (String m : s.methods()) {
            facts.put(label(m), settings(m, s));
        }
        facts.put("wall time", String.format(Locale.ROOT, "%.0f s in all", seconds));
        page.facts(facts);

        page.heading("Errors and timings");
        page.table(table(results));
        DemoMethodResult bestA = results.stream()
                .min(Comparator.comparingDouble(DemoMethodResult::errorA))
                .orElseThrow();
        DemoMethodResult bestU = results.stream()
                .min(Comparator.comparingDouble(DemoMethodResult::errorU))
                .orElseThrow();
        DemoMethodResult bestRate = results.stream()
                .min(Comparator.comparingDouble(DemoMethodResult::errorRateA))
                .orElseThrow();
        page.paragraph(String.format(
                Locale.ROOT,
                "Lowest error of a: %s (%.3f). Fewest nodes in the wrong phase: %s (%.3f). Lowest error of u = "
                        + "solve(a): %s (%.3f). For scale, the best constant guess of a (the truth's mean) has "
                        + "error %.3f. One case says little: over ten held-apart fields (docs/results/darcy64-unknown) "
                        + "DiffPIR puts 3.1 %% of the nodes in the wrong phase, EnKG 4.6 %%, EKI 6.2 %%, Tikhonov "
                        + "10.0 %%.",
                label(bestA.method()),
                bestA.errorA(),
                label(bestRate.method()),
                bestRate.errorRateA(),
                label(bestU.method()),
                bestU.errorU(),
                constantError(c.a())));
        page.paragraph(
                "Errors are relative L2 errors |mean − truth| / |truth| of the posterior mean (the estimate, for "
                        + ""
                        + "Tikhonov). “u = solve(a)” pushes every sample of a through the reference solver; the "
                        + "diffusion prior "
                        + "also gives u directly (“prior’s u”). The misfit is the RMS of (u − reading) / σ over the "
                        + "readings for "
                        + "u = solve(a): about 1 means the readings are fitted to their noise level, well below 1 "
                        + "that the noise "
                        + "is fitted too. Wall time is the method alone; network evaluations count batched calls of "
                        + "the prior’s "
                        + "denoiser, PDE solves the Darcy solves (and adjoint solves) the method ran.");

        page.heading("Truth and readings");
        Heatmap.writePng(
                dir.resolve("truth.png"),
                List.of(
                        InverseResults.marked(Heatmap.of(g, c.a(), "true permeability a", "a"), px, py, g),
                        InverseResults.marked(Heatmap.of(g, c.u(), "true pressure u", "u"), px, py, g)),
                2,
                width,
                size);
        page.figure(new HtmlReport.Figure(
                "truth.png",
                "The true fields",
                "Circles: the " + c.count() + " places where u was read. Files: " + DarcyDemoCase.TRUTH_A + ", "
                        + DarcyDemoCase.TRUTH_U + ".",
                "heatmaps of the true permeability a and the true pressure u with the reading places marked"));

        for (DemoMethodResult r : results) {
            Path mdir = dir.resolve(r.method());
            Files.createDirectories(mdir);
            InverseResults.writeArrays(mdir, r.fields(), false);
            page.heading(label(r.method()));
            page.paragraph(description(r.method(), s));
            figure(
                    page,
                    mdir,
                    r,
                    "a",
                    "a",
                    c.a(),
                    px,
                    py,
                    width,
                    size,
                    String.format(Locale.ROOT, "Permeability: relative error %.3f.", r.errorA()));
            figure(
                    page,
                    mdir,
                    r,
                    DemoMethodResult.U_SOLVED,
                    "u = solve(a)",
                    c.u(),
                    px,
                    py,
                    width,
                    size,
                    String.format(
                            Locale.ROOT,
                            "Pressure of the estimated permeability: relative error %.3f, misfit %.2f.",
                            r.errorU(),
                            r.residualRms()));
            if (r.hasOwnU()) {
                figure(
                        page,
                        mdir,
                        r,
                        "u",
                        "prior’s u",
                        c.u(),
                        px,
                        py,
                        width,
                        size,
                        String.format(
                                Locale.ROOT,
                                "Pressure channel of the joint prior: relative error %.3f.",
                                r.errorUPrior()));
            }
        }

        page.heading("Data misfit per step");
        writeMisfit(dir.resolve("misfit.png"), results, c.count());
        page.figure(new HtmlReport.Figure(
                "misfit.png",
                "Data misfit during each run",
                "RMS of (G(x) − y) / σ over the readings as each method reports it after each step ("
                        + String.join(
                                "; ",
                                results.stream()
                                        .map(r -> label(r.method()) + ": " + stepName(r.method()))
                                        .toList())
                        + "), for the method's current estimate; 1 is the noise level. For "
                        + label(s.priorMethod())
                        + " G(x) is the prior's own u, so this is not the misfit of u = solve(a) "
                        + "in the table.",
                "line chart of the data misfit against the step for each method"));

        page.heading("Files and how to re-run");
        page.paragraph("Every array is a NumPy .npy file (x along the first axis). Per method, the folder of its name "
                + ""
                + "holds <field>_mean.npy, <field>_std.npy and <field>_samples.npy for the fields a, log_a "
                + "(classical "
                + "methods), u (the prior’s own) and u_solved (= solve(a)), as pdeflow solve writes them; "
                + "results.json "
                + "has the numbers of the table. pdeflow solve, run from this folder on the same readings, "
                + "reproduces a "
                + "method's arrays (bit for bit when both run with one PyTorch thread: demo --threads 1, "
                + "solve --threads 1):");
        page.code(rerun(results.get(0).method(), s));
        page.write(dir.resolve(INDEX));
        writeJson(dir.resolve("results.json"), c, results, s, seconds);
        return page;
    }

    /** The table of errors and timings, one row per method. */
    public static HtmlReport.Table table(List<DemoMethodResult> results) {
        List<List<String>> rows = new ArrayList<>();
        for (DemoMethodResult r : results) {
            rows.add(List.of(
                    label(r.method()),
                    fmt3(r.errorA()),
                    fmt3(r.errorRateA()),
                    fmt3(r.errorU()),
                    r.hasOwnU() ? fmt3(r.errorUPrior()) : "—",
                    String.format(Locale.ROOT, "%.2f", r.residualRms()),
                    String.format(Locale.ROOT, "%.1f", r.run().seconds()),
                    Long.toString(Math.round(r.networkEvaluations())),
                    Long.toString(r.pdeSolves())));
        }
        return new HtmlReport.Table(
                "",
                List.of(
                        "method",
                        "error of a",
                        "wrong-phase fraction of a",
                        "error of u = solve(a)",
                        "error of prior’s u",
                        "misfit",
                        "wall time (s)",
                        "network evaluations",
                        "PDE solves"),
                rows);
    }

    private static void figure(
            HtmlReport page,
            Path mdir,
            DemoMethodResult r,
            String field,
            String label,
            double[] truth,
            double[] px,
            double[] py,
            int width,
            int size,
            String caption)
            throws IOException {
        List<JFreeChart> charts = InverseResults.panels(r.field(field), label, truth, false, px, py);
        Heatmap.writePng(mdir.resolve(field + ".png"), charts, charts.size(), width, size);
        page.figure(new HtmlReport.Figure(
                r.method() + "/" + field + ".png",
                label(r.method()) + ": " + label,
                caption
                        + (r.field(field).samples().length > 1
                                ? " Mean and pointwise standard deviation of "
                                        + r.field(field).samples().length + " samples; "
                                : " A point estimate; ")
                        + "the error panel is |mean − truth|. Circles: reading places.",
                label(r.method()) + " estimate of " + label + ": mean, spread and error heatmaps"));
    }

    private static void writeMisfit(Path file, List<DemoMethodResult> results, int count) throws IOException {
        LineChart chart = new LineChart("data misfit per step", "step", "RMS of (G(x) − y) / σ").logY();
        int longest = 1;
        for (DemoMethodResult r : results) {
            double[] h = r.run().reconstruction().misfitHistory();
            double[] x = new double[h.length];
            double[] y = new double[h.length];
            int n = 0;
            for (int k = 0; k < h.length; k++) {
                if (h[k] > 0 && Double.isFinite(h[k])) {
                    x[n] = k + 1;
                    y[n++] = Math.sqrt(2 * h[k] / count);
                }
            }
            longest = Math.max(longest, h.length);
            chart.add(label(r.method()), Arrays.copyOf(x, n), Arrays.copyOf(y, n));
        }
        chart.add("noise level", new double[] {1, longest}, new double[] {1, 1});
        JFreeChart c = chart.chart();
        // Plain tick labels (1, 10, 100) rather than powers with fractional exponents.
        LogarithmicAxis y = new LogarithmicAxis(c.getXYPlot().getRangeAxis().getLabel());
        y.setStrictValuesFlag(false);
        c.getXYPlot().setRangeAxis(y);
        Heatmap.writePng(file, c, 900, 420);
    }

    /** The name of a method as shown. */
    public static String label(String method) {
        return Methods.get(method).label();
    }

    /**
     * Relative L2 error of the best constant approximation of a field, its mean m:
     * |a - m| / |a| = sqrt(1 - m^2 / mean(a^2)).
     */
    public static double constantError(double[] a) {
        double mean = 0;
        double square = 0;
        for (double v : a) {
            mean += v / a.length;
            square += v * v / a.length;
        }
        return Math.sqrt(Math.max(0, 1 - mean * mean / square));
    }

    private static String stepName(String method) {
        return Methods.get(method).stepName();
    }

    /** A method's settings as the page states them: its steps, its other knobs, and its samples. */
    private static String settings(String m, DarcyDemoSettings s) {
        InverseMethod method = Methods.get(m);
        InverseMethod.Configured c = s.configured(m);
        List<String> parts = new ArrayList<>();
        c.describe().forEach((k, v) -> {
            if (!k.equals("steps")) {
                parts.add(k + " " + v);
            }
        });
        String samples = switch (method.output()) {
            case SAMPLES -> s.samplesOf(m) + " samples";
            case ENSEMBLE -> "ensemble of " + s.samplesOf(m);
            case POINT_ESTIMATE -> "one estimate";
        };
        return c.steps() + " " + method.stepName() + (c.steps() == 1 ? "" : "s")
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")") + "; " + samples;
    }

    private static String description(String m, DarcyDemoSettings s) {
        return Methods.get(m).description();
    }

    private static String rerun(String method, DarcyDemoSettings s) {
        return String.format(
                Locale.ROOT,
                "bin/pdeflow solve --problem darcy-inverse --observations %s --truth %s \\%n"
                        + "    --method %s --samples %d --steps %d --seed %d --out %s-again/",
                DarcyDemoCase.READINGS,
                DarcyDemoCase.TRUTH_A,
                method,
                s.samplesOf(method),
                s.steps().get(method),
                s.seed(),
                method);
    }

    private static void writeJson(
            Path file, DarcyDemoCase c, List<DemoMethodResult> results, DarcyDemoSettings s, double seconds)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("resolution", s.resolution());
        setup.put("readings", c.count());
        setup.put("sigma", c.sigma());
        setup.put("relativeNoise", s.relativeNoise());
        setup.put("seed", s.seed());
        setup.put("prior", s.prior());
        setup.put("steps", s.steps());
        setup.put("samples", s.samples());
        setup.put("ensemble", s.ensemble());
        json.put("setup", setup);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DemoMethodResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("method", r.method());
            row.put("relativeL2A", r.errorA());
            row.put("errorRateA", r.errorRateA());
            row.put("relativeL2USolved", r.errorU());
            row.put("relativeL2UPrior", r.hasOwnU() ? r.errorUPrior() : null);
            row.put("misfitRms", r.residualRms());
            row.put("seconds", r.run().seconds());
            row.put("networkEvaluations", r.networkEvaluations());
            row.put("pdeSolves", r.pdeSolves());
            row.put("samples", r.run().reconstruction().sampleCount());
            row.put("prior", r.run().prior());
            row.put("misfitHistory", r.run().reconstruction().misfitHistory());
            rows.add(row);
        }
        json.put("methods", rows);
        json.put("seconds", seconds);
        InverseResults.writeJson(file, json);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String percent(int part, int whole) {
        return trim(100.0 * part / whole) + " %";
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
