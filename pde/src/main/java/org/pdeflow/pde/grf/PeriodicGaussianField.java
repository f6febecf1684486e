package org.pdeflow.pde.grf;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.DoubleFFT_2D;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Exact spectral sampler of N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha)) on the periodic rectangle
 * [0, lx) x [0, ly), on a {@link Layout#PERIODIC} grid of nx x ny points (usually
 * {@code Grid2D.periodic(n, L)}).
 *
 * <p><b>Basis.</b> Fourier modes e_k(x, y) = exp(i 2 pi (k1 x / lx + k2 y / ly)), eigenfunctions of
 * -Laplacian with eigenvalue mu_k = (2 pi k1 / lx)^2 + (2 pi k2 / ly)^2; the L2-orthonormal modes
 * are e_k / sqrt(lx ly). The continuum covariance kernel is therefore
 * <pre>
 *   c(x, x') = (1 / (lx ly)) sum_{k in Z^2} lambda_k e_k(x - x'),   lambda_k = sigma^2 (mu_k + tau^2)^(-alpha).
 * </pre>
 *
 * <p><b>Discrete truncation (what is sampled).</b> On the grid a mode is known only modulo (nx, ny).
 * Grid mode m = (m1, m2), 0 &lt;= m1 &lt; nx, 0 &lt;= m2 &lt; ny, stands for the wavenumber of smallest
 * magnitude in its alias class, |k1| = min(m1, nx - m1) and likewise k2 (so for even n the Nyquist
 * mode has |k| = n / 2, whichever of +-n/2 one calls it). The sample is
 * <pre>
 *   u(x_i, y_j) = sum_m c_m exp(i 2 pi (m1 i / nx + m2 j / ny)),   x_i = i lx / nx, y_j = j ly / ny,
 * </pre>
 * with c Hermitian (c_{-m} = conj(c_m), indices mod n) so u is real, and E |c_m|^2 =
 * {@link #modeVariance(int, int) lambda_k / (lx ly)} (zero for m = 0 if the spec removes the mean).
 * Self-conjugate modes (each m_i equal to 0 or, for even n_i, n_i / 2: the Nyquist modes, which are
 * real on the grid) get a real coefficient of that variance; every other pair (m, -m) gets one
 * complex coefficient whose real and imaginary parts each carry half of it. Hence, exactly,
 * <pre>
 *   E[u(p) u(q)] = (1 / (lx ly)) sum_m lambda_{k(m)} cos(2 pi (m1 (p1 - q1) / nx + m2 (p2 - q2) / ny)),
 * </pre>
 * the kernel of P C P for P the L2 projection onto the nx x ny resolved modes, evaluated at the grid
 * points: the continuum kernel with its series truncated at the grid's Nyquist wavenumbers, not the
 * continuum kernel itself (whose aliased tail beyond Nyquist is dropped). In particular the pointwise
 * variance is (1 / (lx ly)) sum_m lambda_{k(m)}. For the unit square this is exactly the covariance of
 * FNO's {@code GaussianRF(2, n, alpha, tau, sigma)} samples (which draw non-Hermitian complex
 * coefficients and keep the real part).
 *
 * <p><b>Algorithm.</b> The nx * ny standard normals fill the half spectrum 0 &lt;= m2 &lt;= ny / 2,
 * column m2 by column m2 and within a column m1 = 0, 1, ... (for the self-conjugate columns m2 = 0
 * and m2 = ny / 2 only m1 &lt;= nx / 2 is drawn, real part before imaginary part, the other half
 * being the conjugate; the draw for m = 0 is consumed even when the mean is removed, so removing it
 * does not shift the stream); then a complex inverse FFT along x per column and a real inverse FFT along y
 * per row (JTransforms). Cost: one real 2D inverse FFT plus nx * ny normal draws. Any nx, ny &gt;= 2.
 *
 * <p><b>Other spectra.</b> The same sampler, root and whitening serve any stationary field whose mode
 * variance depends on (|k1|, |k2|) only: {@link #withSpectrum} takes such a table, and {@link #estimate}
 * measures one from sample fields (the climatological covariance of variational data assimilation).
 *
 * <p>Immutable and safe to share between threads, each passing its own generator (JTransforms
 * plans keep only read-only tables after construction); each call allocates one work array of
 * about nx * (ny + 2) doubles.
 */
public final class PeriodicGaussianField implements GaussianRandomField {

    private static final double INV_SQRT2 = Math.sqrt(0.5);
    /** Relative mode variance below which an estimated mode counts as not excited (round-off). */
    private static final double ROUND_OFF = 1e-12;

    private final Grid2D grid;
    /** The Matérn parameters, or null for a tabulated spectrum. */
    private final GrfSpec spec;

    private final int nx;
    private final int ny;
    /** E |c_k|^2 for k = (|k1|, |k2|), index |k1| * (ny / 2 + 1) + |k2|. */
    private final double[] variance;
    /** Number of stored spectral columns m2 = 0 .. ny / 2. */
    private final int columns;
    /**
     * Standard deviation of c_m times nx * ny (undoing the 1 / n scaling of the inverse transforms),
     * stored column-major like the work array: index m2 * nx + m1.
     */
    private final double[] amplitude;

    private final DoubleFFT_1D fftX;
    private final DoubleFFT_1D fftY;

    /**
     * @param grid a {@link Layout#PERIODIC} grid with at least 2 points per axis
     * @param spec covariance parameters
     */
    public PeriodicGaussianField(Grid2D grid, GrfSpec spec) {
        this(grid, requireSpec(spec), maternTable(grid, spec));
    }

    private PeriodicGaussianField(Grid2D grid, GrfSpec spec, double[] variance) {
        this.grid = grid;
        this.spec = spec;
        this.nx = grid.nx();
        this.ny = grid.ny();
        this.variance = variance;
        this.columns = ny / 2 + 1;
        this.amplitude = new double[nx * columns];
        double scale = (double) nx * ny;
        for (int m2 = 0; m2 < columns; m2++) {
            for (int m1 = 0; m1 < nx; m1++) {
                amplitude[m2 * nx + m1] = scale * Math.sqrt(modeVariance(Math.min(m1, nx - m1), m2));
            }
        }
        this.fftX = new DoubleFFT_1D(nx);
        this.fftY = new DoubleFFT_1D(ny);
    }

    @Override
    public Grid2D grid() {
        return grid;
    }

    /**
     * The Matérn parameters.
     *
     * @throws UnsupportedOperationException for a tabulated spectrum ({@link #withSpectrum}, {@link #estimate})
     */
    @Override
    public GrfSpec spec() {
        if (spec == null) {
            throw new UnsupportedOperationException(
                    "this periodic Gaussian field has a tabulated spectrum, not Matérn parameters");
        }
        return spec;
    }

    /** Whether the spectrum is tabulated ({@link #withSpectrum}, {@link #estimate}) rather than Matérn. */
    public boolean isTabulated() {
        return spec == null;
    }

    /**
     * A stationary field with a given spectrum: E |c_k|^2 = {@code variance[|k1| * (ny / 2 + 1) + |k2|]}
     * (field unit^2, the convention of {@link #modeVariance}) for |k1| &lt;= nx / 2, |k2| &lt;= ny / 2.
     *
     * @param grid a {@link Layout#PERIODIC} grid with at least 2 points per axis
     * @param variance (nx / 2 + 1) (ny / 2 + 1) finite values &gt;= 0, not all 0; copied
     */
    public static PeriodicGaussianField withSpectrum(Grid2D grid, double[] variance) {
        requireGrid(grid);
        int rows = grid.nx() / 2 + 1;
        int cols = grid.ny() / 2 + 1;
        if (variance == null || variance.length != rows * cols) {
            throw new IllegalArgumentException("a spectrum on " + grid.nx() + " x " + grid.ny() + " needs " + rows
                    + " x " + cols + " mode variances, got " + (variance == null ? "none" : variance.length));
        }
        double total = 0;
        for (int i = 0; i < variance.length; i++) {
            if (!(variance[i] >= 0) || Double.isInfinite(variance[i])) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "mode variance (%d, %d) must be finite and >= 0, got %s",
                        i / cols,
                        i % cols,
                        variance[i]));
            }
            total += variance[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("a spectrum needs at least one mode of positive variance");
        }
        return new PeriodicGaussianField(grid, null, variance.clone());
    }

    /**
     * The spectrum of a stationary centred field measured from samples (second moments about zero: a mean
     * field the samples share is counted as variance): for each (|k1|, |k2|) the mean of
     * |c_m|^2 = |DFT(u)_m / (nx ny)|^2 over the samples and over the (up to four) signed wavenumbers
     * (±k1, ±k2) of that class, which is the maximum-likelihood estimate of the mode variances of a
     * centred Gaussian field whose statistics are invariant under translations and under the
     * reflections x &rarr; -x, y &rarr; -y. It is the climatological ("background") covariance of
     * variational data assimilation estimated from an archive of states. The constant mode is measured
     * like the others. Modes the samples do not excite above round-off (variance below
     * {@code 1e-12} of the largest: a removed mean, modes a dealiased solver keeps at zero) get variance 0, so
     * they are outside the estimated prior's support rather than directions of near-infinite precision.
     *
     * @param grid the samples' {@link Layout#PERIODIC} grid
     * @param samples at least 2 fields, row-major, length {@code grid.size()} each (not modified)
     * @return the field of the measured spectrum
     */
    public static PeriodicGaussianField estimate(Grid2D grid, Iterable<double[]> samples) {
        requireGrid(grid);
        int nx = grid.nx();
        int ny = grid.ny();
        int cols = ny / 2 + 1;
        double[] sum = new double[(nx / 2 + 1) * cols];
        double[] classSize = new double[sum.length];
        for (int m1 = 0; m1 < nx; m1++) {
            for (int m2 = 0; m2 < ny; m2++) {
                classSize[Math.min(m1, nx - m1) * cols + Math.min(m2, ny - m2)]++;
            }
        }
        DoubleFFT_2D fft = new DoubleFFT_2D(nx, ny);
        double[] work = new double[2 * nx * ny];
        double norm = (double) nx * ny;
        int count = 0;
        for (double[] u : samples) {
            if (u == null || u.length != grid.size()) {
                throw new IllegalArgumentException("sample " + count + " must have length " + grid.size());
            }
            Arrays.fill(work, 0.0);
            for (int p = 0; p < nx * ny; p++) {
                if (!Double.isFinite(u[p])) {
                    throw new IllegalArgumentException("sample " + count + " has a non-finite value at node " + p);
                }
                work[2 * p] = u[p] / norm;
            }
            fft.complexForward(work);
            for (int m1 = 0; m1 < nx; m1++) {
                for (int m2 = 0; m2 < ny; m2++) {
                    int w = 2 * (m1 * ny + m2);
                    sum[Math.min(m1, nx - m1) * cols + Math.min(m2, ny - m2)] +=
                            work[w] * work[w] + work[w + 1] * work[w + 1];
                }
            }
            count++;
        }
        if (count < 2) {
            throw new IllegalArgumentException("estimating a spectrum needs at least 2 samples, got " + count);
        }
        double largest = 0;
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count * classSize[i];
            largest = Math.max(largest, sum[i]);
        }
        for (int i = 0; i < sum.length; i++) {
            if (sum[i] < ROUND_OFF * largest) {
                sum[i] = 0.0;
            }
        }
        return withSpectrum(grid, sum);
    }

    /**
     * E |c_k|^2 for the signed wavenumber (k1, k2), |k1| &lt;= nx / 2, |k2| &lt;= ny / 2 (for even n, +n/2
     * and -n/2 name the same grid mode): sigma^2 (mu_k + tau^2)^(-alpha) / (lx ly) for a Matérn spec (0 for
     * k = 0 when it removes the mean), the table's entry for (|k1|, |k2|) for a tabulated spectrum.
     */
    @Override
    public double modeVariance(int k1, int k2) {
        if (2 * Math.abs((long) k1) > nx || 2 * Math.abs((long) k2) > ny) {
            throw new IllegalArgumentException("wavenumber (" + k1 + ", " + k2 + ") outside the grid's range |k1| <= "
                    + nx / 2 + ", |k2| <= " + ny / 2);
        }
        return variance[Math.abs(k1) * (ny / 2 + 1) + Math.abs(k2)];
    }

    private static GrfSpec requireSpec(GrfSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("grid and spec are required");
        }
        return spec;
    }

    private static void requireGrid(Grid2D grid) {
        if (grid == null) {
            throw new IllegalArgumentException("grid is required");
        }
        if (grid.layout() != Layout.PERIODIC) {
            throw new IllegalArgumentException("periodic Gaussian field needs a PERIODIC grid, got " + grid.layout());
        }
        if (grid.nx() < 2 || grid.ny() < 2) {
            throw new IllegalArgumentException(
                    "periodic Gaussian field needs at least 2 x 2 points, got " + grid.nx() + " x " + grid.ny());
        }
    }

    /** sigma^2 (mu_k + tau^2)^(-alpha) / (lx ly) per (|k1|, |k2|); 0 for k = 0 when the spec removes the mean. */
    private static double[] maternTable(Grid2D grid, GrfSpec spec) {
        requireGrid(grid);
        int cols = grid.ny() / 2 + 1;
        double[] t = new double[(grid.nx() / 2 + 1) * cols];
        for (int k1 = 0; k1 <= grid.nx() / 2; k1++) {
            for (int k2 = 0; k2 < cols; k2++) {
                if (k1 == 0 && k2 == 0 && spec.zeroMean()) {
                    continue;
                }
                double w1 = 2 * Math.PI * k1 / grid.lx();
                double w2 = 2 * Math.PI * k2 / grid.ly();
                t[k1 * cols + k2] = spec.covarianceEigenvalue(w1 * w1 + w2 * w2) / (grid.lx() * grid.ly());
            }
        }
        return t;
    }

    @Override
    public void sample(RandomGenerator rng, double[] out) {
        if (rng == null) {
            throw new IllegalArgumentException("random generator is required");
        }
        if (out == null || out.length != grid.size()) {
            throw new IllegalArgumentException("output array must have length " + grid.size());
        }
        double[] work = new double[2 * nx * columns];
        drawHalfSpectrum(rng, work);
        for (int m2 = 0; m2 < columns; m2++) {
            fftX.complexInverse(work, 2 * nx * m2, true);
        }
        for (int i = 0; i < nx; i++) {
            packRow(work, i, out, i * ny);
            fftY.realInverse(out, i * ny, true);
        }
    }

    /**
     * The symmetric square root of this field's covariance applied to {@code xi}: {@code C^(1/2) xi},
     * with C the covariance of {@link #sample} (the grid kernel
     * {@code C_pq = sum_m s_m cos(2 pi (m1 (p1 - q1) / nx + m2 (p2 - q2) / ny))}, s_m =
     * {@link #modeVariance} of m's wavenumber). In the discrete Fourier basis C is diagonal with
     * eigenvalues {@code nx ny s_m}, so {@code C^(1/2) xi = IDFT(sqrt(nx ny s_m) DFT(xi))}: two complex
     * 2-D FFTs. C^(1/2) is symmetric, so it is its own adjoint, and {@code z = C^(1/2) xi ~ N(0, C)} for
     * {@code xi ~ N(0, I)}: the whitening of optimisation in prior coordinates, where the prior's negative
     * log-density is {@code 1/2 |xi|^2}. A mode of variance 0 (the mean, when the spec removes it) is
     * mapped to 0. (Not the same linear map as {@link #sample}, which colours its draws in another order;
     * both are square roots of C.)
     *
     * @param xi values at the nodes, row-major, length {@code grid().size()} (not modified unless it is
     *     {@code out})
     * @param out receives C^(1/2) xi (may be {@code xi})
     */
    public void colourSymmetric(double[] xi, double[] out) {
        applyRoot(xi, out, false);
    }

    /**
     * The inverse of {@link #colourSymmetric} on the field's support: {@code C^(-1/2) x =
     * IDFT(DFT(x) / sqrt(nx ny s_m))}, with the modes of variance 0 (a removed mean) mapped to 0, so
     * {@code colourSymmetric(whitenSymmetric(x)) = x} for every x in the support (mean-free x when the
     * spec removes the mean). It gives the whitened coordinates of a field, {@code 1/2 |xi|^2} its
     * prior negative log-density: e.g. the start of an optimisation in prior coordinates from a first
     * guess.
     *
     * @param x values at the nodes, row-major, length {@code grid().size()} (not modified unless it is
     *     {@code out})
     * @param out receives C^(-1/2) x (may be {@code x})
     */
    public void whitenSymmetric(double[] x, double[] out) {
        applyRoot(x, out, true);
    }

    private void applyRoot(double[] xi, double[] out, boolean inverse) {
        if (xi == null || xi.length != grid.size() || out == null || out.length != grid.size()) {
            throw new IllegalArgumentException("input and output must have length " + grid.size());
        }
        double[] work = new double[2 * nx * ny];
        for (int p = 0; p < nx * ny; p++) {
            work[2 * p] = xi[p];
        }
        DoubleFFT_2D fft = new DoubleFFT_2D(nx, ny);
        fft.complexForward(work);
        double size = (double) nx * ny;
        for (int m1 = 0; m1 < nx; m1++) {
            int k1 = Math.min(m1, nx - m1);
            for (int m2 = 0; m2 < ny; m2++) {
                double root = Math.sqrt(size * modeVariance(k1, Math.min(m2, ny - m2)));
                if (inverse) {
                    root = root > 0 ? 1 / root : 0.0;
                }
                int w = 2 * (m1 * ny + m2);
                work[w] *= root;
                work[w + 1] *= root;
            }
        }
        fft.complexInverse(work, true);
        for (int p = 0; p < nx * ny; p++) {
            out[p] = work[2 * p];
        }
    }

    /** Work layout: complex c[m1][m2] at work[2 (m2 nx + m1)] (real), +1 (imaginary). */
    private void drawHalfSpectrum(RandomGenerator rng, double[] work) {
        for (int m2 = 0; m2 < columns; m2++) {
            int base = m2 * nx;
            boolean selfConjugateColumn = m2 == 0 || 2 * m2 == ny;
            if (!selfConjugateColumn) {
                // The conjugate partners (-m1, ny - m2) are outside the stored half: free coefficients.
                for (int m1 = 0; m1 < nx; m1++) {
                    double a = amplitude[base + m1] * INV_SQRT2;
                    work[2 * (base + m1)] = a * rng.nextGaussian();
                    work[2 * (base + m1) + 1] = a * rng.nextGaussian();
                }
                continue;
            }
            // Column must be Hermitian in m1 so that the x-transform of it is real.
            for (int m1 = 0; 2 * m1 <= nx; m1++) {
                int partner = m1 == 0 ? 0 : nx - m1;
                if (partner == m1) {
                    work[2 * (base + m1)] = amplitude[base + m1] * rng.nextGaussian();
                    work[2 * (base + m1) + 1] = 0.0;
                } else {
                    double a = amplitude[base + m1] * INV_SQRT2;
                    double re = a * rng.nextGaussian();
                    double im = a * rng.nextGaussian();
                    work[2 * (base + m1)] = re;
                    work[2 * (base + m1) + 1] = im;
                    work[2 * (base + partner)] = re;
                    work[2 * (base + partner) + 1] = -im;
                }
            }
        }
    }

    /**
     * Copies d[i][m2], m2 = 0 .. ny/2, into the packed half-spectrum layout of
     * {@link DoubleFFT_1D#realInverse(double[], int, boolean)}. d[i][0] and (even ny) d[i][ny/2] are
     * real by construction, so their imaginary parts (round-off) are dropped.
     */
    private void packRow(double[] work, int i, double[] out, int offset) {
        out[offset] = work[2 * i];
        int last = columns - 1;
        if (ny % 2 == 0) {
            out[offset + 1] = work[2 * (last * nx + i)];
            for (int m2 = 1; m2 < last; m2++) {
                int w = 2 * (m2 * nx + i);
                out[offset + 2 * m2] = work[w];
                out[offset + 2 * m2 + 1] = work[w + 1];
            }
        } else {
            for (int m2 = 1; m2 < last; m2++) {
                int w = 2 * (m2 * nx + i);
                out[offset + 2 * m2] = work[w];
                out[offset + 2 * m2 + 1] = work[w + 1];
            }
            int w = 2 * (last * nx + i);
            out[offset + 2 * last] = work[w];
            out[offset + 1] = work[w + 1];
        }
    }
}
