package org.pdeflow.solvers.noise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleBinaryOperator;
import org.pdeflow.pde.grf.PeriodicGaussianField;

/**
 * A covariance operator on fields of shape (C, H, W) that is diagonal in a fixed orthonormal basis:
 * either the pixel basis or the discrete Fourier basis of the periodic H x W grid (then the operator
 * is a stationary, periodic covariance, i.e. a circular convolution).
 *
 * <p><b>Fourier convention.</b> With F the unnormalised 2D DFT over the two spatial axes
 * ({@code fft2}; F^-1 = F^H / (H W)), a {@link Basis#FOURIER} covariance with eigenvalues c is
 * <pre>
 *   C = F^-1 diag(c) F,      so  C x = real(ifft2(c * fft2(x)))   and  E |fft2(x)_m|^2 = H W c_m
 * </pre>
 * for x ~ N(0, C). The pointwise variance is mean_m(c_m) per channel. c must be even,
 * c(m) = c(-m mod (H, W)), so that C maps real fields to real fields (checked).
 *
 * <p>Eigenvalues are stored in double precision, index (ch * H + m1) * W + m2 (the same row-major
 * layout as the fields, x along H). Arrays for a computation are created on demand in the caller's
 * {@link NDManager} ({@link #eigenvalues}), so instances own no native memory and are immutable.
 *
 * <p>Used for the noise of function-space diffusion (Lim et al., "Score-based diffusion models in
 * function space", 2023; FunDPS, Yao et al. 2025, draw noise with an exponential-kernel covariance),
 * for Gaussian data models ({@link org.pdeflow.solvers.denoise.GaussianDenoiser}) and in tests.
 */
public final class DiagonalCovariance {

    /** The orthonormal basis the covariance is diagonal in. */
    public enum Basis {
        /** Identity change of basis: independent pixels. */
        PIXEL,
        /** Discrete Fourier modes of the periodic grid (stationary covariance). */
        FOURIER
    }

    private final Basis basis;
    private final int channels;
    private final int height;
    private final int width;
    private final double[] eigenvalues;
    private final boolean identity;

    private DiagonalCovariance(
            Basis basis, int channels, int height, int width, double[] eigenvalues, boolean identity) {
        this.basis = basis;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.eigenvalues = eigenvalues;
        this.identity = identity;
    }

    /** The identity covariance (white noise), diagonal in every basis. */
    public static DiagonalCovariance identity(int channels, int height, int width) {
        checkShape(channels, height, width);
        double[] ones = new double[channels * height * width];
        Arrays.fill(ones, 1.0);
        return new DiagonalCovariance(Basis.PIXEL, channels, height, width, ones, true);
    }

    /**
     * Independent pixels with the given variances.
     *
     * @param variances C * H * W non-negative values, row-major (ch, i, j)
     */
    public static DiagonalCovariance pixel(int channels, int height, int width, double[] variances) {
        checkShape(channels, height, width);
        return new DiagonalCovariance(
                Basis.PIXEL, channels, height, width, checkValues(variances, channels * height * width), false);
    }

    /**
     * A stationary periodic covariance from its Fourier eigenvalues (see the class comment).
     *
     * @param modeEigenvalues C * H * W non-negative values c_m, index (ch * H + m1) * W + m2 with
     *                        0 &lt;= m1 &lt; H, 0 &lt;= m2 &lt; W, even under m -&gt; -m
     */
    public static DiagonalCovariance fourier(int channels, int height, int width, double[] modeEigenvalues) {
        checkShape(channels, height, width);
        double[] c = checkValues(modeEigenvalues, channels * height * width);
        double max = 0;
        for (double v : c) {
            max = Math.max(max, v);
        }
        for (int ch = 0; ch < channels; ch++) {
            for (int m1 = 0; m1 < height; m1++) {
                for (int m2 = 0; m2 < width; m2++) {
                    double a = c[(ch * height + m1) * width + m2];
                    double b = c[(ch * height + (height - m1) % height) * width + (width - m2) % width];
                    if (Math.abs(a - b) > 1e-12 * max) {
                        throw new IllegalArgumentException("Fourier eigenvalues must be even, c(m) = c(-m); mode (" + m1
                                + ", " + m2 + ") has " + a + " but its mirror has " + b);
                    }
                }
            }
        }
        return new DiagonalCovariance(Basis.FOURIER, channels, height, width, c, false);
    }

    /**
     * The covariance of {@link PeriodicGaussianField} samples on its grid (the same in every channel):
     * c_m = H W * modeVariance(k(m)), with k(m) the signed wavenumber of smallest magnitude in the
     * alias class of grid mode m. Samples of {@link GaussianNoise} with this covariance have exactly
     * the distribution of {@code field.sample(rng)}.
     */
    public static DiagonalCovariance periodicField(PeriodicGaussianField field, int channels) {
        if (field == null) {
            throw new IllegalArgumentException("field is required");
        }
        int h = field.grid().nx();
        int w = field.grid().ny();
        checkShape(channels, h, w);
        double[] c = new double[channels * h * w];
        double n = (double) h * w;
        for (int m1 = 0; m1 < h; m1++) {
            int k1 = m1 <= h / 2 ? m1 : m1 - h;
            for (int m2 = 0; m2 < w; m2++) {
                int k2 = m2 <= w / 2 ? m2 : m2 - w;
                double v = n * field.modeVariance(k1, k2);
                for (int ch = 0; ch < channels; ch++) {
                    c[(ch * h + m1) * w + m2] = v;
                }
            }
        }
        return fourier(channels, h, w, c);
    }

