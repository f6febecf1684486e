package org.pdeflow.examples.inverse;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.diagnostics.InverseFigures;
import org.pdeflow.examples.diagnostics.PosteriorField;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.report.ReportJson;
import org.pdeflow.inverse.diagnostics.Calibration;
import org.pdeflow.inverse.diagnostics.SpectrumComparison;
import org.pdeflow.inverse.diagnostics.StepHistory;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.problem.DarcyPushForward;
import org.pdeflow.inverse.problem.TwoPhaseCoefficient;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.ReportedMetric;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The files of a solve: per field {@code <f>_mean.npy}, {@code <f>_std.npy} (nx, ny) and
 * {@code <f>_samples.npy} (S, nx, ny) (for single-field results also {@code mean.npy}, {@code std.npy},
 * {@code samples.npy}); a field {@code log_a} also yields {@code a} = exp(log_a) sample by sample;
 * {@code <f>.png} heatmaps (truth, mean, std, |error|) with the reading places marked, and
 * {@code misfit.png}, the data misfit per step on a log scale.
 */
public final class InverseResults {

    /** One output field: its samples in physical units. */
    public record FieldResult(String name, Grid2D grid, double[][] samples, double[] mean, double[] std) {}

    private InverseResults() {}

    /** The fields of a reconstruction, with a derived a = exp(log_a). */
    public static List<FieldResult> fields(Reconstruction r) {
        List<FieldResult> out = new ArrayList<>();
        for (FieldSpec f : r.unknowns().fields()) {
            double[][] s = new double[r.sampleCount()][];
            for (int k = 0; k < s.length; k++) {
                s[k] = r.sample(k, f.name());
            }
            out.add(new FieldResult(f.name(), f.grid(), s, r.mean(f.name()), r.std(f.name())));
            if (f.name().equals("log_a")) {
                double[][] a = new double[s.length][];
                for (int k = 0; k < s.length; k++) {
                    a[k] = s[k].clone();
                    for (int i = 0; i < a[k].length; i++) {
                        a[k][i] = Math.exp(a[k][i]);
                    }
                }
                out.add(fromSamples("a", f.grid(), a));
            }
        }
        return out;
    }

    /**
     * The fields of a reconstruction with, for problems judged by the solver's pressure
     * ({@link ReportedMetric#SOLVER_U} among their metrics) and when a permeability field a is among
     * the fields, {@code u_solver}: each sample of a projected onto the phases {3, 12} and pushed
     * through the reference Darcy solver ({@link DarcyPushForward}).
     */
    public static List<FieldResult> fields(Reconstruction r, ProblemDefinition problem) {
        List<FieldResult> out = fields(r);
        if (problem.metrics().stream().anyMatch(m -> m.field().equals(SOLVER_U))) {
            for (FieldResult f : List.copyOf(out)) {
                if (f.name().equals("a")) {
                    out.add(fromSamples(
                            SOLVER_U,
                            f.grid(),
                            new DarcyPushForward(f.grid(), TwoPhaseCoefficient.FNO_DARCY, 1.0).pressures(f.samples())));
                }
            }
        }
        return out;
    }

    /** The name of the pressure obtained from the reconstructed permeability by the reference solver. */
    public static final String SOLVER_U = ReportedMetric.SOLVER_U;

    /** A field from its samples: pointwise mean and standard deviation (divisor n - 1; zero for one sample). */
    public static FieldResult fromSamples(String name, Grid2D grid, double[][] samples) {
        int n = samples[0].length;
        double[] mean = new double[n];
        double[] std = new double[n];
        for (double[] s : samples) {
            for (int i = 0; i < n; i++) {
                mean[i] += s[i] / samples.length;
            }
        }
        if (samples.length > 1) {
            for (double[] s : samples) {
                for (int i = 0; i < n; i++) {
                    std[i] += (s[i] - mean[i]) * (s[i] - mean[i]) / (samples.length - 1);
                }
            }
            for (int i = 0; i < n; i++) {
                std[i] = Math.sqrt(std[i]);
            }
        }
        return new FieldResult(name, grid, samples, mean, std);
    }

