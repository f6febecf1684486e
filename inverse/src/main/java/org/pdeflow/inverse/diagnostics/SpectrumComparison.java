package org.pdeflow.inverse.diagnostics;

import java.util.Arrays;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.spectral.RadialSpectrum;

/**
 * Radially binned power spectra of posterior samples next to the truth's: whether a sampler
 * reproduces the field's energy at each scale (too smooth samples lose the high wavenumbers, noisy
 * ones gain power there).
 *
 * <p>Spectra are {@link RadialSpectrum} shell sums E(k) (mean square per wavenumber bin; for NODE
 * grids of the even, cosine-series extension, so the boundary adds no leakage). The band is the
 * per-bin minimum and maximum over the samples; the sample mean is the mean of the sample spectra
 * (not the spectrum of the mean field, which is smoother).
 *
 * @param wavenumbers bin wavenumbers k in radians per length unit (bin 0 is k = 0, the squared mean)
 * @param truth E(k) of the truth, or null when none is known
 * @param samples E(k) of each sample, {@code [s][b]}
 * @param sampleMean mean over samples per bin
 * @param lower minimum over samples per bin
 * @param upper maximum over samples per bin
 */
public record SpectrumComparison(
        double[] wavenumbers, double[] truth, double[][] samples, double[] sampleMean, double[] lower, double[] upper) {

    /**
     * Spectra of samples and, when given, the truth.
     *
     * @param grid the fields' grid
     * @param truth true field, or null
     * @param samples the samples, {@code [s][grid.size()]}, at least one
     * @return the spectra
     */
    public static SpectrumComparison of(Grid2D grid, double[] truth, double[][] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("a spectrum comparison needs at least one sample");
        }
        RadialSpectrum rs = RadialSpectrum.of(grid);
        int bins = rs.binCount();
        double[][] es = new double[samples.length][];
        double[] mean = new double[bins];
        double[] lo = new double[bins];
        double[] hi = new double[bins];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < samples.length; s++) {
            es[s] = rs.power(samples[s]);
            for (int b = 0; b < bins; b++) {
                mean[b] += es[s][b] / samples.length;
                lo[b] = Math.min(lo[b], es[s][b]);
                hi[b] = Math.max(hi[b], es[s][b]);
            }
        }
        return new SpectrumComparison(rs.wavenumbers(), truth == null ? null : rs.power(truth), es, mean, lo, hi);
    }

    /**
     * The mean over bins k &gt; 0 of |log10 sampleMean(k) - log10 truth(k)| (bins where either is not
     * positive are skipped): 0 for matching spectra, 1 for a factor of ten at every scale.
     *
     * @return the error, NaN without a truth
     */
    public double meanLogError() {
        if (truth == null) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (int b = 1; b < truth.length; b++) {
            if (truth[b] > 0 && sampleMean[b] > 0) {
                sum += Math.abs(Math.log10(sampleMean[b]) - Math.log10(truth[b]));
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
