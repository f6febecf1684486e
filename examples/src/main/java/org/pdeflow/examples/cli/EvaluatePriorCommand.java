package org.pdeflow.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.JFreeChart;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.npy.DType;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.examples.plot.LineChart;
import org.pdeflow.examples.priors.CardSampling;
import org.pdeflow.examples.priors.PriorFiles;
import org.pdeflow.examples.priors.PriorSamples;
import org.pdeflow.examples.priors.TwoPhaseStatistics;
import org.pdeflow.examples.report.ReportJson;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.FieldStatistics;
import org.pdeflow.solvers.prior.PriorSampling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdeflow evaluate-prior}: compare a prior's samples with held-apart data. */
@Command(
        name = "evaluate-prior",
        mixinStandardHelpOptions = true,
        description = {
            "Compare statistics of n samples of a prior with held-apart data.",
            "Per channel: the spatially averaged mean and variance, the relative L2 distance of the pointwise mean "
                    + ""
                    + "and variance maps, and the radially averaged power spectrum. For Darcy (channels a and u) "
                    + "also the "
                    + "fraction of cells at the high value after thresholding a at the midpoint of its two values, "
                    + "and how "
                    + "well u solves the PDE for the thresholded a: relative L2 between u and DarcySolver's solution "
                    + "(the "
                    + "same for the data as a baseline, ~0).",
            "Instead of sampling (--model) it can evaluate samples from an .npy (--samples, with --fields)."
        })
