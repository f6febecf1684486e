package org.pdeflow.pde.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RealFft2DTest {

    /** Direct O(N^2) evaluation of the normalised DFT: the independent reference. */
    private static double[] directDft(double[] f, int nx, int ny, int r, int s) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double phase = -2 * Math.PI * ((double) r * i / nx + (double) s * j / ny);
                re += f[i * ny + j] * Math.cos(phase);
                im += f[i * ny + j] * Math.sin(phase);
            }
        }
        return new double[] {re / (nx * ny), im / (nx * ny)};
    }

    private static double[] randomField(int n, long seed) {
        Random random = new Random(seed);
        double[] f = new double[n];
        for (int k = 0; k < n; k++) {
            f[k] = random.nextGaussian();
        }
        return f;
    }

    @Test
    void forwardMatchesDirectDftOnNonSquareNonPowerOfTwoGrid() {
        int nx = 8;
        int ny = 6;
        double[] f = randomField(nx * ny, 1);
        RealFft2D fft = new RealFft2D(nx, ny);
        double[] spec = new double[fft.spectrumLength()];
        fft.forward(f, spec);
        for (int r = 0; r < nx; r++) {
            for (int s = 0; s <= ny / 2; s++) {
                double[] expected = directDft(f, nx, ny, r, s);
                // O(1) coefficients summed over 48 points: rounding is ~1e-16 per term.
                assertEquals(expected[0], spec[fft.offset(r, s)], 1e-14, "re " + r + "," + s);
                assertEquals(expected[1], spec[fft.offset(r, s) + 1], 1e-14, "im " + r + "," + s);
            }
        }
    }

    @Test
    void inverseRecoversFieldAndLeavesSpectrumUntouched() {
        int nx = 16;
        int ny = 12;
        double[] f = randomField(nx * ny, 2);
        RealFft2D fft = new RealFft2D(nx, ny);
        double[] spec = new double[fft.spectrumLength()];
        fft.forward(f, spec);
        double[] copy = spec.clone();
        double[] back = new double[nx * ny];
        fft.inverse(spec, back);
        for (int k = 0; k < f.length; k++) {
            assertEquals(f[k], back[k], 1e-13);
        }
        for (int k = 0; k < spec.length; k++) {
            assertEquals(copy[k], spec[k], 0.0);
        }
    }

    @Test
    void inverseEvaluatesTheFourierSeries() {
        int nx = 8;
        int ny = 8;
        RealFft2D fft = new RealFft2D(nx, ny);
        double[] spec = new double[fft.spectrumLength()];
        // c(1, 2) = 0.5 - 0.25 i and its implied conjugate c(-1, -2): f = cos(a) + 0.5 sin(a), a = 2 pi (x + 2y)/8.
        spec[fft.offset(1, 2)] = 0.5;
        spec[fft.offset(1, 2) + 1] = -0.25;
        // Mode (-2, 0) = row nx-2, column 0, needs its conjugate (2, 0) stored too.
        spec[fft.offset(nx - 2, 0)] = 0.1;
        spec[fft.offset(2, 0)] = 0.1;
        double[] f = new double[nx * ny];
        fft.inverse(spec, f);
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double a = 2 * Math.PI * (i + 2.0 * j) / 8;
                double expected = Math.cos(a) + 0.5 * Math.sin(a) + 0.2 * Math.cos(2 * Math.PI * 2 * i / 8);
                assertEquals(expected, f[i * ny + j], 1e-14);
            }
        }
    }

    @Test
    void truncatedTransformsAgreeWithFullOnesInsideTheKeptColumns() {
        int nx = 16;
        int ny = 16;
        RealFft2D fft = new RealFft2D(nx, ny);
        double[] f = randomField(nx * ny, 3);
        double[] full = new double[fft.spectrumLength()];
        double[] part = new double[fft.spectrumLength()];
        fft.forward(f, full);
        Arrays.fill(part, Double.NaN);
        fft.forward(f, part, 5);
        for (int r = 0; r < nx; r++) {
            for (int s = 0; s <= ny / 2; s++) {
                int o = fft.offset(r, s);
                double re = s <= 5 ? full[o] : 0.0;
                double im = s <= 5 ? full[o + 1] : 0.0;
                assertEquals(re, part[o], 1e-15);
                assertEquals(im, part[o + 1], 1e-15);
            }
        }
        // The inverse of the truncated spectrum must ignore whatever lies beyond column 5.
        double[] expected = new double[nx * ny];
        fft.inverse(part, expected);
        for (int r = 0; r < nx; r++) {
            for (int s = 6; s <= ny / 2; s++) {
                part[fft.offset(r, s)] = 1e6;
            }
        }
        double[] got = new double[nx * ny];
        fft.inverse(part, got, 5);
        for (int k = 0; k < got.length; k++) {
            assertEquals(expected[k], got[k], 1e-13);
        }
    }

    @Test
    void rejectsOddSizesAndWrongLengths() {
        assertThrows(IllegalArgumentException.class, () -> new RealFft2D(7, 8));
        RealFft2D fft = new RealFft2D(8, 8);
        assertThrows(
                IllegalArgumentException.class, () -> fft.forward(new double[63], new double[fft.spectrumLength()]));
        assertThrows(
                IllegalArgumentException.class, () -> fft.inverse(new double[fft.spectrumLength()], new double[64], 5));
    }

    @Test
    void signedModeWrapsAboveNyquist() {
        assertEquals(0, RealFft2D.signedMode(0, 8));
        assertEquals(4, RealFft2D.signedMode(4, 8));
        assertEquals(-3, RealFft2D.signedMode(5, 8));
        assertEquals(-1, RealFft2D.signedMode(7, 8));
    }
}
