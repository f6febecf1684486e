package org.pdeflow.pde.grf;

import java.util.random.RandomGenerator;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/**
 * Exact spectral sampler of N(0, sigma^2 (-Laplacian + tau^2 I)^(-alpha)) on the rectangle
 * [0, lx] x [0, ly] with the Laplacian under zero Neumann boundary conditions, on a
 * {@link Layout#NODE} grid of nx x ny nodes including both boundaries (usually
 * {@code Grid2D.nodes(s, L)}).
 *
 * <p><b>Basis.</b> Cosine modes e_k(x, y) = cos(pi k1 x / lx) cos(pi k2 y / ly), k1, k2 &gt;= 0,
 * eigenfunctions of the Neumann -Laplacian with eigenvalue mu_k = (pi k1 / lx)^2 + (pi k2 / ly)^2.
 * Their L2 norms squared are (lx / w_{k1}) (ly / w_{k2}) with w_0 = 1, w_k = 2 (k &gt; 0), so the
 * continuum covariance kernel is
 * <pre>
 *   c(x, x') = sum_k lambda_k w_{k1} w_{k2} / (lx ly) e_k(x) e_k(x'),   lambda_k = sigma^2 (mu_k + tau^2)^(-alpha).
 * </pre>
 *
 * <p><b>Discrete truncation (what is sampled).</b> On nodes x_i = i lx / (nx - 1) the modes
 * k1 = 0 .. nx - 1 are the DCT-I basis cos(pi k1 i / (nx - 1)) (k1 = nx - 1 is the Nyquist mode
 * (-1)^i; higher k alias onto these). The sample is
 * <pre>
 *   u(x_i, y_j) = sum_{k1 &lt; nx, k2 &lt; ny} xi_k cos(pi k1 i / (nx - 1)) cos(pi k2 j / (ny - 1)),
 *   xi_k ~ N(0, {@link #modeVariance(int, int) lambda_k w_{k1} w_{k2} / (lx ly)}) independent,
 * </pre>
 * so E[u(p) u(q)] is the continuum kernel with its series truncated to k1 &lt; nx, k2 &lt; ny,
 * evaluated at the nodes (the kernel of P C P, P the projection onto the resolved cosines). The field
 * is not stationary: the pointwise variance sum_k Var(xi_k) e_k(p)^2 is largest at the corners.
 * With {@code zeroMean} xi_0 = 0, which makes the trapezoid-rule mean of every sample zero.
 * On the unit square this is the covariance of FNO's {@code GRF.m} (Darcy data) except that
 * {@code GRF.m} evaluates the cosines at cell centres (MATLAB {@code idct2} is a DCT-III) while this
 * class evaluates them at the nodes, where a node-based Darcy solver needs the coefficient.
 *
 * <p><b>Algorithm.</b> nx * ny standard normals fill xi row-major (k1 * ny + k2; xi_0's draw is
 * consumed even when the mean is removed), then a DCT-I along y per row and along x per column.
 * JTransforms' DCT classes implement DCT-II/III (cell-centred samples), so the DCT-I is computed
 * by FFT: as a real FFT of length 2 (n - 1) of the even extension (xi_0, xi_1 / 2, .., xi_{n-2} / 2,
 * xi_{n-1}, xi_{n-2} / 2, .., xi_1 / 2), whose DFT is real and equals the cosine sum at the n nodes,
 * or, when n - 1 has a prime factor above 7, by Bluestein's chirp-z convolution with power-of-two
 * FFTs (see {@code CosineSum}). Cost: O(nx ny log(nx ny)), a few times a real 2D FFT of nx x ny
 * points, plus nx * ny normal draws. Any nx, ny &gt;= 2.
 *
 * <p>Immutable and safe to share between threads, each passing its own generator; each call
 * allocates one work buffer of O(n) doubles and transforms in place in the output array.
 */
public final class NeumannGaussianField implements GaussianRandomField {

    private final Grid2D grid;
    private final GrfSpec spec;
    private final int nx;
    private final int ny;
    /** Standard deviation of xi_k, row-major k1 * ny + k2. */
    private final double[] amplitude;

    private final CosineSum cosineX;
    private final CosineSum cosineY;

    /**
     * @param grid a {@link Layout#NODE} grid (at least 2 nodes per axis)
     * @param spec covariance parameters
     */
    public NeumannGaussianField(Grid2D grid, GrfSpec spec) {
        if (grid == null || spec == null) {
            throw new IllegalArgumentException("grid and spec are required");
        }
        if (grid.layout() != Layout.NODE) {
            throw new IllegalArgumentException("Neumann Gaussian field needs a NODE grid, got " + grid.layout());
        }
        this.grid = grid;
        this.spec = spec;
        this.nx = grid.nx();
        this.ny = grid.ny();
        this.amplitude = new double[nx * ny];
        for (int k1 = 0; k1 < nx; k1++) {
            for (int k2 = 0; k2 < ny; k2++) {
                amplitude[k1 * ny + k2] = Math.sqrt(modeVariance(k1, k2));
            }
        }
        this.cosineX = new CosineSum(nx);
        this.cosineY = new CosineSum(ny);
    }

    /** Convenience: the square node grid {@code Grid2D.nodes(s, length)}. */
    public static NeumannGaussianField onNodes(int s, double length, GrfSpec spec) {
        return new NeumannGaussianField(Grid2D.nodes(s, length), spec);
    }

