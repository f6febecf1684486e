package org.pdeflow.pde.wave;

/**
 * The Ricker wavelet (second derivative of a Gaussian, "Mexican hat"), the standard seismic source
 * time function:
 *
 * <pre>
 *   w(t) = A (1 - 2 pi^2 f^2 (t - t0)^2) exp(-pi^2 f^2 (t - t0)^2)
 * </pre>
 *
 * <p>It peaks at {@code t = t0} with value {@code A}, has zero mean, and its amplitude spectrum
 * {@code |W(nu)| ~ nu^2 exp(-nu^2 / f^2)} peaks at {@code nu = f} (Ricker 1953, "The form and laws of
 * propagation of seismic wavelets", Geophysics 18; Wang 2015, "Frequencies of the Ricker wavelet",
 * Geophysics 80). Units: f in Hz, t and t0 in seconds; A is a source strength whose unit is that of
 * the forcing term of {@link AcousticWave2D} (field unit times m^2 / s^2).
 *
 * @param peakFrequency peak (dominant) frequency f, Hz, finite and &gt; 0
 * @param delay time shift t0, s, finite and &gt;= 0
 * @param amplitude peak value A, finite
 */
public record RickerWavelet(double peakFrequency, double delay, double amplitude) {

    /**
     * Default delay in periods of the peak frequency: {@code t0 = 1.5 / f}. At t = 0 the wavelet is
     * then {@code -A * 43 * exp(-22.2) ~ -1e-8 A}, so starting a simulation from rest at t = 0 does not
     * inject a visible step (the often used 1/f leaves 1e-3 A, and 1.2/f leaves 2e-5 A).
     */
    public static final double DEFAULT_DELAY_PERIODS = 1.5;

    public RickerWavelet {
        if (!(peakFrequency > 0) || Double.isInfinite(peakFrequency)) {
            throw new IllegalArgumentException(
                    "Ricker peak frequency must be positive and finite (Hz), got " + peakFrequency);
        }
        if (!(delay >= 0) || Double.isInfinite(delay)) {
            throw new IllegalArgumentException("Ricker delay must be finite and >= 0 (s), got " + delay);
        }
        if (!Double.isFinite(amplitude)) {
            throw new IllegalArgumentException("Ricker amplitude must be finite, got " + amplitude);
        }
    }

    /**
     * Unit-amplitude wavelet of peak frequency {@code f} (Hz), delayed by
     * {@link #DEFAULT_DELAY_PERIODS}{@code / f}.
     */
    public static RickerWavelet of(double peakFrequency) {
        return of(peakFrequency, 1.0);
    }

    /**
     * Wavelet of peak frequency {@code f} (Hz) and peak value {@code amplitude}, delayed by
     * {@link #DEFAULT_DELAY_PERIODS}{@code / f}.
     */
    public static RickerWavelet of(double peakFrequency, double amplitude) {
        if (!(peakFrequency > 0) || Double.isInfinite(peakFrequency)) {
            throw new IllegalArgumentException(
                    "Ricker peak frequency must be positive and finite (Hz), got " + peakFrequency);
        }
        return new RickerWavelet(peakFrequency, DEFAULT_DELAY_PERIODS / peakFrequency, amplitude);
    }

    /** The wavelet value w(t) at time {@code t} (s). */
    public double value(double t) {
        double a = Math.PI * peakFrequency * (t - delay);
        double a2 = a * a;
        return amplitude * (1.0 - 2.0 * a2) * Math.exp(-a2);
    }
}
