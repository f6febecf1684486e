package org.pdeflow.solvers.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Checks {@link FieldStatistics} against closed forms. */
class FieldStatisticsTest {

    @Test
    void cosineModeHasItsPowerInOneBinAndSymmetricPairsHaveZeroMean() {
        int h = 16;
        int w = 12;
        int k0 = 3;
        double amp = 2.0;
        // ensemble {+f, -f}, f = amp cos(2 pi k0 i / h): mean 0, variance f^2 pointwise
        float[] v = new float[2 * h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                float f = (float) (amp * Math.cos(2 * Math.PI * k0 * i / h));
                v[i * w + j] = f;
                v[h * w + i * w + j] = -f;
            }
        }
        FieldStatistics s = FieldStatistics.of(v, 1, h, w);
        assertEquals(2, s.count());
        double[] mean = s.meanMap(0);
        double[] var = s.varianceMap(0);
        for (int i = 0; i < h; i++) {
            double f = amp * Math.cos(2 * Math.PI * k0 * i / h);
            assertEquals(0.0, mean[i * w], 1e-6);
            assertEquals(f * f, var[i * w], 1e-5);
        }
        // spatial average of cos^2 is 1/2
        assertEquals(amp * amp / 2, s.varianceAverage(0), 1e-5);
        // DFT: coefficients amp h w / 2 at (+-k0, 0), so |U|^2 / (h w)^2 = amp^2 / 4 each; both lie in
        // bin k0, which holds the wavenumbers with round(|k|) = k0
        int binCount = 0;
        for (int i = 0; i < h; i++) {
            int kx = i <= h / 2 ? i : i - h;
            for (int j = 0; j < w; j++) {
                int ky = j <= w / 2 ? j : j - w;
                if (Math.round(Math.sqrt(kx * kx + ky * ky)) == k0) {
                    binCount++;
                }
            }
        }
        double[] p = s.spectrum(0);
        assertEquals(w / 2 + 1, p.length);
        for (int k = 0; k < p.length; k++) {
            double expected = k == k0 ? 2 * (amp * amp / 4) / binCount : 0.0;
            // the input is float32: its rounding (~1e-7 relative) bounds the agreement
            assertEquals(expected, p[k], 1e-6, "bin " + k);
        }
        assertEquals(0.0, FieldStatistics.relativeL2(p, p), 0.0);
        assertEquals(0.5, FieldStatistics.relativeL2(new double[] {1.5, 0}, new double[] {1, 0}), 1e-15);
        assertEquals(
                1.0, FieldStatistics.meanLogSpectrumError(new double[] {5, 10, 100}, new double[] {1, 1, 10}), 1e-12);
    }
}
