package org.pdeflow.examples.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.pdeflow.examples.plot.Heatmap;

/**
 * Heatmaps of the first posterior samples of a field, all on one colour scale (chosen over the
 * shown samples and the truth, so that the gallery compares directly with the truth panel).
 */
public final class SampleGallery {

    private SampleGallery() {
    }

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
        List<double[]> shown = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            shown.add(field.samples()[s]);
        }
        if (field.hasTruth()) {
            shown.add(field.truth());
        }
        // signed or one-signed as the truth (else the mean) is; the range covers every panel
        Heatmap.Scale scale = Heatmap.Scale.like(field.hasTruth() ? field.truth() : field.mean(),
                shown.toArray(new double[0][]));
        List<JFreeChart> panels = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            panels.add(Heatmap.of(field.grid(), field.samples()[s], String.format(Locale.ROOT, "%s sample %d", field.name(), s + 1),
                    field.name(), lengthUnit, scale));
        }
        return panels;
    }
}
