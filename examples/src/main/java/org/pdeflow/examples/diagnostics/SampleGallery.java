package org.pdeflow.examples.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.pdeflow.examples.plot.Heatmap;

/**
 * Heatmaps of the first posterior samples of a field, all on one colour scale, so that the gallery
 * compares directly with the truth panel: the scale spans the truth and the central 99 % of the
 * shown samples' values (0.5 % to 99.5 % quantiles), so that a few extreme pixels do not wash out
 * the rest; values beyond take the end colours.
 */
public final class SampleGallery {

    private SampleGallery() {}

    /**
     * The panels.
     *
     * @param field the field
     * @param count samples shown, at most the field's sample count
     * @param lengthUnit unit of the axes, empty for none
     * @return one heatmap per sample
     */
    public static List<JFreeChart> panels(PosteriorField field, int count, String lengthUnit) {
        int n = Math.min(count, field.samples().length);
        int size = field.grid().size();
        double[] values = new double[n * size];
        for (int s = 0; s < n; s++) {
            System.arraycopy(field.samples()[s], 0, values, s * size, size);
        }
        double[] finite =
                Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        double[] central = finite.length == 0
                ? new double[0]
                : new double[] {
                    finite[(int) Math.floor(0.005 * (finite.length - 1))],
                    finite[(int) Math.ceil(0.995 * (finite.length - 1))]
                };
        // signed or one-signed as the truth (else the mean) is
        Heatmap.Scale scale = field.hasTruth()
                ? Heatmap.Scale.like(field.truth(), field.truth(), central)
                : Heatmap.Scale.like(field.mean(), central);
        List<JFreeChart> panels = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            panels.add(Heatmap.of(
                    field.grid(),
                    field.samples()[s],
                    String.format(Locale.ROOT, "%s sample %d", field.name(), s + 1),
                    field.name(),
                    lengthUnit,
                    scale));
        }
        return panels;
    }
}