    @Override
    public Grid2D grid() {
        return grid;
    }

    @Override
    public GrfSpec spec() {
        return spec;
    }

    /**
     * Var(xi_k) = sigma^2 (mu_k + tau^2)^(-alpha) w_{k1} w_{k2} / (lx ly), for 0 &lt;= k1 &lt; nx,
     * 0 &lt;= k2 &lt; ny (w_0 = 1, w_k = 2); 0 for k = 0 when the spec removes the mean.
     */
    @Override
    public double modeVariance(int k1, int k2) {
        if (k1 < 0 || k1 >= nx || k2 < 0 || k2 >= ny) {
            throw new IllegalArgumentException(
                    "cosine mode (" + k1 + ", " + k2 + ") outside 0.." + (nx - 1) + " x 0.." + (ny - 1));
        }
        if (k1 == 0 && k2 == 0 && spec.zeroMean()) {
            return 0.0;
        }
        double w1 = Math.PI * k1 / grid.lx();
        double w2 = Math.PI * k2 / grid.ly();
        double weight = (k1 == 0 ? 1.0 : 2.0) * (k2 == 0 ? 1.0 : 2.0);
        return spec.covarianceEigenvalue(w1 * w1 + w2 * w2) * weight / (grid.lx() * grid.ly());
    }

    @Override
    public void sample(RandomGenerator rng, double[] out) {
        if (rng == null) {
            throw new IllegalArgumentException("random generator is required");
        }
        if (out == null || out.length != grid.size()) {
            throw new IllegalArgumentException("output array must have length " + grid.size());
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = rng.nextGaussian();
        }
        colour(out, out);
    }

    /**
     * The field with whitened coefficients: {@code z = L xi}, z(x_i, y_j) = sum_k sqrt(Var(xi_k)) xi_k
     * cos(pi k1 i / (nx - 1)) cos(pi k2 j / (ny - 1)), so z ~ N(0, C) (this field's covariance,
     * C = L L^T) when xi ~ N(0, I); {@link #sample} is this map applied to standard normals. Used to
     * optimise in whitened coordinates, where the prior's negative log-density is 1/2 |xi|^2.
     *
     * @param xi coefficients, row-major k1 * ny + k2, length {@code grid().size()} (not modified unless
     *     it is {@code out})
     * @param out receives z at the nodes (may be {@code xi})
     */
    public void colour(double[] xi, double[] out) {
        requireLength(xi, "coefficients");
        requireLength(out, "output");
        for (int k = 0; k < out.length; k++) {
            out[k] = amplitude[k] * xi[k];
        }
        cosineSums(out);
    }

    /**
     * The adjoint of {@link #colour}: {@code L^T g}, (L^T g)_k = sqrt(Var(xi_k)) sum_{i, j} g_{ij}
     * cos(pi k1 i / (nx - 1)) cos(pi k2 j / (ny - 1)) (the cosine matrix is symmetric, so the same cosine
     * sums), which turns a gradient with respect to z into one with respect to xi.
     *
     * @param g values at the nodes, length {@code grid().size()} (not modified unless it is {@code out})
     * @param out receives L^T g (may be {@code g})
     */
    public void colourTranspose(double[] g, double[] out) {
        requireLength(g, "gradient");
        requireLength(out, "output");
        if (out != g) {
            System.arraycopy(g, 0, out, 0, g.length);
        }
        cosineSums(out);
        for (int k = 0; k < out.length; k++) {
            out[k] *= amplitude[k];
        }
    }

    /**
     * The variance of the field at each node, sum_k Var(xi_k) cos^2(pi k1 i / (nx - 1))
     * cos^2(pi k2 j / (ny - 1)) (largest at the corners: the field is not stationary), row-major.
     */
    public double[] pointwiseVariance() {
        double[][] cx = squaredCosines(nx);
        double[][] cy = squaredCosines(ny);
        // V(i, k2) = sum_k1 cx[i][k1] Var(k1, k2), then sum_k2 V(i, k2) cy[j][k2].
        double[] partial = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int k1 = 0; k1 < nx; k1++) {
                double c = cx[i][k1];
                for (int k2 = 0; k2 < ny; k2++) {
                    partial[i * ny + k2] += c * amplitude[k1 * ny + k2] * amplitude[k1 * ny + k2];
                }
            }
        }
        double[] out = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = 0;
                for (int k2 = 0; k2 < ny; k2++) {
                    v += partial[i * ny + k2] * cy[j][k2];
                }
                out[i * ny + j] = v;
            }
        }
        return out;
    }

    private static double[][] squaredCosines(int n) {
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double v = Math.cos(Math.PI * ((long) k * i % (2L * (n - 1))) / (n - 1));
                c[i][k] = v * v;
            }
        }
        return c;
    }

    /** In place: the DCT-I along y per row, then along x per column. */
    private void cosineSums(double[] a) {
        double[] work = new double[Math.max(cosineX.workLength(), cosineY.workLength())];
        for (int k1 = 0; k1 < nx; k1++) {
            cosineY.apply(a, k1 * ny, 1, work);
        }
        for (int j = 0; j < ny; j++) {
            cosineX.apply(a, j, ny, work);
        }
    }

    private void requireLength(double[] a, String what) {
        if (a == null || a.length != grid.size()) {
            throw new IllegalArgumentException(what + " must have length " + grid.size());
        }
    }
}