    /**
     * Relative L2 error |mean - truth| / |truth| of each field with a known truth ({@code u_solver}
     * is compared with the true u).
     */
    public static Map<String, Double> relativeErrors(List<FieldResult> fields, Map<String, double[]> truth) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (FieldResult f : fields) {
            double[] t = truth.get(f.name().equals(SOLVER_U) ? "u" : f.name());
            if (t != null && t.length == f.mean().length) {
                m.put(f.name(), relativeL2(f.mean(), t));
            }
        }
        return m;
    }

    /**
     * The error rate of the posterior-mean permeability, thresholded at 7.5 (the fraction of nodes
     * in the wrong phase; FunDPS' Darcy-inverse metric), or null without a field a or its truth.
     */
    public static Double phaseErrorRate(List<FieldResult> fields, Map<String, double[]> truth) {
        double[] t = truth.get("a");
        for (FieldResult f : fields) {
            if (f.name().equals("a") && t != null && t.length == f.mean().length) {
                return TwoPhaseCoefficient.FNO_DARCY.errorRate(f.mean(), t);
            }
        }
        return null;
    }

    public static double relativeL2(double[] x, double[] t) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - t[i]) * (x[i] - t[i]);
            den += t[i] * t[i];
        }
        return Math.sqrt(num / den);
    }

    /** Writes the arrays of every field. */
    public static void writeArrays(Path dir, List<FieldResult> fields, boolean singleField) throws IOException {
        for (FieldResult f : fields) {
            Grid2D g = f.grid();
            NdArray mean = NdArray.of2d(g.nx(), g.ny(), f.mean());
            NdArray std = NdArray.of2d(g.nx(), g.ny(), f.std());
            NdArray samples = NdArray.stack(g.nx(), g.ny(), f.samples());
            Npy.write(dir.resolve(f.name() + "_mean.npy"), mean);
            Npy.write(dir.resolve(f.name() + "_std.npy"), std);
            Npy.write(dir.resolve(f.name() + "_samples.npy"), samples);
            if (singleField && f == fields.get(0)) {
                Npy.write(dir.resolve("mean.npy"), mean);
                Npy.write(dir.resolve("std.npy"), std);
                Npy.write(dir.resolve("samples.npy"), samples);
            }
        }
    }

    /**
     * The fields as the figures see them, each with its truth when known: a field named in the truth
     * map, or {@code log_a} when the truth holds a (its logarithm).
     */
    public static List<PosteriorField> posterior(List<FieldResult> fields, Map<String, double[]> truth) {
        List<PosteriorField> out = new ArrayList<>();
        for (FieldResult f : fields) {
            double[] t = logDerived(f.name(), truth);
            if (t != null && t.length != f.mean().length) {
                t = null;
            }
            out.add(new PosteriorField(f.name(), f.grid(), f.samples(), f.mean(), f.std(), t));
        }
        return out;
    }

    /**
     * The heatmaps of one field, reading places marked: the truth (when known and asked for), the
     * mean, the standard deviation (unless there is a single sample: a point estimate has none) and,
     * when the truth is known, |mean - truth|.
     *
     * @param f the field
     * @param label the field's name in the panel titles
     * @param truth the true field, or null when unknown
     * @param withTruth whether to show the truth itself
     * @param px x of the readings
     * @param py y of the readings
     */
    public static List<JFreeChart> panels(
            FieldResult f, String label, double[] truth, boolean withTruth, double[] px, double[] py) {
        Grid2D g = f.grid();
        boolean known = truth != null && truth.length == f.mean().length;
        List<JFreeChart> charts = new ArrayList<>();
        if (known && withTruth) {
            charts.add(marked(Heatmap.of(g, truth, label + " truth", f.name()), px, py, g));
        }
        charts.add(marked(Heatmap.of(g, f.mean(), label + " mean", f.name()), px, py, g));
        if (f.samples().length > 1) {
            charts.add(marked(Heatmap.of(g, f.std(), label + " std", f.name()), px, py, g));
        }
        if (known) {
            double[] err = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                err[i] = Math.abs(f.mean()[i] - truth[i]);
            }
            charts.add(marked(Heatmap.of(g, err, label + " |mean - truth|", "|error|"), px, py, g));
        }
        return charts;
    }

    /** Marks the reading places on a heatmap with small circles (x horizontal, as the heatmap). */
    public static JFreeChart marked(JFreeChart chart, double[] px, double[] py, Grid2D g) {
        double r = 0.35 * Math.min(g.dx(), g.dy());
        for (int k = 0; k < px.length; k++) {
            chart.getXYPlot()
                    .addAnnotation(new XYShapeAnnotation(
                            new Ellipse2D.Double(px[k] - r, py[k] - r, 2 * r, 2 * r),
                            new BasicStroke(1.0f),
                            Color.BLACK,
                            Color.WHITE));
        }
        return chart;
    }

    /**
     * The calibration and spectrum numbers of the report: per field with a truth, the fraction of
     * nodes inside mean +- 2 std next to its nominal values, the coverage curve, and the mean
     * |log10| gap between the samples' and the truth's power spectra.
     */
    public static Map<String, Object> diagnostics(List<PosteriorField> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Calibration> cal = InverseFigures.calibrations(fields);
        for (PosteriorField f : fields) {
            if (!f.hasTruth()) {
                continue;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            Calibration c = cal.get(f.name());
            if (c != null) {
                d.put("coverage2Std", Calibration.coverage(f.truth(), f.mean(), f.std(), 2.0));
                d.put("nominal2StdFiniteSamples", c.finiteSampleNominalAt(2));
                d.put("nominal2StdGaussian", Calibration.gaussianNominal(2));
                d.put("multipliers", c.multipliers());
                d.put("coverage", c.coverage());
                d.put("nominalFiniteSamples", c.finiteSampleNominal());
            }
            d.put(
                    "spectrumMeanAbsLog10Gap",
                    SpectrumComparison.of(f.grid(), f.truth(), f.samples()).meanLogError());
            m.put(f.name(), d);
        }
        return m;
    }

    /** The truth of each unknown field that has one, log_a derived from a truth of a. */
    public static Map<String, double[]> truthOfUnknowns(Unknowns unknowns, Map<String, double[]> truth) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String name : unknowns.names()) {
            double[] t = logDerived(name, truth);
            if (t != null) {
                m.put(name, t);
            }
        }
        return m;
    }

    /** The truth of a field: its own, for log_a the logarithm of a's, for u_solver the true u. */
    private static double[] logDerived(String name, Map<String, double[]> truth) {
        double[] t = truth.get(name.equals(SOLVER_U) ? "u" : name);
        if (t == null && name.equals("log_a") && truth.containsKey("a")) {
            t = CoefficientParameterisation.LOG.parameter(truth.get("a"));
        }
        return t;
    }

    /** Per-step relative errors by field (empty without a truth). */
    public static Map<String, double[]> errorHistory(List<StepHistory.Step> steps) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int k = 0; k < steps.size(); k++) {
            for (Map.Entry<String, Double> e : steps.get(k).relativeError().entrySet()) {
                double[] v = m.computeIfAbsent(e.getKey(), n -> {
                    double[] nan = new double[steps.size()];
                    Arrays.fill(nan, Double.NaN);
                    return nan;
                });
                v[k] = e.getValue();
            }
        }
        return m;
    }

    /** Writes a JSON object; NaN and infinite numbers become null ({@link ReportJson}), so it stays valid JSON. */
    public static void writeJson(Path file, Map<String, Object> content) throws IOException {
        String json = ReportJson.toJson(content);
        Files.writeString(file, json + "\n", StandardCharsets.UTF_8);
    }
}
