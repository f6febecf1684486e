package org.pdeflow.examples.diagnostics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.pdeflow.examples.plot.Figure;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.plot.LineChart;
import org.pdeflow.inverse.diagnostics.Calibration;
import org.pdeflow.inverse.diagnostics.SpectrumComparison;
import org.pdeflow.inverse.diagnostics.StepHistory;
import org.pdeflow.pde.grid.Grid2D;

/**
 * All diagnostic figures of one posterior, each as PNG and SVG, in one call:
 * <ul>
 *   <li>{@code <f>}: truth (when known) and posterior mean on one colour scale, standard deviation
 *       and |mean - truth| on viridis from zero, reading places marked;</li>
 *   <li>{@code <f>_gallery}: the first samples on one colour scale (with the truth's);</li>
 *   <li>{@code <f>_spectrum}: radially binned power spectra of the samples, their mean and the truth;</li>
 *   <li>{@code calibration} (fields with a truth, at least 2 samples): coverage of the truth by
 *       mean +- k std against the nominal probability;</li>
 *   <li>{@code misfit}: the data misfit per step (log scale);</li>
 *   <li>{@code error_per_step} (with a truth): relative L2 error of the algorithm's running estimate.</li>
 * </ul>
 * A report page lists the returned {@link Figure}s in order, with their titles and captions.
 */
public final class InverseFigures {

    /** Samples shown in a gallery. */
    public static final int GALLERY_SAMPLES = 8;

    /**
     * What the figures are drawn from.
     *
     * @param fields the posterior fields
     * @param readingX x of the reading places (physical units), drawn on the field heatmaps; may be empty
     * @param readingY y of the reading places
     * @param misfitHistory data misfit per step (the reconstruction's history)
     * @param steps per-step records with errors (from a {@link StepHistory}); may be empty
     * @param lengthUnit unit of the coordinates, empty for a dimensionless domain
     * @param panelHeight heatmap panel height in pixels
     */
    public record Input(
            List<PosteriorField> fields,
            double[] readingX,
            double[] readingY,
            double[] misfitHistory,
            List<StepHistory.Step> steps,
            String lengthUnit,
            int panelHeight) {}

    private InverseFigures() {}

    /**
     * Writes every figure into {@code dir}.
     *
     * @param dir the output folder (must exist)
     * @param in what to draw
     * @return the figures written, in reading order
     */
    public static List<Figure> writeAll(Path dir, Input in) throws IOException {
        List<Figure> figures = new ArrayList<>();
        int h = in.panelHeight();
        for (PosteriorField f : in.fields()) {
            figures.add(fieldFigure(dir, f, in));
        }
        for (PosteriorField f : in.fields()) {
            if (f.samples().length > 1) {
                List<JFreeChart> panels = SampleGallery.panels(f, GALLERY_SAMPLES, in.lengthUnit());
                int small = Math.max(200, 2 * h / 3);
                figures.add(FigureFiles.write(
                        dir,
                        f.name() + "_gallery",
                        f.name() + ": posterior samples",
                        "The first " + panels.size() + " of " + f.samples().length + " posterior samples of " + f.name()
                                + ", all on one colour scale spanning " + (f.hasTruth() ? "the truth and " : "")
                                + "the central 99 % of the sample values (beyond it the end colours).",
                        panels,
                        4,
                        Heatmap.panelWidth(f.grid(), small),
                        small));
            }
        }
        for (PosteriorField f : in.fields()) {
            SpectrumComparison sc = SpectrumComparison.of(f.grid(), f.truth(), f.samples());
            String what = f.hasTruth() ? "truth against " : "";
            String title = f.name() + ": power spectrum, " + what + "samples";
            String err = f.hasTruth()
                    ? String.format(
                            Locale.ROOT,
                            " Mean |log10| gap between the sample-mean spectrum and " + "the truth's: %.3f.",
                            sc.meanLogError())
                    : "";
            figures.add(FigureFiles.write(
                    dir,
                    f.name() + "_spectrum",
                    title,
                    "Radially binned power spectrum E(|k|) (mean square per wavenumber shell" + spectrumBasis(f.grid())
                            + ") of each sample (thin), their mean (thick)"
                            + (f.hasTruth() ? " and the truth (black)" : "")
                            + ". Samples below the truth at high |k| are too smooth, above it too rough." + err,
                    SpectrumChart.of(sc, title, in.lengthUnit()),
                    640,
                    440));
        }
        Map<String, Calibration> calibrations = calibrations(in.fields());
        if (!calibrations.isEmpty()) {
            figures.add(FigureFiles.write(
                    dir,
                    "calibration",
                    "calibration of the posterior bands",
                    "Fraction of grid points whose truth lies inside mean ± k std, k = 0.5 … 3, "
                            + "against the Gaussian probability 2Φ(k) − 1. The dotted curve is a calibrated "
                            + "posterior estimated from the same number of samples; points below it mean "
                            + "over-confident bands. Neighbouring points are correlated, so one field's "
                            + "coverage is noisier than the point count suggests.",
                    CalibrationChart.of(calibrations),
                    640,
                    480));
        }
        Figure misfit = misfitFigure(dir, in.misfitHistory());
        if (misfit != null) {
            figures.add(misfit);
        }
        Figure error = errorFigure(dir, in.steps());
        if (error != null) {
            figures.add(error);
        }
        return figures;
    }

    /** The calibration of every field with a truth, when there are at least 2 samples. */
    public static Map<String, Calibration> calibrations(List<PosteriorField> fields) {
        Map<String, Calibration> m = new LinkedHashMap<>();
        for (PosteriorField f : fields) {
            if (f.hasTruth() && f.samples().length > 1) {
                m.put(
                        f.name(),
                        Calibration.of(
                                f.truth(), f.mean(), f.std(), f.samples().length, Calibration.defaultMultipliers()));
            }
        }
        return m;
    }