final class EvaluatePriorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatePriorCommand.class);

    @Option(names = "--model", paramLabel = "DIR", description = "Prior checkpoint folder to sample from.")
    Path model;

    @Option(
            names = "--samples",
            paramLabel = "samples.npy",
            description = "Evaluate these physical samples (n, C, s, s) instead of sampling.")
    Path samplesFile;

    @Option(
            names = "--fields",
            split = ",",
            paramLabel = "F1,..",
            description = "Channel names of --samples (with --samples only).")
    List<String> fields;

    @Option(
            names = "--reference",
            required = true,
            paramLabel = "test.h5",
            description = "Held-apart data set (.h5 or .npz).")
    Path reference;

    @Option(names = "--reference-n", paramLabel = "M", description = "Reference samples used (default: all).")
    Integer referenceN;

    @Option(
            names = "--n",
            defaultValue = "256",
            paramLabel = "N",
            description = "Samples to draw (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
            names = "--steps",
            paramLabel = "K",
            description = "Sampler steps (default: the model card's recommendation, else 32).")
    Integer steps;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            description = "Sampler, as for 'sample' (default: the model card's recommendation, else heun).")
    String sampler;

    @Option(
            names = "--churn",
            paramLabel = "S",
            description = "S_churn of the churn sampler (default: the model card's recommendation, else 40).")
    Double churn;

    @Option(
            names = "--batch",
            defaultValue = "32",
            paramLabel = "B",
            description = "Samples per network batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "K", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "report.json", description = "The report (JSON).")
    Path out;

    @Option(
            names = "--plot",
            paramLabel = "spectra.png",
            description = "Power spectra, data vs samples (log scale): .png or .svg.")
    Path plot;

    @Option(
            names = "--gallery",
            paramLabel = "samples.png",
            description = "A gallery of the first samples: .png or .svg.")
    Path gallery;

    @Option(names = "--save-samples", paramLabel = "samples.npy", description = "Also write the drawn samples.")
    Path saveSamples;

    @Option(names = "--threads", paramLabel = "T", description = "PyTorch intra-op threads (default: PyTorch's).")
    Integer threads;

    @Mixin
    GuidanceOptions guidance;

    @Override
    public Integer call() throws Exception {
        if ((model == null) == (samplesFile == null)) {
            throw new IllegalArgumentException("give exactly one of --model and --samples");
        }
        // Every option is checked before any sampling, so a mistake costs nothing and writes nothing.
        FieldFiles.checkWritable(out, "--out");
        FieldFiles.requireExtension(out, "--out", ".json");
        FieldFiles.checkWritable(saveSamples, "--save-samples");
        FieldFiles.requireExtension(saveSamples, "--save-samples", ".npy");
        for (Object[] figure : new Object[][] {{plot, "--plot"}, {gallery, "--gallery"}}) {
            if (figure[0] != null) {
                FieldFiles.checkWritable((Path) figure[0], (String) figure[1]);
                FigureFiles.requireFormat((Path) figure[0], (String) figure[1]);
            }
        }
        if (n < 1 || batch < 1) {
            throw new IllegalArgumentException("need --n >= 1 and --batch >= 1, got " + n + " and " + batch);
        }
        guidance.check();
        if (guidance.active() && model == null) {
            throw new IllegalArgumentException("--guide needs --model (it guides the sampling)");
        }
        if (guidance.conditionOptions() && model == null) {
            throw new IllegalArgumentException(
                    "--unconditional and --condition-guidance need --model (they choose how it samples)");
        }
        CliThreads.apply(threads);
        Map<String, Object> report = new LinkedHashMap<>();
        List<String> channels;
        float[] samples;
        int size;
        PriorFiles.Fields ref;
        if (model != null) {
            ModelCard card = Checkpoints.readCard(model);
            PriorSampling sampling =
                    CardSampling.resolve(model, card, sampler, steps, churn, new PriorSampling("heun", 32, 40, 80.0));
            try (DiffusionPrior prior = DiffusionPrior.load(model);
                    GuidanceOptions.Loaded guides = guidance.load(prior)) {
                AutoGuidedDenoiser guided = guides != null ? guides.denoiser() : null;
                channels = prior.channels();
                size = SampleCommand.trainingResolution(prior);
                // The reference is read and checked before sampling: a wrong file costs nothing.
                ref = PriorFiles.read(reference, PriorFiles.datasetFields(card), 0, referenceN)
                        .withChannels(channels);
                requireResolution(ref, size, "the prior in " + model + " samples");
                DataMatch.requireSameKind(
                        "--reference",
                        reference,
                        ref.attributes(),
                        model,
                        card,
                        card.inputNormalizer(),
                        channels,
                        ref.values(),
                        ref.height() * ref.width());
                double conditionWeight = guidance.conditionWeight(prior);
                String roughness = GuidanceOptions.describeRoughness(prior, conditionWeight);
                PriorSamples.Drawn drawn =
                        PriorSamples.draw(prior, guided, conditionWeight, sampling, n, size, batch, seed);
                samples = drawn.values();
                int batches = (n + batch - 1) / batch;
                report.put("model", model.toString());
                report.put("sampler", sampling.sampler());
                report.put("sampler_steps", sampling.steps());
                if (sampling.sampler().equals("churn")) {
                    report.put("sampler_churn", sampling.churn());
                }
                if (guided != null) {
                    report.put("guides", guidance.report());
                }
                if (roughness != null) {
                    report.put("roughness_condition", roughness);
                }
                report.put("network_evaluations", drawn.evaluations());
                report.put("sampling_seconds", drawn.seconds());
                report.put("seconds_per_sample", drawn.seconds() / n);
                report.put(
                        "ms_per_evaluation_per_batch",
                        1e3 * drawn.seconds() / (batches * (double) drawn.evaluations()));
                report.put("batch", Math.min(batch, n));
                report.put("seed", seed);
            }
        } else {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("--samples needs --fields naming its channels");
            }
            channels = List.copyOf(fields);
            NdArray a = Npy.read(samplesFile);
            if (a.rank() != 4 || a.dim(1) != channels.size() || a.dim(2) != a.dim(3)) {
                throw new IllegalArgumentException(samplesFile + " has shape " + a.shapeString() + "; expected (n, "
                        + channels.size() + ", s, s)");
            }
            size = a.dim(2);
            ref = PriorFiles.read(reference, channels, 0, referenceN);
            requireResolution(ref, size, samplesFile + " holds samples");
            samples = new float[a.data().length];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (float) a.data()[i];
            }
            report.put("samples", samplesFile.toString());
        }
        int c = channels.size();
        int nSamples = samples.length / (c * size * size);
        report.put("reference", reference.toString());
        report.put("n_samples", nSamples);
        report.put("n_reference", ref.count());
        report.put("resolution", size);
        FieldStatistics fs = FieldStatistics.of(samples, c, size, size);
        FieldStatistics fr = FieldStatistics.of(ref.values(), c, size, size);
        Map<String, Object> perChannel = new LinkedHashMap<>();
        List<JFreeChart> charts = new ArrayList<>();
        for (int ch = 0; ch < c; ch++) {
            Map<String, Object> m = new LinkedHashMap<>();
            double[] stdRef = fr.varianceMap(ch);
            for (int i = 0; i < stdRef.length; i++) {
                stdRef[i] = Math.sqrt(stdRef[i]);
            }
            double[] meanDiff = fs.meanMap(ch);
            double[] meanRef = fr.meanMap(ch);
            for (int i = 0; i < meanDiff.length; i++) {
                meanDiff[i] -= meanRef[i];
            }
            m.put("sample_mean", fs.meanAverage(ch));
            m.put("reference_mean", fr.meanAverage(ch));
            m.put("sample_variance", fs.varianceAverage(ch));
            m.put("reference_variance", fr.varianceAverage(ch));
            m.put("mean_map_rel_l2", FieldStatistics.relativeL2(fs.meanMap(ch), meanRef));
            m.put("mean_map_l2_over_std_l2", norm(meanDiff) / norm(stdRef));
            m.put("variance_map_rel_l2", FieldStatistics.relativeL2(fs.varianceMap(ch), fr.varianceMap(ch)));
            double[] ps = fs.spectrum(ch);
            double[] pr = fr.spectrum(ch);
            m.put("spectrum_mean_abs_log10_error", FieldStatistics.meanLogSpectrumError(ps, pr));
            m.put("spectrum_sample", ps);
            m.put("spectrum_reference", pr);
            perChannel.put(channels.get(ch), m);
            double[] k = new double[ps.length - 1];
            double[] ys = new double[k.length];
            double[] yr = new double[k.length];
            for (int i = 1; i < ps.length; i++) {
                k[i - 1] = i;
                ys[i - 1] = Math.max(ps[i], 1e-300);
                yr[i - 1] = Math.max(pr[i], 1e-300);
            }
            charts.add(new LineChart("power spectrum of " + channels.get(ch), "wavenumber |k|", "P(|k|)")
                    .add("data (" + ref.count() + ")", k, yr)
                    .add("samples (" + nSamples + ")", k, ys)
                    .logY()
                    .chart());
        }
        report.put("channels", perChannel);
        if (isDarcy(channels, ref)) {
            report.put("darcy", darcy(samples, ref, size));
        }
        if (channels.contains("a") && isDarcyData(ref)) {
            report.put("two_phase", twoPhase(samples, ref, channels, size));
        }
        AtomicOutput.write(out, os -> os.write(ReportJson.toJson(report).getBytes(StandardCharsets.UTF_8)));
        if (saveSamples != null) {
            double[] d = new double[samples.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = samples[i];
            }
            Npy.write(saveSamples, new NdArray(new int[] {nSamples, c, size, size}, d), DType.FLOAT32);
        }
        if (plot != null) {
            FigureFiles.writeFile(plot, charts, Math.min(2, charts.size()), 520, 380);
        }
        if (gallery != null) {
            PriorSamples.gallery(gallery, samples, channels, size, ref.domainLength(), 4, "sample");
        }
        LOG.info("evaluated {} samples against {} reference fields; report {}", nSamples, ref.count(), out);
        for (String name : channels) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) perChannel.get(name);
            LOG.info(
                    "{}: mean {} (data {}), variance {} (data {}), mean-map rel L2 {}, variance-map rel L2 {}, "
                            + "spectrum |log10| error {}",
                    name,
                    f(m.get("sample_mean")),
                    f(m.get("reference_mean")),
                    f(m.get("sample_variance")),
                    f(m.get("reference_variance")),
                    f(m.get("mean_map_rel_l2")),
                    f(m.get("variance_map_rel_l2")),
                    f(m.get("spectrum_mean_abs_log10_error")));
        }
        if (report.get("two_phase") instanceof Map<?, ?> t) {
            for (Map.Entry<?, ?> e : t.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> row) {
                    LOG.info(
                            "a {}: samples {} +- {}, data {} +- {}",
                            e.getKey(),
                            f(row.get("samples_mean")),
                            f(row.get("samples_std")),
                            f(row.get("reference_mean")),
                            f(row.get("reference_std")));
                }
            }
        }
        if (report.get("darcy") instanceof Map<?, ?> d) {
            LOG.info(
                    "darcy: fraction of a at the high value {} (data {}); PDE rel L2 of u vs solve(threshold(a)) {} "
                            + "(data {})",
                    f(d.get("fraction_high_samples")),
                    f(d.get("fraction_high_reference")),
                    f(d.get("pde_rel_l2_samples_mean")),
                    f(d.get("pde_rel_l2_reference_mean")));
        }
        return 0;
    }

    /** The reference must be on the samples' grid; the message names the reference file. */
    private void requireResolution(PriorFiles.Fields ref, int size, String what) {
        if (ref.height() != size || ref.width() != size) {
            throw new IllegalArgumentException(
                    "--reference " + reference + " holds " + ref.height() + " x " + ref.width() + " fields, but " + what
                            + " at " + size + " x " + size + "; give a reference at " + size + " x " + size);
        }
    }

    private static boolean isDarcy(List<String> channels, PriorFiles.Fields ref) {
        return channels.equals(List.of("a", "u")) && isDarcyData(ref);
    }

    private static boolean isDarcyData(PriorFiles.Fields ref) {
        return "darcy".equals(ref.attributes().get("preset"))
                || ref.attributes().containsKey("a_high");
    }

    /**
     * The two-phase texture of a, samples against data ({@link TwoPhaseStatistics}: clean fraction within 1.2
     * of a phase, phase fraction, interface length, components; mean and std over fields) and each mean's
     * relative difference from the data's.
     */
    private static Map<String, Object> twoPhase(float[] samples, PriorFiles.Fields ref, List<String> channels, int s) {
        double low = number(ref.attributes().get("a_low"), 3.0);
        double high = number(ref.attributes().get("a_high"), 12.0);
        TwoPhaseStatistics stats = new TwoPhaseStatistics(low, high, 1.2);
        int c = channels.size();
        int a = channels.indexOf("a");
        Map<String, double[]> fromSamples = stats.summary(samples, c, a, s, s);
        Map<String, double[]> fromData = stats.summary(ref.values(), c, a, s, s);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tolerance", 1.2);
        for (String name : fromSamples.keySet()) {
            double[] x = fromSamples.get(name);
            double[] y = fromData.get(name);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("samples_mean", x[0]);
            row.put("samples_std", x[1]);
            row.put("reference_mean", y[0]);
            row.put("reference_std", y[1]);
            row.put("relative_difference", y[0] != 0 ? x[0] / y[0] - 1 : Double.NaN);
            m.put(name, row);
        }
        return m;
    }

    private static Map<String, Object> darcy(float[] samples, PriorFiles.Fields ref, int s) {
        double low = number(ref.attributes().get("a_low"), 3.0);
        double high = number(ref.attributes().get("a_high"), 12.0);
        double threshold = 0.5 * (low + high);
        DarcySolver solver = new DarcySolver(Grid2D.nodes(s, 1.0));
        double[] fs = consistency(samples, s, low, high, threshold, solver);
        double[] fr = consistency(ref.values(), s, low, high, threshold, solver);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a_threshold", threshold);
        m.put("fraction_high_samples", fs[0]);
        m.put("fraction_high_reference", fr[0]);
        m.put("pde_rel_l2_samples_mean", fs[1]);
        m.put("pde_rel_l2_samples_median", fs[2]);
        m.put("pde_rel_l2_reference_mean", fr[1]);
        m.put("pde_rel_l2_reference_median", fr[2]);
        m.put(
                "note",
                "u is compared with DarcySolver's solution for a thresholded at a_threshold to {a_low, a_high}, f = 1, "
                        + "u = 0 on the boundary (the data's own equation)");
        return m;
    }

    /** {fraction of thresholded a at high, mean and median relative L2 of u vs solve(a)}. */
    private static double[] consistency(
            float[] values, int s, double low, double high, double threshold, DarcySolver solver) {
        int p = s * s;
        int n = values.length / (2 * p);
        double highCount = 0;
        double[] errs = new double[n];
        double[] a = new double[p];
        double[] u = new double[p];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < p; i++) {
                a[i] = values[2 * k * p + i] >= threshold ? high : low;
                highCount += a[i] == high ? 1 : 0;
                u[i] = values[(2 * k + 1) * p + i];
            }
            errs[k] = FieldStatistics.relativeL2(u, solver.solve(a));
        }
        double[] sorted = errs.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(errs).average().orElse(Double.NaN);
        return new double[] {highCount / ((double) n * p), mean, sorted[n / 2]};
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number num ? num.doubleValue() : fallback;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static String f(Object o) {
        return o instanceof Number num ? String.format(Locale.ROOT, "%.4g", num.doubleValue()) : String.valueOf(o);
    }
}
