package org.pdeflow.inverse.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

class SpectrumComparisonTest {

    /** Samples A_s cos(3 x): all power in bin 3, A_s^2 / 2; the truth at twice the amplitude. */
    @Test
    void bandAndMeanFollowTheSamplesAndTheLogErrorMeasuresTheRatio() {
        Grid2D g = Grid2D.periodic(16, 2 * Math.PI);
        double[] amps = {1.0, 2.0, 3.0};
        double[][] samples = new double[amps.length][g.size()];
        double[] truth = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int s = 0; s < amps.length; s++) {
                    samples[s][g.index(i, j)] = amps[s] * Math.cos(3 * g.x(i)) + 1e-3 * Math.cos(g.x(i) + 2 * g.y(j));
                }
                truth[g.index(i, j)] =
                        Math.sqrt(2 * 14.0 / 3) * Math.cos(3 * g.x(i)) + 1e-3 * Math.cos(g.x(i) + 2 * g.y(j));
            }
        }
        SpectrumComparison c = SpectrumComparison.of(g, truth, samples);
        assertEquals(0.5, c.lower()[3], 1e-12);
        assertEquals(4.5, c.upper()[3], 1e-12);
        assertEquals((0.5 + 2 + 4.5) / 3, c.sampleMean()[3], 1e-12);
        assertEquals(14.0 / 3, c.truth()[3], 1e-12);
        assertEquals(3.0, c.wavenumbers()[3], 1e-12);
        assertArrayEquals(
                c.samples()[1],
                SpectrumComparison.of(g, null, new double[][] {samples[1]}).samples()[0],
                0.0);
        assertNull(SpectrumComparison.of(g, null, samples).truth());
        assertTrue(Double.isNaN(SpectrumComparison.of(g, null, samples).meanLogError()));
    }

    /** Power in every bin; a truth ten times the samples is two decades off at every scale. */
    @Test
    void logErrorIsTheDecadesBetweenMeanSpectrumAndTruth() {
        Grid2D g = Grid2D.periodic(16, 2 * Math.PI);
        double[] f = new double[g.size()];
        double[] truth = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int m = 1; m <= 8; m++) {
                    f[g.index(i, j)] += Math.cos(m * g.x(i)) / m;
                }
                truth[g.index(i, j)] = 10 * f[g.index(i, j)];
            }
        }
        SpectrumComparison c = SpectrumComparison.of(g, truth, new double[][] {f, f});
        assertEquals(1.0 / (2 * 9), c.sampleMean()[3], 1e-12);
        assertEquals(2.0, c.meanLogError(), 1e-9);
    }
}
