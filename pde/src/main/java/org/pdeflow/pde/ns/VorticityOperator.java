package org.pdeflow.pde.ns;

import org.pdeflow.pde.spectral.RealFft2D;

/**
 * Evaluates the right-hand side of {@link NavierStokes2D} on Fourier coefficients of ω.
 *
 * <p>Spectra use the half-spectrum layout of {@link RealFft2D} (length {@link #spectrumLength()},
 * coefficients normalised so that {@code ω(x) = Σ c_k exp(i k·x)}). The right-hand side is split
 * into the stiff linear part, diagonal in Fourier space, and the explicit part:
 * <pre>
 *   dc_k/dt = -ν |k|² c_k + E_k(c),   E(c) = -P[(P u)·∇(P ω)] + f,
 * </pre>
 * with P the projection onto the modes kept by the {@link Dealiasing} rule. One evaluation of E
 * costs four inverse and one forward real 2-D FFT, the columns beyond the kept modes skipped.
 *
 * <p>Not thread-safe: each instance owns its transform and buffers (about 10 grid-sized arrays) and
 * allocates nothing per call. Create one per thread with {@link NavierStokes2D#newOperator()}.
 */
public final class VorticityOperator {

    private final NavierStokes2D equation;
    private final RealFft2D fft;
    private final int count;
    private final int lastColumn;
    private final double[] kx;
    private final double[] ky;
    private final double[] inverseKSquared;
    private final double[] mask;
    private final double[] forcingSpectrum;
    private final double[] rates;

    private final double[] uHat;
    private final double[] vHat;
    private final double[] wxHat;
    private final double[] wyHat;
    /** u, v, ∂ω/∂x, ∂ω/∂y on the grid, of the last explicit term. */
    private final double[][] fields;

    private final double[] product;

    VorticityOperator(NavierStokes2D equation) {
        this.equation = equation;
        this.fft = new RealFft2D(equation.grid().nx(), equation.grid().ny());
        this.count = fft.coefficientCount();
        this.lastColumn = equation.lastRetainedColumn();
        this.kx = equation.kx();
        this.ky = equation.ky();
        this.inverseKSquared = equation.inverseKSquared();
        this.mask = equation.mask();
        this.forcingSpectrum = equation.forcingSpectrum();
        this.rates = new double[count];
        double[] kSquared = equation.kSquared();
        for (int e = 0; e < count; e++) {
            rates[e] = -equation.viscosity() * kSquared[e];
        }
        int spectrum = fft.spectrumLength();
        int points = equation.grid().size();
        uHat = new double[spectrum];
        vHat = new double[spectrum];
        wxHat = new double[spectrum];
        wyHat = new double[spectrum];
        fields = new double[4][points];
        product = new double[points];
    }

    /** The equation evaluated. */
    public NavierStokes2D equation() {
        return equation;
    }

    /** Length of a spectrum array, {@code nx * (ny + 2)}. */
    public int spectrumLength() {
        return fft.spectrumLength();
    }

    /**
     * Fourier coefficients of a vorticity field.
     *
     * @param omega vorticity on the grid, length {@code nx * ny} (not modified)
     * @param spectrum receives the coefficients, length {@link #spectrumLength()}
     */
    public void toSpectrum(double[] omega, double[] spectrum) {
        equation.checkField(omega);
        fft.forward(omega, spectrum);
    }

    /**
     * Vorticity on the grid from its Fourier coefficients.
     *
     * @param spectrum coefficients, length {@link #spectrumLength()} (not modified)
     * @param omega receives the field, length {@code nx * ny}
     */
    public void toField(double[] spectrum, double[] omega) {
        fft.inverse(spectrum, omega);
    }

    /**
     * Decay rate {@code -ν |k|²} of complex coefficient {@code e} (whose real part is at index
     * {@code 2e} of a spectrum array) under the viscous term.
     */
    public double viscousRate(int e) {
        return rates[e];
    }

    /** Number of complex coefficients in a spectrum, {@code spectrumLength() / 2}. */
    public int coefficientCount() {
        return count;
    }

    /**
     * The explicit part {@code E(c) = -P[(P u)·∇(P ω)] + f} of the right-hand side.
     *
     * @param spectrum coefficients c of ω (not modified)
     * @param out receives E(c), length {@link #spectrumLength()}; may not alias {@code spectrum}
     * @return the largest speed |P u| over the grid points, for the CFL condition
     */
    public double explicitTerm(double[] spectrum, double[] out) {
        if (spectrum.length != fft.spectrumLength() || out.length != fft.spectrumLength()) {
            throw new IllegalArgumentException("spectra must have length " + fft.spectrumLength());
        }
        return explicitTerm(spectrum, out, fields);
    }

    /**
     * {@link #explicitTerm(double[], double[])} keeping the grid fields it is built from, which
     * {@link VorticityAdjoint} records for its backward pass.
     *
     * @param spectrum coefficients c of ω (not modified)
     * @param out receives E(c), length {@link #spectrumLength()}; may not alias {@code spectrum}
     * @param grid receives u, v, ∂ω/∂x and ∂ω/∂y of P c on the grid: four arrays of length {@code nx * ny}
     * @return the largest speed |P u| over the grid points
     */
    double explicitTerm(double[] spectrum, double[] out, double[][] grid) {
        for (int e = 0; e < count; e++) {
            int re = 2 * e;
            int im = re + 1;
            double m = mask[e];
            double wr = spectrum[re] * m;
            double wi = spectrum[im] * m;
            double pr = wr * inverseKSquared[e];
            double pi = wi * inverseKSquared[e];
            double ax = kx[e];
            double ay = ky[e];
            uHat[re] = -ay * pi;
            uHat[im] = ay * pr;
            vHat[re] = ax * pi;
            vHat[im] = -ax * pr;
            wxHat[re] = -ax * wi;
            wxHat[im] = ax * wr;
            wyHat[re] = -ay * wi;
            wyHat[im] = ay * wr;
        }
        double[] u = grid[0];
        double[] v = grid[1];
        double[] wx = grid[2];
        double[] wy = grid[3];
        fft.inverse(uHat, u, lastColumn);
        fft.inverse(vHat, v, lastColumn);
        fft.inverse(wxHat, wx, lastColumn);
        fft.inverse(wyHat, wy, lastColumn);
        double maxSquared = 0;
        for (int p = 0; p < u.length; p++) {
            double a = u[p];
            double b = v[p];
            product[p] = a * wx[p] + b * wy[p];
            double speed = a * a + b * b;
            if (speed > maxSquared) {
                maxSquared = speed;
            }
        }
        fft.forward(product, out, lastColumn);
        for (int e = 0; e < count; e++) {
            int re = 2 * e;
            double m = mask[e];
            out[re] = forcingSpectrum[re] - m * out[re];
            out[re + 1] = forcingSpectrum[re + 1] - m * out[re + 1];
        }
        return Math.sqrt(maxSquared);
    }

    /**
     * The whole right-hand side {@code dc/dt = -ν |k|² c + E(c)}.
     *
     * @param spectrum coefficients c of ω (not modified)
     * @param out receives dc/dt; may not alias {@code spectrum}
     * @return the largest speed |P u| over the grid points
     */
    public double timeDerivative(double[] spectrum, double[] out) {
        double speed = explicitTerm(spectrum, out);
        for (int e = 0; e < count; e++) {
            out[2 * e] += rates[e] * spectrum[2 * e];
            out[2 * e + 1] += rates[e] * spectrum[2 * e + 1];
        }
        return speed;
    }
}
