package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Paint;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.junit.jupiter.api.Test;
import org.pdeflow.examples.priors.PriorSamples;

/** The sample gallery draws every row of one field with the same colour map and range. */
class SampleGalleryScaleTest {

    private static PaintScale scaleOf(JFreeChart chart) {
        for (Object t : chart.getSubtitles()) {
            if (t instanceof PaintScaleLegend legend) {
                return legend.getScale();
            }
        }
        throw new AssertionError("no colour bar");
    }

    @Test
    void oneScalePerField() {
        int s = 4;
        int p = s * s;
        // channel a: sample 0 in [0, 1] (one-signed), sample 1 in [-1, 1] (signed);
        // channel u: sample 0 in [2, 3], sample 1 in [2, 5].
        float[] v = new float[2 * 2 * p];
        for (int i = 0; i < p; i++) {
            v[i] = i / (float) (p - 1); // sample 0, a
            v[p + i] = 2 + i / (float) (p - 1); // sample 0, u
            v[2 * p + i] = -1 + 2 * i / (float) (p - 1); // sample 1, a
            v[3 * p + i] = 2 + 3 * i / (float) (p - 1); // sample 1, u
        }
        List<JFreeChart> panels = PriorSamples.galleryPanels(v, List.of("a", "u"), s, 1.0, 4, "sample");
        assertEquals(4, panels.size());
        // row-major: (sample 0, a), (sample 0, u), (sample 1, a), (sample 1, u)
        PaintScale a0 = scaleOf(panels.get(0));
        PaintScale a1 = scaleOf(panels.get(2));
        PaintScale u0 = scaleOf(panels.get(1));
        PaintScale u1 = scaleOf(panels.get(3));
        // a spans [-1, 1] over both rows and takes both signs equally: one range, symmetric about 0
        assertEquals(-1.0, a0.getLowerBound(), 1e-12);
        assertEquals(1.0, a0.getUpperBound(), 1e-12);
        // u spans [2, 5] over both rows
        assertEquals(2.0, u0.getLowerBound(), 1e-12);
        assertEquals(5.0, u0.getUpperBound(), 1e-12);
        for (PaintScale[] pair : new PaintScale[][] {{a0, a1}, {u0, u1}}) {
            assertEquals(pair[0].getLowerBound(), pair[1].getLowerBound(), 0.0);
            assertEquals(pair[0].getUpperBound(), pair[1].getUpperBound(), 0.0);
            for (int k = 0; k <= 10; k++) {
                double x = pair[0].getLowerBound() + k * (pair[0].getUpperBound() - pair[0].getLowerBound()) / 10;
                Paint c0 = pair[0].getPaint(x);
                Paint c1 = pair[1].getPaint(x);
                assertEquals(c0, c1, "same colour map at " + x);
            }
        }
    }
}
