package org.pdeflow.pde.grf;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The unnormalised DCT-I of length n &gt;= 2 (M = n - 1): y_i = sum_{k=0}^{M} x_k cos(pi k i / M),
 * i = 0 .. M, i.e. a cosine series evaluated at the nodes of [0, L] (Press et al., Numerical
 * Recipes, 3rd ed., section 12.4.2).
 *
 * <p>Two exact algorithms, chosen once per length for speed:
 * <ul>
 * <li>M with prime factors &lt;= 7 only: a real FFT of length 2M of the even extension
 * (x_0, x_1/2, .., x_{M-1}/2, x_M, x_{M-1}/2, .., x_1/2), whose DFT is real and equals y.</li>
 * <li>otherwise (JTransforms' mixed-radix FFT is slow for large prime factors, e.g. M = 127 for
 * 128 nodes): Bluestein's chirp-z identity k i = (k^2 + i^2 - (i - k)^2) / 2 turns
 * sum_k x_k exp(i pi k i / M) into a convolution, evaluated by power-of-two complex FFTs of length
 * L &gt;= 2n - 1; y_i is the real part.</li>
 * </ul>
 * Immutable and thread-safe: callers pass a work buffer of {@link #workLength()} doubles.
 */
final class CosineSum {

    private final int n;
    private final int m;
    private final boolean chirp;
    private final DoubleFFT_1D fft;
    /** Chirp path: FFT length L. */
    private final int chirpLength;
    /** Chirp path: exp(i pi k^2 / (2M)), k = 0 .. M, interleaved re/im. */
    private final double[] chirpFactor;
    /** Chirp path: DFT of b_j = exp(-i pi j^2 / (2M)), |j| &lt;= M, stored at j mod L; interleaved. */
    private final double[] kernelSpectrum;

    CosineSum(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("DCT-I needs at least 2 points, got " + n);
        }
        this.n = n;
        this.m = n - 1;
        this.chirp = largestPrimeFactor(m) > 7;
        if (!chirp) {
            this.fft = new DoubleFFT_1D(2L * m);
            this.chirpLength = 0;
            this.chirpFactor = null;
            this.kernelSpectrum = null;
            return;
        }
        int length = Integer.highestOneBit(2 * n - 1);
        if (length < 2 * n - 1) {
            length <<= 1;
        }
        this.chirpLength = length;
        this.fft = new DoubleFFT_1D(length);
        this.chirpFactor = new double[2 * n];
        this.kernelSpectrum = new double[2 * length];
        long period = 4L * m;
        for (int k = 0; k < n; k++) {
            // Reduce k^2 modulo 4M before scaling so the phase keeps full precision for large k.
            double angle = Math.PI * ((long) k * k % period) / (2.0 * m);
            chirpFactor[2 * k] = Math.cos(angle);
            chirpFactor[2 * k + 1] = Math.sin(angle);
            kernelSpectrum[2 * k] = Math.cos(angle);
            kernelSpectrum[2 * k + 1] = -Math.sin(angle);
            if (k > 0) {
                kernelSpectrum[2 * (length - k)] = Math.cos(angle);
                kernelSpectrum[2 * (length - k) + 1] = -Math.sin(angle);
            }
        }
        fft.complexForward(kernelSpectrum);
    }

    /** Size of the work buffer {@link #apply} needs. */
    int workLength() {
        return chirp ? 2 * chirpLength : 2 * m;
    }

    /**
     * In place: a[offset + i stride] := sum_k a[offset + k stride] cos(pi k i / M), i = 0 .. M.
     */
    void apply(double[] a, int offset, int stride, double[] work) {
        if (chirp) {
            applyChirp(a, offset, stride, work);
        } else {
            applyEvenExtension(a, offset, stride, work);
        }
    }

    private void applyEvenExtension(double[] a, int offset, int stride, double[] work) {
        work[0] = a[offset];
        work[m] = a[offset + m * stride];
        for (int k = 1; k < m; k++) {
            double half = 0.5 * a[offset + k * stride];
            work[k] = half;
            work[2 * m - k] = half;
        }
        fft.realForward(work);
        // Packed real-FFT output of even length 2M: Re X_0 at 0, Re X_M at 1, Re X_k at 2k.
        a[offset] = work[0];
        a[offset + m * stride] = work[1];
        for (int k = 1; k < m; k++) {
            a[offset + k * stride] = work[2 * k];
        }
    }

    private void applyChirp(double[] a, int offset, int stride, double[] work) {
        for (int k = 0; k < n; k++) {
            double x = a[offset + k * stride];
            work[2 * k] = x * chirpFactor[2 * k];
            work[2 * k + 1] = x * chirpFactor[2 * k + 1];
        }
        Arrays.fill(work, 2 * n, 2 * chirpLength, 0.0);
        fft.complexForward(work);
        for (int j = 0; j < chirpLength; j++) {
            double re = work[2 * j];
            double im = work[2 * j + 1];
            double kr = kernelSpectrum[2 * j];
            double ki = kernelSpectrum[2 * j + 1];
            work[2 * j] = re * kr - im * ki;
            work[2 * j + 1] = re * ki + im * kr;
        }
        fft.complexInverse(work, true);
        for (int i = 0; i < n; i++) {
            a[offset + i * stride] = work[2 * i] * chirpFactor[2 * i] - work[2 * i + 1] * chirpFactor[2 * i + 1];
        }
    }

    private static int largestPrimeFactor(int value) {
        int rest = value;
        int largest = 1;
        for (int p = 2; (long) p * p <= rest; p++) {
            while (rest % p == 0) {
                largest = p;
                rest /= p;
            }
        }
        return Math.max(largest, rest);
    }
}