    /**
     * The periodised stationary covariance cov(u(x), u(x')) = k(dx, dy) with (dx, dy) the
     * minimum-image offset between grid points on the torus (spacings hx, hy), i.e. the circulant
     * matrix whose first row is k at the offsets; its eigenvalues (the DFT of that row) are computed
     * here in double precision. This replaces FunDPS' dense Cholesky of the s^2 x s^2 kernel matrix
     * by an exact O(s^2 log s) draw for the periodised kernel. The kernel must be even and positive
     * definite on the torus: eigenvalues below -1e-10 max are rejected, smaller negative round-off
     * is set to zero.
     *
     * @param kernel k(dx, dy) in field unit^2, e.g. FunDPS' exp(-r / (2 scale^2)) with r = |(dx, dy)|
     */
    public static DiagonalCovariance stationaryKernel(
            int channels, int height, int width, double hx, double hy, DoubleBinaryOperator kernel) {
        checkShape(channels, height, width);
        if (!(hx > 0) || !(hy > 0)) {
            throw new IllegalArgumentException("grid spacings must be positive, got " + hx + ", " + hy);
        }
        double[] row = new double[height * width];
        for (int i = 0; i < height; i++) {
            double dx = Math.min(i, height - i) * hx;
            for (int j = 0; j < width; j++) {
                row[i * width + j] = kernel.applyAsDouble(dx, Math.min(j, width - j) * hy);
            }
        }
        double[] eig = realDft2(row, height, width);
        double max = 0;
        for (double v : eig) {
            max = Math.max(max, v);
        }
        double[] c = new double[channels * height * width];
        for (int m = 0; m < eig.length; m++) {
            if (eig[m] < -1e-10 * max) {
                throw new IllegalArgumentException("kernel is not positive definite on the " + height + " x " + width
                        + " torus: eigenvalue " + eig[m] + " at mode " + m);
            }
            double v = Math.max(eig[m], 0.0);
            for (int ch = 0; ch < channels; ch++) {
                c[ch * eig.length + m] = v;
            }
        }
        return fourier(channels, height, width, c);
    }

