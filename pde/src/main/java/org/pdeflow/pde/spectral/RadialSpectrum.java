package org.pdeflow.pde.spectral;

import org.jtransforms.fft.DoubleFFT_2D;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Radially binned power spectrum of a real field on a {@link Grid2D}: how the field's mean square
 * is distributed over the magnitude of the wavenumber.
 *
 * <p><b>Which Fourier series.</b> A field is expanded in the Fourier series of a periodic
 * extension, chosen by the grid's layout so that the extension is continuous (no jump at the
 * boundary, which would leak a spurious k^-2 tail into every bin):
 * <ul>
 *   <li>{@link Layout#PERIODIC}: the field itself, period P = L, N = n points;</li>
 *   <li>{@link Layout#NODE}: the even reflection about both boundary nodes, u_0 .. u_{n-1},
 *       u_{n-2} .. u_1, period P = 2L, N = 2(n - 1) points: the cosine (DCT-I) series of the
 *       Neumann eigenfunctions cos(pi m x / L), the basis of
 *       {@link org.pdeflow.pde.grf.NeumannGaussianField};</li>
 *   <li>{@link Layout#CELL}: the even reflection about the boundary faces, u_0 .. u_{n-1},
 *       u_{n-1} .. u_0, period P = 2L, N = 2n points (the DCT-II series).</li>
 * </ul>
 * No window is applied and the mean is kept (bin 0 holds the squared mean): for the reflections
 * the extension is already continuous, and a window would change the power of every mode.
 *
 * <p><b>Definition.</b> With the DFT coefficients of the extension
 * c(m) = (1 / (Nx Ny)) sum_{i,j} u_ext[i, j] exp(-2 pi i (mx i / Nx + my j / Ny)) and the signed
 * mode numbers m (|mx| &lt;= Nx / 2), the physical wavenumber of a mode is
 * k(m) = (2 pi mx / Px, 2 pi my / Py) in radians per length unit. Bins have width
 * dk = 2 pi / max(Px, Py) (the coarser axis' fundamental, so that on a square domain bin b holds the
 * integer mode shells |m| ~ b); the spectrum is the shell sum
 * <pre>
 *   E(b) = sum over modes with round(|k(m)| / dk) = b of |c(m)|^2,   b = 0 .. B,
 * </pre>
 * where B = floor(min(pi Nx / Px, pi Ny / Py) / dk) is the last shell that lies wholly inside the
 * resolved rectangle; the corner modes beyond it (incomplete shells) are left out. By Parseval
 * sum over all modes of |c|^2 equals the mean of u_ext^2, which for NODE grids is the trapezoid-rule
 * mean of u^2 over the domain and for the other layouts the plain mean; the bins therefore add up to
 * the mean square of the field whenever it has no power in the corners.
 *
 * <p>The mean power per mode of a shell is E(b) / {@link #modeCounts()}[b] (what
 * {@code FieldStatistics} reports). Any nx, ny; cost one complex 2-D FFT of Nx x Ny points.
 * Not thread-safe (owns its work buffer); instances are cheap.
 */
public final class RadialSpectrum {

    private final Grid2D grid;
    private final int nxExt;
    private final int nyExt;
    private final DoubleFFT_2D fft;
    private final double[] work;
    /** Bin of each extended-grid mode, row-major, or -1 when beyond the last complete shell. */
    private final int[] bin;

    private final int[] counts;
    private final double binWidth;

    private RadialSpectrum(Grid2D grid) {
        this.grid = grid;
        this.nxExt = extendedLength(grid.nx(), grid.layout());
        this.nyExt = extendedLength(grid.ny(), grid.layout());
        double px = grid.layout() == Layout.PERIODIC ? grid.lx() : 2 * grid.lx();
        double py = grid.layout() == Layout.PERIODIC ? grid.ly() : 2 * grid.ly();
        this.binWidth = 2 * Math.PI / Math.max(px, py);
        double nyquist = Math.min(Math.PI * nxExt / px, Math.PI * nyExt / py);
        int last = (int) Math.floor(nyquist / binWidth + 1e-9);
        this.counts = new int[last + 1];
        this.bin = new int[nxExt * nyExt];
        for (int i = 0; i < nxExt; i++) {
            double kx = 2 * Math.PI * signed(i, nxExt) / px;
            for (int j = 0; j < nyExt; j++) {
                double ky = 2 * Math.PI * signed(j, nyExt) / py;
                long b = Math.round(Math.hypot(kx, ky) / binWidth);
                int k = b <= last ? (int) b : -1;
                bin[i * nyExt + j] = k;
                if (k >= 0) {
                    counts[k]++;
                }
            }
        }
        this.fft = new DoubleFFT_2D(nxExt, nyExt);
        this.work = new double[2 * nxExt * nyExt];
    }

    /**
     * A spectrum for fields on a grid.
     *
     * @param grid the fields' grid, at least 2 points per axis
     * @return the spectrum
     */
    public static RadialSpectrum of(Grid2D grid) {
        if (grid == null || grid.nx() < 2 || grid.ny() < 2) {
            throw new IllegalArgumentException("a spectrum needs a grid of at least 2 x 2 points, got " + grid);
        }
        return new RadialSpectrum(grid);
    }

    private static int extendedLength(int n, Layout layout) {
        return switch (layout) {
            case PERIODIC -> n;
            case NODE -> 2 * (n - 1);
            case CELL -> 2 * n;
        };
    }

    private static int signed(int index, int n) {
        return index <= n / 2 ? index : index - n;
    }

    /** The grid. */
    public Grid2D grid() {
        return grid;
    }

    /** Number of bins B + 1. */
    public int binCount() {
        return counts.length;
    }

    /** Bin width dk in radians per length unit. */
    public double binWidth() {
        return binWidth;
    }

    /** Wavenumber of each bin, b dk (radians per length unit). */
    public double[] wavenumbers() {
        double[] k = new double[counts.length];
        for (int b = 0; b < k.length; b++) {
            k[b] = b * binWidth;
        }
        return k;
    }

    /** Number of modes of the extension in each bin (a copy). */
    public int[] modeCounts() {
        return counts.clone();
    }

    /**
     * The shell sums E(b) of a field.
     *
     * @param field {@code grid.size()} values, x along the first axis
     * @return E(0) .. E(B)
     */
    public double[] power(double[] field) {
        int nx = grid.nx();
        int ny = grid.ny();
        if (field.length != nx * ny) {
            throw new IllegalArgumentException("field has " + field.length + " values, the grid " + nx * ny);
        }
        for (int i = 0; i < nxExt; i++) {
            int si = source(i, nx);
            for (int j = 0; j < nyExt; j++) {
                work[i * nyExt + j] = field[si * ny + source(j, ny)];
            }
        }
        fft.realForwardFull(work);
        double norm = 1.0 / ((double) nxExt * nyExt);
        norm *= norm;
        double[] e = new double[counts.length];
        for (int p = 0; p < bin.length; p++) {
            int b = bin[p];
            if (b >= 0) {
                double re = work[2 * p];
                double im = work[2 * p + 1];
                e[b] += (re * re + im * im) * norm;
            }
        }
        return e;
    }

    /** The grid index whose value sits at index {@code i} of the extension along an axis of n points. */
    private int source(int i, int n) {
        return switch (grid.layout()) {
            case PERIODIC -> i;
            case NODE -> i < n ? i : 2 * (n - 1) - i;
            case CELL -> i < n ? i : 2 * n - 1 - i;
        };
    }
}
