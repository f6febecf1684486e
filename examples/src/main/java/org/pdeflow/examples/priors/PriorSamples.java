package org.pdeflow.examples.priors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.examples.progress.ProgressBars;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorSampling;

/** Drawing physical-unit samples from a prior in batches, and the sample gallery plot. */
public final class PriorSamples {

    /**
     * Samples with their timing.
     *
     * @param values physical values (N, C, H, W)
     * @param seconds wall time of the sampling
     * @param evaluations network evaluations per batch
     */
    public record Drawn(float[] values, double seconds, int evaluations) {}

    private PriorSamples() {}

    /**
     * Draws {@code n} samples in batches of at most {@code batch}, with a progress bar.
     *
     * @param prior the prior
     * @param sampling sampler and steps
     * @param n sample count
     * @param size grid points per axis
     * @param batch batch size
     * @param seed engine seed (set once before the first batch)
     * @return physical samples (n, C, size, size)
     */
    public static Drawn draw(DiffusionPrior prior, PriorSampling sampling, int n, int size, int batch, long seed) {
        return draw(prior, null, 1, sampling, n, size, batch, seed);
    }

    /**
     * {@link #draw(DiffusionPrior, PriorSampling, int, int, int, long)} with the prior's denoiser autoguided
     * ({@link DiffusionPrior#guidedDenoiser}); {@link Drawn#evaluations} then counts the guide's evaluations too.
     *
     * @param guided the guided denoiser, or null for the prior's own
     * @param conditionGuidance for a prior with a roughness condition and no guided denoiser: the guidance weight
     *     of {@link PriorSampling#sample(DiffusionPrior, double, NDManager, int, int, int)} (0: the unconditional
     *     mode; 1: each field's roughness drawn, then the field; &gt; 1: with classifier-free guidance, counted as
     *     two network evaluations per call)
     */
    public static Drawn draw(
            DiffusionPrior prior,
            AutoGuidedDenoiser guided,
            double conditionGuidance,
            PriorSampling sampling,
            int n,
            int size,
            int batch,
            long seed) {
        if (n < 1 || size < 2 || batch < 1) {
            throw new IllegalArgumentException("need --n >= 1, --resolution >= 2 and --batch >= 1");
        }
        Engines.inferenceOnThisThread();
        Engines.engine().setRandomSeed((int) seed);
        int c = prior.channels().size();
        int per = c * size * size;
        float[] out = new float[n * per];
        long t0 = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager(Engines.device());
                ProgressBars bar = ProgressBars.start(
                        "sample (" + sampling.sampler() + ", " + sampling.steps() + " steps)", n, "samples")) {
            for (int from = 0; from < n; from += batch) {
                int b = Math.min(batch, n - from);
                try (NDManager scope = root.newSubManager()) {
                    NDArray z = guided != null
                            ? sampling.sample(prior, guided, scope, b, size, size)
                            : sampling.sample(prior, conditionGuidance, scope, b, size, size);
                    float[] v = prior.denormalize(z).toFloatArray();
                    System.arraycopy(v, 0, out, from * per, v.length);
                }
                bar.progress(from + b, n);
            }
        }
        int evaluations =
                guided == null ? sampling.evaluations(prior, conditionGuidance) : sampling.evaluations(prior.kind());
        if (guided != null) {
            int batches = (n + batch - 1) / batch;
            evaluations += (int) Math.round(guided.guideCalls() / (double) batches);
        }
        return new Drawn(out, (System.nanoTime() - t0) * 1e-9, evaluations);
    }

    /**
     * Writes a gallery: one row per sample (at most {@code rows}), one column per channel, each
     * channel on one colour scale ({@link #galleryPanels}).
     *
     * @param file .png or .svg file
     * @param values (N, C, s, s)
     * @param channels channel names
     * @param size s
     * @param length domain length (for the axes)
     * @param rows samples shown
     * @param titlePrefix e.g. "sample"
     */
    public static void gallery(
            Path file, float[] values, List<String> channels, int size, double length, int rows, String titlePrefix)
            throws IOException {
        List<JFreeChart> panels = galleryPanels(values, channels, size, length, rows, titlePrefix);
        int h = 200;
        FigureFiles.writeFile(file, panels, channels.size(), Heatmap.panelWidth(Grid2D.nodes(size, length), h), h);
    }

    /**
     * The gallery's panels, row by row. All panels of one channel share one colour scale, chosen
     * from the values of that channel in every shown sample ({@link Heatmap.Scale#auto(double[]...)}:
     * cool-warm centred at zero when the channel takes both signs substantially, else viridis over
     * its range), so the rows compare directly.
     */
    public static List<JFreeChart> galleryPanels(
            float[] values, List<String> channels, int size, double length, int rows, String titlePrefix) {
        int c = channels.size();
        int p = size * size;
        int n = Math.min(rows, values.length / (c * p));
        Grid2D grid = Grid2D.nodes(size, length);
        double[][][] fields = new double[c][n][p];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < p; i++) {
                    fields[ch][s][i] = values[(s * c + ch) * p + i];
                }
            }
        }
        Heatmap.Scale[] scales = new Heatmap.Scale[c];
        for (int ch = 0; ch < c; ch++) {
            scales[ch] = Heatmap.Scale.auto(fields[ch]);
        }
        List<JFreeChart> panels = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                panels.add(Heatmap.of(
                        grid,
                        fields[ch][s],
                        String.format(Locale.ROOT, "%s %d: %s", titlePrefix, s, channels.get(ch)),
                        channels.get(ch),
                        "",
                        scales[ch]));
            }
        }
        return panels;
    }
}