    /** Real part of the unnormalised 2D DFT of a real even array (the imaginary part vanishes). */
    private static double[] realDft2(double[] a, int h, int w) {
        double[] re = new double[h * w];
        double[] im = new double[h * w];
        // Separable: along the second axis, then along the first.
        for (int i = 0; i < h; i++) {
            for (int m2 = 0; m2 < w; m2++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < w; j++) {
                    double ang = -2 * Math.PI * ((long) m2 * j % w) / w;
                    sr += a[i * w + j] * Math.cos(ang);
                    si += a[i * w + j] * Math.sin(ang);
                }
                re[i * w + m2] = sr;
                im[i * w + m2] = si;
            }
        }
        double[] out = new double[h * w];
        for (int m1 = 0; m1 < h; m1++) {
            for (int m2 = 0; m2 < w; m2++) {
                double sr = 0;
                for (int i = 0; i < h; i++) {
                    double ang = -2 * Math.PI * ((long) m1 * i % h) / h;
                    sr += re[i * w + m2] * Math.cos(ang) - im[i * w + m2] * Math.sin(ang);
                }
                out[m1 * w + m2] = sr;
            }
        }
        return out;
    }

    private static void checkShape(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "field shape must be positive, got (" + channels + ", " + height + ", " + width + ")");
        }
    }

    private static double[] checkValues(double[] values, int size) {
        if (values == null || values.length != size) {
            throw new IllegalArgumentException(
                    "expected " + size + " eigenvalues, got " + (values == null ? "null" : values.length));
        }
        for (double v : values) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("covariance eigenvalues must be finite and non-negative, got " + v);
            }
        }
        return values.clone();
    }

    /** The basis this covariance is diagonal in ({@link Basis#PIXEL} for the identity). */
    public Basis basis() {
        return basis;
    }

    /** Whether this is the identity (white noise); the identity is compatible with either basis. */
    public boolean isIdentity() {
        return identity;
    }

    /** Number of channels C. */
    public int channels() {
        return channels;
    }

    /** Height H (the x axis). */
    public int height() {
        return height;
    }

    /** Width W (the y axis). */
    public int width() {
        return width;
    }

    /** The field shape (C, H, W). */
    public Shape fieldShape() {
        return new Shape(channels, height, width);
    }

    /** A copy of the eigenvalues, index (ch * H + m1) * W + m2. */
    public double[] eigenvalueArray() {
        return eigenvalues.clone();
    }

    /** Pointwise variance of channel ch: the mean of that channel's eigenvalues. */
    public double pointwiseVariance(int ch) {
        double s = 0;
        int n = height * width;
        for (int m = 0; m < n; m++) {
            s += eigenvalues[ch * n + m];
        }
        return s / n;
    }

    /** Whether this covariance and {@code other} are diagonal in a common basis of the same shape. */
    public boolean compatibleWith(DiagonalCovariance other) {
        return other != null
                && other.channels == channels
                && other.height == height
                && other.width == width
                && (identity || other.identity || other.basis == basis);
    }

    /**
     * The eigenvalues as a new (C, H, W) array of the given type in {@code manager}.
     */
    public NDArray eigenvalues(NDManager manager, DataType dataType) {
        NDArray a = manager.create(eigenvalues, fieldShape());
        return dataType == DataType.FLOAT64 ? a : a.toType(dataType, false);
    }

    /**
     * B^T diag(d) B x in {@code basis}: the operator with eigenvalues d applied to a batch.
     *
     * @param basis the basis (the caller's, so that the identity can act in either)
     * @param x fields (B, C, H, W), real
     * @param d eigenvalues broadcastable to (B, C, H, W), e.g. (C, H, W) or (B, C, H, W); even under
     *          m -&gt; -m for the Fourier basis
     * @return a new array attached to x's manager
     */
    public static NDArray apply(Basis basis, NDArray x, NDArray d) {
        if (basis == Basis.PIXEL) {
            return x.mul(d);
        }
        Shape s = x.getShape();
        int h = Math.toIntExact(s.get(s.dimension() - 2));
        int w = Math.toIntExact(s.get(s.dimension() - 1));
        return h * w <= DENSE_LIMIT ? applyDense(x, d, h, w) : applyFft(x, d);
    }

    /** Largest H W for which {@link #apply} uses dense DFT matrices instead of FFTs. */
    static final int DENSE_LIMIT = 256;

    /**
     * The Fourier-basis operator by dense real DFT matrices: with R[m, p] = cos(theta), S[m, p] =
     * sin(theta), theta = 2 pi (m1 i / H + m2 j / W) (both symmetric), fft2(x) = x R - i x S on the
     * flattened field and C x = (1 / (H W)) [(d * (x R)) R + (d * (x S)) S]. For small grids four
     * matrix products beat the per-transform overhead of many tiny FFTs, in any real type.
     */
    static NDArray applyDense(NDArray x, NDArray d, int h, int w) {
        Shape s = x.getShape();
        int n = h * w;
        NDManager m = x.getManager();
        double[][] tables = dftTables(h, w);
        try (NDManager scope = m.newSubManager()) {
            scope.tempAttachAll(x);
            DataType dt = x.getDataType();
            NDArray r = scope.create(tables[0], new Shape(n, n));
            NDArray sin = scope.create(tables[1], new Shape(n, n));
            if (dt != DataType.FLOAT64) {
                r = r.toType(dt, false);
                sin = sin.toType(dt, false);
            }
            long[] flat = s.getShape().clone();
            flat[flat.length - 2] = n;
            flat[flat.length - 1] = 1;
            Shape flatShape = new Shape(Arrays.copyOf(flat, flat.length - 1));
            NDArray xf = x.reshape(flatShape);
            NDArray dd = d.broadcast(s).reshape(flatShape);
            NDArray y = dd.mul(xf.matMul(r))
                    .matMul(r)
                    .addi(dd.mul(xf.matMul(sin)).matMul(sin))
                    .divi((double) n)
                    .reshape(s);
            y.attach(m);
            return y;
        }
    }

    private static final ConcurrentHashMap<Long, double[][]> TABLES = new ConcurrentHashMap<>();

    private static double[][] dftTables(int h, int w) {
        return TABLES.computeIfAbsent(((long) h << 32) | w, key -> {
            int n = h * w;
            double[] cos = new double[n * n];
            double[] sin = new double[n * n];
            for (int m1 = 0; m1 < h; m1++) {
                for (int m2 = 0; m2 < w; m2++) {
                    int row = (m1 * w + m2) * n;
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            // Reduce the phase exactly in integers before scaling.
                            long a = ((long) m1 * i % h) * w + ((long) m2 * j % w) * h;
                            double theta = 2 * Math.PI * (a % ((long) h * w)) / ((double) h * w);
                            cos[row + i * w + j] = Math.cos(theta);
                            sin[row + i * w + j] = Math.sin(theta);
                        }
                    }
                }
            }
            return new double[][] {cos, sin};
        });
    }

    /** The Fourier-basis operator by FFTs: real(ifft2(d * fft2(x))). */
    static NDArray applyFft(NDArray x, NDArray d) {
        Shape s = x.getShape();
        long[] sizes = {s.get(s.dimension() - 2), s.get(s.dimension() - 1)};
        long[] axes = {-2, -1};
        // ifft2 of an even multiplier times fft2 of a real field is real up to round-off: keep the real part.
        NDArray spectrum = x.fft2(sizes, axes);
        NDArray filtered = spectrum.mul(d);
        spectrum.close();
        NDArray back = filtered.ifft2(sizes, axes);
        filtered.close();
        NDArray pair = back.real();
        back.close();
        NDArray out = pair.get("..., 0");
        pair.close();
        return out;
    }
}
