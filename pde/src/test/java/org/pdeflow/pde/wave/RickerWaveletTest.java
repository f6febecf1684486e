package org.pdeflow.pde.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RickerWaveletTest {

    private static final double F = 25.0;
    private static final double A = 3.5;

    @Test
    void peaksAtDelayWithAmplitude() {
        RickerWavelet w = RickerWavelet.of(F, A);
        assertEquals(1.5 / F, w.delay(), 0.0);
        assertEquals(A, w.value(w.delay()), 0.0);
        // symmetric about t0, and below the peak on both sides
        for (double tau : new double[] {1e-4, 3e-3, 0.02, 0.05}) {
            assertEquals(w.value(w.delay() - tau), w.value(w.delay() + tau), 1e-15 * A);
            assertTrue(w.value(w.delay() + tau) < A);
        }
    }

    @Test
    void zeroCrossingsAndSideLobes() {
        // analytic: zeros at t0 +- 1/(pi f sqrt 2), minima -2A e^{-3/2} at t0 +- sqrt(3/2)/(pi f)
        RickerWavelet w = RickerWavelet.of(F, A);
        double tz = 1.0 / (Math.PI * F * Math.sqrt(2.0));
        assertEquals(0.0, w.value(w.delay() + tz), 1e-14 * A);
        double tm = Math.sqrt(1.5) / (Math.PI * F);
        assertEquals(-2 * A * Math.exp(-1.5), w.value(w.delay() + tm), 1e-14 * A);
    }

    @Test
    void zeroMean() {
        // composite Simpson over t0 +- 8/f (the wavelet is below 1e-200 beyond): the exact integral
        // over the line is 0; the quadrature of this smooth, decaying function is accurate to roundoff.
        RickerWavelet w = RickerWavelet.of(F, A);
        int n = 20000;
        double a = w.delay() - 8 / F;
        double b = w.delay() + 8 / F;
        double h = (b - a) / n;
        double sum = w.value(a) + w.value(b);
        double abs = 0;
        for (int i = 1; i < n; i++) {
            double v = w.value(a + i * h);
            sum += (i % 2 == 1 ? 4 : 2) * v;
            abs += Math.abs(v) * h;
        }
        double mean = sum * h / 3;
        assertTrue(Math.abs(mean) < 1e-14 * abs, "mean " + mean + " vs L1 " + abs);
    }

    @Test
    void amplitudeSpectrumPeaksAtPeakFrequency() {
        // |W(nu)| = A (2 nu^2 / (sqrt(pi) f^3)) exp(-nu^2 / f^2): compare a numerical Fourier integral
        // with the analytic shape at nu = f/2, f, 2f; |W| is largest at nu = f.
        RickerWavelet w = RickerWavelet.of(F, A);
        double[] nus = {0.5 * F, 0.9 * F, F, 1.1 * F, 2 * F};
        double[] mag = new double[nus.length];
        for (int m = 0; m < nus.length; m++) {
            mag[m] = fourierMagnitude(w, nus[m]);
        }
        double peak = mag[2];
        for (int m = 0; m < nus.length; m++) {
            double nu = nus[m];
            double exact = A * 2 * nu * nu / (Math.sqrt(Math.PI) * F * F * F) * Math.exp(-nu * nu / (F * F));
            // quadrature with 20000 points over 16 periods: error far below 1e-9 relative
            assertEquals(exact, mag[m], 1e-9 * exact);
            assertTrue(mag[m] <= peak);
        }
    }

    private static double fourierMagnitude(RickerWavelet w, double nu) {
        int n = 20000;
        double a = w.delay() - 8 / F;
        double h = 16 / F / n;
        double re = 0;
        double im = 0;
        for (int i = 0; i <= n; i++) {
            double t = a + i * h;
            double wt = (i == 0 || i == n) ? 0.5 : 1.0;
            double v = wt * w.value(t);
            re += v * Math.cos(2 * Math.PI * nu * t);
            im -= v * Math.sin(2 * Math.PI * nu * t);
        }
        return Math.hypot(re, im) * h;
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new RickerWavelet(0, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RickerWavelet(Double.NaN, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RickerWavelet(10, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RickerWavelet(10, 0.1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> RickerWavelet.of(-5));
    }
}
