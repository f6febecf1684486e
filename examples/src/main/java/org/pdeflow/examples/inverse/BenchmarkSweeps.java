package org.pdeflow.examples.inverse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.examples.diagnostics.MethodComparisonChart;
import org.pdeflow.examples.plot.Figure;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.inverse.methods.Methods;

/**
 * The outputs of {@code benchmark inverse} sweeps, per problem: error against NFE
 * ({@code <problem>_error_vs_nfe}) and against the number of readings
 * ({@code <problem>_error_vs_readings}), each a chart (PNG, SVG) with one series per method and a
 * CSV of the plotted numbers. Cells that failed ({@link #FAILED}) are left out.
 */
public final class BenchmarkSweeps {

    private static final String CSV_HEADER =
            "problem,method,steps,readings,nfe_per_sample,forward_evaluations_per_field,"
                    + "relative_l2_mean,relative_l2_std,misfit_per_reading,seconds_per_field\n";

    /**
     * The key of a failed cell's reason in a benchmark row: such a row has no numbers and is left out
     * of the charts and CSV tables (benchmark.md and benchmark.json record it).
     */
    public static final String FAILED = "failed";

    private BenchmarkSweeps() {}

    /**
     * Writes the charts and tables of the sweep rows.
     *
     * @param dir output folder (exists)
     * @param rows benchmark rows; those with a "sweep" key are used
     * @return the figures, as {title, png, svg, csv} file names
     */
    public static List<Map<String, String>> write(
            Path dir,
            List<Map<String, Object>> rows,
            List<String> problems,
            List<String> methods,
            boolean steps,
            boolean readings)
            throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (String problem : problems) {
            if (steps) {
                out.add(one(dir, rows, problem, methods, "steps", "nfe"));
            }
            if (readings) {
                out.add(one(dir, rows, problem, methods, "readings", "readings"));
            }
        }
        return out;
    }

    private static Map<String, String> one(
            Path dir, List<Map<String, Object>> rows, String problem, List<String> methods, String sweep, String suffix)
            throws IOException {
        Map<String, List<MethodComparisonChart.Point>> series = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        String field = "";
        for (String method : methods) {
            List<MethodComparisonChart.Point> points = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                if (!sweep.equals(r.get("sweep"))
                        || !problem.equals(r.get("problem"))
                        || !method.equals(r.get("method"))
                        || r.containsKey(FAILED)) {
                    continue;
                }
                field = String.valueOf(r.get("field"));
                double nfe = (double) r.get("nfePerSample");
                double x = sweep.equals("steps") ? nfe : ((Number) r.get("readings")).doubleValue();
                points.add(new MethodComparisonChart.Point(x, (double) r.get("relativeL2Mean")));
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g%n",
                        problem,
                        method,
                        r.get("steps"),
                        r.get("readings"),
                        nfe,
                        (double) r.get("forwardEvaluationsPerField"),
                        (double) r.get("relativeL2Mean"),
                        (double) r.get("relativeL2Std"),
                        (double) r.get("misfitPerReadingMean"),
                        (double) r.get("secondsPerField")));
            }
            // eki and tikhonov evaluate no network: they have no place on an NFE axis
            if (!(sweep.equals("steps") && !Methods.get(method).needsPrior())) {
                series.put(method, points);
            }
        }
        String name = problem + "_error_vs_" + suffix;
        String yLabel = "relative L2 error of the posterior mean of " + field;
        Figure figure;
        if (sweep.equals("steps")) {
            figure = FigureFiles.write(
                    dir,
                    name,
                    problem + ": error vs NFE",
                    "Relative L2 error of the posterior mean (mean over test fields) against the network evaluations "
                            + "per "
                            + "sample, one point per step count; diffusion methods only (eki and tikhonov are in the "
                            + "CSV).",
                    MethodComparisonChart.of(
                            problem + ": error vs network evaluations",
                            "NFE: network evaluations per sample",
                            yLabel,
                            series),
                    720,
                    480);
        } else {
            figure = FigureFiles.write(
                    dir,
                    name,
                    problem + ": error vs number of readings",
                    "Relative L2 error of the posterior mean (mean over test fields) against the number of readings at "
                            + "random places.",
                    MethodComparisonChart.of(problem + ": error vs number of readings", "readings", yLabel, series),
                    720,
                    480);
        }
        Path csvFile = dir.resolve(name + ".csv");
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(csvFile, o -> o.write(bytes));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", figure.title());
        m.put("png", figure.png().getFileName().toString());
        m.put("svg", figure.svg().getFileName().toString());
        m.put("csv", csvFile.getFileName().toString());
        return m;
    }
}