    private static String spectrumBasis(Grid2D g) {
        return switch (g.layout()) {
            case PERIODIC -> ", Fourier series of the periodic field";
            case NODE, CELL -> ", cosine series of the field reflected at the boundary";
        };
    }

    private static Figure fieldFigure(Path dir, PosteriorField f, Input in) throws IOException {
        Grid2D g = f.grid();
        String unit = in.lengthUnit();
        List<JFreeChart> panels = new ArrayList<>();
        Heatmap.Scale values = f.hasTruth() ? Heatmap.Scale.like(f.truth(), f.mean()) : Heatmap.Scale.auto(f.mean());
        if (f.hasTruth()) {
            panels.add(marked(Heatmap.of(g, f.truth(), f.name() + " truth", f.name(), unit, values), in, g));
        }
        panels.add(marked(Heatmap.of(g, f.mean(), f.name() + " posterior mean", f.name(), unit, values), in, g));
        double maxStd = Heatmap.Scale.range(f.std())[1];
        panels.add(marked(
                Heatmap.of(
                        g,
                        f.std(),
                        f.name() + " posterior std",
                        "std of " + f.name(),
                        unit,
                        Heatmap.Scale.magnitude(0, Math.max(maxStd, 0))),
                in,
                g));
        String caption = "Posterior mean" + (f.hasTruth() ? " and truth (one colour scale)" : "")
                + ", pointwise standard deviation";
        if (f.hasTruth()) {
            double[] err = new double[f.mean().length];
            for (int i = 0; i < err.length; i++) {
                err[i] = Math.abs(f.mean()[i] - f.truth()[i]);
            }
            double maxErr = Heatmap.Scale.range(err)[1];
            panels.add(marked(
                    Heatmap.of(
                            g,
                            err,
                            f.name() + " |mean − truth|",
                            "|error| of " + f.name(),
                            unit,
                            Heatmap.Scale.magnitude(0, Math.max(maxErr, 0))),
                    in,
                    g));
            caption += " and absolute error |mean − truth| (std and error on viridis from zero)";
        }
        caption += " of " + f.name() + " from " + f.samples().length + " samples"
                + (in.readingX().length > 0
                        ? "; white circles mark the " + in.readingX().length + " reading places."
                        : ".");
        return FigureFiles.write(
                dir,
                f.name(),
                f.name() + ": " + (f.hasTruth() ? "truth, " : "") + "posterior mean, std"
                        + (f.hasTruth() ? ", |error|" : ""),
                caption,
                panels,
                panels.size(),
                Heatmap.panelWidth(g, in.panelHeight()),
                in.panelHeight());
    }

    /** Marks the reading places on a heatmap with small circles (x horizontal, as the heatmap). */
    static JFreeChart marked(JFreeChart chart, Input in, Grid2D g) {
        double r = 0.35 * Math.min(g.dx(), g.dy());
        for (int k = 0; k < in.readingX().length; k++) {
            chart.getXYPlot()
                    .addAnnotation(new XYShapeAnnotation(
                            new Ellipse2D.Double(in.readingX()[k] - r, in.readingY()[k] - r, 2 * r, 2 * r),
                            new BasicStroke(1.0f),
                            Color.BLACK,
                            Color.WHITE));
        }
        return chart;
    }

    private static Figure misfitFigure(Path dir, double[] misfit) throws IOException {
        double[] steps = new double[misfit.length];
        double[] positive = new double[misfit.length];
        int n = 0;
        for (int i = 0; i < misfit.length; i++) {
            if (misfit[i] > 0 && Double.isFinite(misfit[i])) {
                steps[n] = i + 1;
                positive[n++] = misfit[i];
            }
        }
        if (n == 0) {
            return null;
        }
        LineChart chart = new LineChart(
                        "data misfit per step", "step", "misfit Φ = ½ |(G(x) − y)/σ|² (mean over samples)")
                .add("misfit", Arrays.copyOf(steps, n), Arrays.copyOf(positive, n))
                .logY();
        return FigureFiles.write(
                dir,
                "misfit",
                "data misfit per step",
                "Data misfit Φ = ½ Σ ((G(x) − y)/σ)² of the running estimate after each step "
                        + "(the mean over samples). A calibrated posterior ends near half the number of readings.",
                chart.chart(),
                640,
                420);
    }

    private static Figure errorFigure(Path dir, List<StepHistory.Step> steps) throws IOException {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        for (StepHistory.Step s : steps) {
            for (Map.Entry<String, Double> e : s.relativeError().entrySet()) {
                if (e.getValue() > 0 && Double.isFinite(e.getValue())) {
                    curves.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(new double[] {s.step(), e.getValue()});
                }
            }
        }
        if (curves.isEmpty()) {
            return null;
        }
        LineChart chart = new LineChart(
                        "relative L2 error of the running estimate of " + String.join(", ", curves.keySet()),
                        "step",
                        "|x − x_true| / |x_true|")
                .logY();
        for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
            double[] x = new double[e.getValue().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = e.getValue().get(i)[0];
                y[i] = e.getValue().get(i)[1];
            }
            chart.add(e.getKey(), x, y);
        }
        return FigureFiles.write(
                dir,
                "error_per_step",
                "error per step",
                "Relative L2 error against the truth of the estimate each step reports (for the diffusion "
                        + "samplers the mean over samples of the denoised estimate x̂0 at that noise level; "
                        + "for EKI the ensemble mean; for Tikhonov the iterate), per unknown field.",
                chart.chart(),
                640,
                420);
    }
}
