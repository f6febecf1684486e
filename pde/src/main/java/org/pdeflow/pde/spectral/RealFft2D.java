package org.pdeflow.pde.spectral;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Fourier series of real periodic fields on an {@code nx x ny} grid, in the half-spectrum layout
 * of {@code numpy.fft.rfft2}.
 *
 * <p>For a real field {@code f[i * ny + j] = f(x_i, y_j)} the forward transform gives the Fourier
 * coefficients
 * <pre>
 *   c(r, s) = (1 / (nx ny)) sum_{i,j} f[i, j] exp(-2 pi i (r i / nx + s j / ny)),
 *   r = 0 .. nx-1,  s = 0 .. ny/2
 * </pre>
 * and the inverse transform evaluates the series {@code f[i, j] = sum c(r, s) exp(+2 pi i (...))}
 * over all modes, the modes with {@code s > ny/2} being the complex conjugates implied by a real
 * field. With this normalisation the coefficients of a band-limited function do not depend on the
 * grid size, and the inverse is exact: {@code inverse(forward(f)) == f} up to rounding.
 *
 * <p>Spectrum layout: {@code double[nx * (ny + 2)]}, complex numbers interleaved (re, im), row
 * {@code r} (the x wavenumber index, FFT order: 0, 1, .., nx/2, -nx/2+1, .., -1) holding the
 * {@code ny/2 + 1} columns {@code s = 0 .. ny/2}; coefficient (r, s) starts at
 * {@link #offset(int, int)}. The signed x mode of row {@code r} is {@link #signedMode(int, int)}.
 *
 * <p>Implementation: one-dimensional JTransforms {@link DoubleFFT_1D} real transforms along y
 * (contiguous rows) followed by complex transforms along x, gathered a few columns at a time.
 * With JTransforms' default thresholds ({@code CommonUtils.getThreadsBeginN_1D_FFT_2Threads()} =
 * 8192) one-dimensional transforms shorter than 8192 never start threads, so transforms of grids up
 * to 4096 points per axis run entirely on the calling thread, whatever
 * {@code ConcurrencyUtils.getNumberOfThreads()} says (unlike {@code DoubleFFT_2D}, which uses its
 * thread pool from 65536 points on). Callers parallelise across fields (for example across samples
 * of a dataset), one instance per thread.
 *
 * <p>Not thread-safe: an instance owns its work buffers. Instances are cheap; create one per thread.
 */
public final class RealFft2D {

    /** Columns gathered per block in the x pass; 4 complex columns = 64 bytes, one cache line. */
    private static final int BLOCK = 4;

    private final int nx;
    private final int ny;
    private final int rowStride;
    private final DoubleFFT_1D alongY;
    private final DoubleFFT_1D alongX;
    private final double[] columns;
    private final double[] work;
    private final double rowInverseGain;

    /**
     * Prepares transforms for an {@code nx x ny} grid.
     *
     * @param nx points along x (first array axis), even and at least 2
     * @param ny points along y (second array axis), even and at least 2
     */
    public RealFft2D(int nx, int ny) {
        if (nx < 2 || ny < 2 || nx % 2 != 0 || ny % 2 != 0) {
            throw new IllegalArgumentException("FFT grid sizes must be even and at least 2, got " + nx + " x " + ny);
        }
        this.nx = nx;
        this.ny = ny;
        this.rowStride = ny + 2;
        this.alongY = new DoubleFFT_1D(ny);
        this.alongX = new DoubleFFT_1D(nx);
        this.columns = new double[BLOCK * 2 * nx];
        this.work = new double[nx * rowStride];
        this.rowInverseGain = unscaledRealInverseGain(alongY, ny);
    }

    /**
     * The unscaled JTransforms real inverse returns half the sum over all modes for power-of-two
     * lengths (Ooura's convention) but the full sum for mixed-radix lengths; measuring it on the
     * constant mode once gives the factor that makes the series exact for every length.
     */
    private static double unscaledRealInverseGain(DoubleFFT_1D fft, int n) {
        double[] probe = new double[n];
        probe[0] = 1.0;
        fft.realInverse(probe, false);
        return 1.0 / probe[0];
    }

    /** Points along x. */
    public int nx() {
        return nx;
    }

    /** Points along y. */
    public int ny() {
        return ny;
    }

    /** Length of a spectrum array, {@code nx * (ny + 2)}. */
    public int spectrumLength() {
        return nx * rowStride;
    }

    /** Number of complex coefficients held, {@code nx * (ny/2 + 1)}. */
    public int coefficientCount() {
        return nx * (ny / 2 + 1);
    }

    /** Index of the real part of coefficient (r, s) in a spectrum array; the imaginary part follows. */
    public int offset(int r, int s) {
        return r * rowStride + 2 * s;
    }

