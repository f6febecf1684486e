package org.pdeflow.solvers.prior;

import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.spectral.RadialSpectrum;

/**
 * Pointwise and spectral statistics of an ensemble of fields, per channel, used to compare a
 * prior's samples with held-apart data:
 * <ul>
 *   <li>the pointwise mean map m(x) = (1/N) sum_n u_n(x) and variance map
 *       v(x) = (1/N) sum_n (u_n(x) - m(x))^2 (population variance), and their spatial averages;</li>
 *   <li>the radially averaged power spectrum P(k) = mean over samples and over the wavenumbers
 *       (kx, ky) with round(sqrt(kx^2 + ky^2)) = k of |U(kx, ky)|^2 / (H W)^2, U the 2D DFT of
 *       u_n (signed integer frequencies, the grid treated as one period; k = 0 .. min(H, W) / 2),
 *       i.e. {@link RadialSpectrum} of a unit-period periodic grid divided by the modes per shell.</li>
 * </ul>
 * Values are laid out as (N, C, H, W), row-major; computed in double precision.
 */
public final class FieldStatistics {

    private final int channels;
    private final int height;
    private final int width;
    private final int count;
    private final double[][] mean;
    private final double[][] variance;
    private final double[][] spectrum;

    private FieldStatistics(
            int channels, int height, int width, int count, double[][] mean, double[][] variance, double[][] spectrum) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.count = count;
        this.mean = mean;
        this.variance = variance;
        this.spectrum = spectrum;
    }

    /**
     * Computes the statistics.
     *
     * @param values (N, C, H, W) row-major
     * @param channels C
     * @param height H
     * @param width W
     * @return the statistics
     */
    public static FieldStatistics of(float[] values, int channels, int height, int width) {
        int p = height * width;
        if (channels < 1 || height < 2 || width < 2 || values.length == 0 || values.length % (channels * p) != 0) {
            throw new IllegalArgumentException("values of length " + values.length + " are not (N, " + channels + ", "
                    + height + ", " + width + ")");
        }
        int n = values.length / (channels * p);
        // Integer mode numbers: the grid is one period of unit length per axis.
        RadialSpectrum radial = RadialSpectrum.of(new Grid2D(height, width, 1.0, 1.0, Layout.PERIODIC));
        int[] binCount = radial.modeCounts();
        double[][] mean = new double[channels][p];
        double[][] var = new double[channels][p];
        double[][] spec = new double[channels][binCount.length];
        double[] field = new double[p];
        for (int c = 0; c < channels; c++) {
            for (int s = 0; s < n; s++) {
                int base = (s * channels + c) * p;
                for (int i = 0; i < p; i++) {
                    mean[c][i] += values[base + i];
                }
            }
            for (int i = 0; i < p; i++) {
                mean[c][i] /= n;
            }
            for (int s = 0; s < n; s++) {
                int base = (s * channels + c) * p;
                for (int i = 0; i < p; i++) {
                    double d = values[base + i] - mean[c][i];
                    var[c][i] += d * d;
                    field[i] = values[base + i];
                }
                double[] e = radial.power(field);
                for (int k = 0; k < e.length; k++) {
                    spec[c][k] += e[k];
                }
            }
            for (int i = 0; i < p; i++) {
                var[c][i] /= n;
            }
            for (int k = 0; k < binCount.length; k++) {
                spec[c][k] /= (double) n * Math.max(1, binCount[k]);
            }
        }
        return new FieldStatistics(channels, height, width, n, mean, var, spec);
    }

    /** N. */
    public int count() {
        return count;
    }

    /** C. */
    public int channels() {
        return channels;
    }

    /** The mean map of channel c (H W values, a copy). */
    public double[] meanMap(int c) {
        return mean[c].clone();
    }

    /** The variance map of channel c (H W values, a copy). */
    public double[] varianceMap(int c) {
        return variance[c].clone();
    }

    /** The spatial average of the mean map of channel c. */
    public double meanAverage(int c) {
        return average(mean[c]);
    }

    /** The spatial average of the variance map of channel c. */
    public double varianceAverage(int c) {
        return average(variance[c]);
    }

    /** The radially averaged power spectrum of channel c, P(0) .. P(min(H, W)/2) (a copy). */
    public double[] spectrum(int c) {
        return spectrum[c].clone();
    }

    /** ||a - b||_2 / ||b||_2 over all entries (b the reference); NaN when ||b|| = 0. */
    public static double relativeL2(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            num += d * d;
            den += b[i] * b[i];
        }
        return den == 0 ? Double.NaN : Math.sqrt(num / den);
    }

    /**
     * The mean over wavenumbers k = 1 .. kmax of |log10 Pa(k) - log10 Pb(k)| (k = 0, the squared
     * mean, is left out; bins with a non-positive value are skipped).
     */
    public static double meanLogSpectrumError(double[] a, double[] b) {
        double sum = 0;
        int n = 0;
        for (int k = 1; k < Math.min(a.length, b.length); k++) {
            if (a[k] > 0 && b[k] > 0) {
                sum += Math.abs(Math.log10(a[k]) - Math.log10(b[k]));
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double average(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