    /**
     * Signed mode number of FFT index {@code index} along an axis of {@code n} points:
     * {@code index} for {@code index <= n/2}, else {@code index - n}. The Nyquist index n/2 maps to +n/2.
     */
    public static int signedMode(int index, int n) {
        return index <= n / 2 ? index : index - n;
    }

    /**
     * Forward transform of all columns.
     *
     * @param field real field, length {@code nx * ny}, row-major (not modified)
     * @param spectrum receives the coefficients, length {@link #spectrumLength()}
     */
    public void forward(double[] field, double[] spectrum) {
        forward(field, spectrum, ny / 2);
    }

    /**
     * Forward transform that computes only the columns {@code s <= lastColumn} and sets the others
     * to zero: a dealiased product needs no more, and the skipped x transforms are a third of that pass.
     *
     * @param field real field, length {@code nx * ny} (not modified)
     * @param spectrum receives the coefficients, length {@link #spectrumLength()}
     * @param lastColumn highest y wavenumber index to compute, 0 .. ny/2
     */
    public void forward(double[] field, double[] spectrum, int lastColumn) {
        checkLengths(field, spectrum, lastColumn);
        double scale = 1.0 / ((double) nx * ny);
        for (int i = 0; i < nx; i++) {
            int off = i * rowStride;
            int src = i * ny;
            for (int j = 0; j < ny; j++) {
                spectrum[off + j] = field[src + j] * scale;
            }
            alongY.realForward(spectrum, off);
            // JTransforms packs the real Nyquist coefficient into the imaginary slot of mode 0.
            spectrum[off + ny] = spectrum[off + 1];
            spectrum[off + 1] = 0.0;
            spectrum[off + ny + 1] = 0.0;
            for (int k = 2 * lastColumn + 2; k < rowStride; k++) {
                spectrum[off + k] = 0.0;
            }
        }
        transformColumns(spectrum, spectrum, lastColumn, true);
    }

    /**
     * Inverse transform: evaluates the Fourier series on the grid.
     *
     * @param spectrum coefficients, length {@link #spectrumLength()} (not modified)
     * @param field receives the real field, length {@code nx * ny}
     */
    public void inverse(double[] spectrum, double[] field) {
        inverse(spectrum, field, ny / 2);
    }

    /**
     * Inverse transform treating every column {@code s > lastColumn} as zero, which skips their x transforms.
     *
     * @param spectrum coefficients, length {@link #spectrumLength()} (not modified)
     * @param field receives the real field, length {@code nx * ny}
     * @param lastColumn highest y wavenumber index that may be non-zero, 0 .. ny/2
     */
    public void inverse(double[] spectrum, double[] field, int lastColumn) {
        checkLengths(field, spectrum, lastColumn);
        transformColumns(spectrum, work, lastColumn, false);
        for (int i = 0; i < nx; i++) {
            int off = i * rowStride;
            for (int k = 2 * lastColumn + 2; k < rowStride; k++) {
                work[off + k] = 0.0;
            }
            // Real parts of modes 0 and ny/2 only: a real field has real coefficients there after the x pass.
            work[off + 1] = work[off + ny];
            alongY.realInverse(work, off, false);
            int dst = i * ny;
            for (int j = 0; j < ny; j++) {
                field[dst + j] = rowInverseGain * work[off + j];
            }
        }
    }

    private void transformColumns(double[] from, double[] to, int lastColumn, boolean forward) {
        int count = lastColumn + 1;
        int twoNx = 2 * nx;
        for (int first = 0; first < count; first += BLOCK) {
            int width = Math.min(BLOCK, count - first);
            for (int r = 0; r < nx; r++) {
                int src = r * rowStride + 2 * first;
                for (int b = 0; b < width; b++) {
                    columns[b * twoNx + 2 * r] = from[src + 2 * b];
                    columns[b * twoNx + 2 * r + 1] = from[src + 2 * b + 1];
                }
            }
            for (int b = 0; b < width; b++) {
                if (forward) {
                    alongX.complexForward(columns, b * twoNx);
                } else {
                    alongX.complexInverse(columns, b * twoNx, false);
                }
            }
            for (int r = 0; r < nx; r++) {
                int dst = r * rowStride + 2 * first;
                for (int b = 0; b < width; b++) {
                    to[dst + 2 * b] = columns[b * twoNx + 2 * r];
                    to[dst + 2 * b + 1] = columns[b * twoNx + 2 * r + 1];
                }
            }
        }
    }

    private void checkLengths(double[] field, double[] spectrum, int lastColumn) {
        if (field.length != nx * ny) {
            throw new IllegalArgumentException(
                    "field length " + field.length + " does not match grid " + nx + " x " + ny);
        }
        if (spectrum.length != spectrumLength()) {
            throw new IllegalArgumentException("spectrum length " + spectrum.length + " must be " + spectrumLength());
        }
        if (lastColumn < 0 || lastColumn > ny / 2) {
            throw new IllegalArgumentException("last column " + lastColumn + " outside 0.." + ny / 2);
        }
    }
}
