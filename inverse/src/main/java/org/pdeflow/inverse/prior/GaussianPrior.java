package org.pdeflow.inverse.prior;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.pde.grf.GaussianRandomField;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A Gaussian prior {@code N(m, C)} on one unknown field, with the covariance of a pde-module
 * Gaussian random field: {@code C = sigma^2 (-Laplacian + tau^2 I)^(-alpha)} truncated to the grid
 * (Stuart 2010, Acta Numerica 19, sec. 6), sampled exactly by the field's spectral sampler.
 *
 * <p>What uses it: the initial ensemble of ensemble Kalman inversion, the proposal of pCN, the
 * Tikhonov penalty matching the prior ({@code 1/2 (x - m)^T C^{-1} (x - m)}), and closed-form
 * checks: the exact posterior of a linear-Gaussian problem and the exact Gaussian denoiser
 * {@link #denoise} against which diffusion samplers can be tested.
 *
 * <p><b>Dense covariance.</b> A {@link GaussianRandomField} sample is a fixed linear map L of its
 * {@code grid.size()} standard-normal draws ({@code u = L xi}; the field's contract fixes how many
 * draws and in what order). Feeding it the unit vectors e_k as "draws" gives L column by column,
 * hence {@code C = L L^T} exactly, whatever the sampler's basis (periodic Fourier or Neumann
 * cosine). This is done on demand and only for small grids ({@link #MAX_DENSE} unknowns).
 *
 * <p>Immutable; thread-safe (the dense matrices are computed once under a lock).
 */
public final class GaussianPrior {

    /** Largest number of unknowns for which dense covariance matrices are formed. */
    public static final int MAX_DENSE = 4096;

    private final Unknowns unknowns;
    private final double[] mean;
    private final GaussianRandomField field;
    private DMatrixRMaj factor;
    private DMatrixRMaj covariance;

    /**
     * @param name the unknown field's name
     * @param mean m on the field's grid, row-major; copied
     * @param field the covariance and its sampler (on the grid of the unknown)
     */
    public GaussianPrior(String name, double[] mean, GaussianRandomField field) {
        if (field == null) {
            throw new IllegalArgumentException("Gaussian random field is required");
        }
        this.unknowns = Unknowns.single(name, field.grid());
        unknowns.requireLength(mean, "prior mean");
        for (double v : mean) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("prior mean must be finite");
            }
        }
        this.mean = mean.clone();
        this.field = field;
    }

    /** A centred prior N(0, C). */
    public static GaussianPrior centred(String name, GaussianRandomField field) {
        return new GaussianPrior(name, new double[field.grid().size()], field);
    }

    /** The prior with a constant mean {@code value}. */
    public static GaussianPrior constantMean(String name, double value, GaussianRandomField field) {
        double[] m = new double[field.grid().size()];
        Arrays.fill(m, value);
        return new GaussianPrior(name, m, field);
    }

    /** The single unknown field. */
    public Unknowns unknowns() {
        return unknowns;
    }

    /** The grid. */
    public Grid2D grid() {
        return field.grid();
    }

    /** The mean m (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** The random field (covariance and sampler). */
    public GaussianRandomField field() {
        return field;
    }

    /**
     * The covariance parameters alpha, tau, sigma.
     *
     * @throws UnsupportedOperationException for a tabulated spectrum ({@link PeriodicGaussianField#withSpectrum})
     */
    public GrfSpec spec() {
        return field.spec();
    }

    /** Number of unknowns. */
    public int size() {
        return mean.length;
    }

    /** A draw {@code m + xi}, {@code xi ~ N(0, C)}. */
    public double[] sample(RandomGenerator rng) {
        double[] x = new double[mean.length];
        sampleDeviation(rng, x);
        for (int i = 0; i < x.length; i++) {
            x[i] += mean[i];
        }
        return x;
    }

    /** A centred draw {@code xi ~ N(0, C)} into {@code out}. */
    public void sampleDeviation(RandomGenerator rng, double[] out) {
        field.sample(rng, out);
    }

    /**
     * The factor L of the sampler, {@code C = L L^T}, n x n.
     *
     * @throws IllegalStateException above {@link #MAX_DENSE} unknowns, or if the sampler is not a
     *     linear map of exactly n normal draws
     */
    public synchronized DMatrixRMaj covarianceFactor() {
        if (factor == null) {
            int n = requireSmall();
            DMatrixRMaj l = new DMatrixRMaj(n, n);
            double[] column = new double[n];
            for (int k = 0; k < n; k++) {
                UnitDraws draws = new UnitDraws(k);
                field.sample(draws, column);
                if (draws.calls != n) {
                    throw new IllegalStateException(
                            "the random field consumed " + draws.calls + " normal draws, not " + n);
                }
                for (int i = 0; i < n; i++) {
                    l.unsafe_set(i, k, column[i]);
                }
            }
            factor = l;
        }
        return factor.copy();
    }

    /**
     * A square root S of the covariance, {@code C = S S^T}, applied to {@code xi}: the map from whitened
     * coordinates to a deviation from the mean, {@code x = m + S xi}, in which the prior's negative
     * log-density is {@code 1/2 |xi|^2}. Matrix-free where the field has a fast root: the symmetric
     * spectral root of a periodic field ({@link PeriodicGaussianField#colourSymmetric}), the cosine
     * series of a Neumann field ({@link NeumannGaussianField#colour}); otherwise the dense
     * {@link #covarianceFactor()} (small grids only). Modes of variance 0 (a removed mean) are mapped
     * to 0, so S xi stays in the prior's support.
     *
     * @param xi whitened coordinates, length n (not modified)
     * @return S xi, a new array
     */
    public double[] colour(double[] xi) {
        unknowns.requireLength(xi, "whitened coordinates");
        double[] out = new double[xi.length];
        if (field instanceof PeriodicGaussianField periodic) {
            periodic.colourSymmetric(xi, out);
        } else if (field instanceof NeumannGaussianField neumann) {
            neumann.colour(xi, out);
        } else {
            multiply(covarianceFactor(), xi, out, false);
        }
        return out;
    }

    /**
     * The whitened coordinates of a field, {@code xi = S^-1 (x - m)} with S the symmetric root of
     * {@link #colour}, so that {@code m + colour(xi)} gives x back wherever x - m lies in the prior's
     * support (modes of variance 0 are mapped to 0: a removed mean is dropped). Used to start an
     * optimisation in prior coordinates from a first guess. Periodic fields only (the root is a Fourier
     * multiplier there).
     *
     * @param x a field, length n (not modified)
     * @return xi, a new array
     * @throws UnsupportedOperationException for other fields
     */
    public double[] whiten(double[] x) {
        unknowns.requireLength(x, "field");
        if (!(field instanceof PeriodicGaussianField periodic)) {
            throw new UnsupportedOperationException(
                    "whitened coordinates of a field need a periodic prior, not " + field);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] - mean[i];
        }
        periodic.whitenSymmetric(out, out);
        return out;
    }

    /**
     * The adjoint of {@link #colour}, {@code S^T g}: turns a gradient with respect to x into one with
     * respect to the whitened coordinates.
     *
     * @param g a gradient with respect to x, length n (not modified)
     * @return S^T g, a new array
     */
    public double[] colourTranspose(double[] g) {
        unknowns.requireLength(g, "gradient");
        double[] out = new double[g.length];
        if (field instanceof PeriodicGaussianField periodic) {
            periodic.colourSymmetric(g, out);
        } else if (field instanceof NeumannGaussianField neumann) {
            neumann.colourTranspose(g, out);
        } else {
            multiply(covarianceFactor(), g, out, true);
        }
        return out;
    }

    private static void multiply(DMatrixRMaj a, double[] v, double[] out, boolean transpose) {
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += (transpose ? a.unsafe_get(j, i) : a.unsafe_get(i, j)) * v[j];
            }
            out[i] = s;
        }
    }

    /** The covariance C, n x n (see {@link #covarianceFactor()}). */
    public synchronized DMatrixRMaj covariance() {
        if (covariance == null) {
            DMatrixRMaj l = covarianceFactor();
            DMatrixRMaj c = new DMatrixRMaj(l.numRows, l.numRows);
            CommonOps_DDRM.multTransB(l, l, c);
            covariance = c;
        }
        return covariance.copy();
    }

    /** Pointwise prior variance, the diagonal of C. */
    public double[] variance() {
        DMatrixRMaj c = covariance();
        double[] v = new double[c.numRows];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.get(i, i);
        }
        return v;
    }

    /**
     * The exact Gaussian denoiser: the posterior mean of x0 ~ N(m, C) given {@code x = x0 + sigma eps},
     * eps ~ N(0, I),
     * <pre>
     *   D(x, sigma) = E[x0 | x] = m + C (C + sigma^2 I)^{-1} (x - m).
     * </pre>
     * It is the ideal denoiser of a diffusion model trained on this prior (Karras et al. 2022,
     * eq. 3 with Gaussian data), so guided samplers can be tested against closed forms.
     *
     * @param x noisy field, length n
     * @param sigma noise level &gt;= 0 (0 returns x)
     * @return D(x, sigma)
     */
    public double[] denoise(double[] x, double sigma) {
        unknowns.requireLength(x, "noisy field");
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise level must be finite and >= 0, got " + sigma);
        }
        if (sigma == 0) {
            return x.clone();
        }
        DMatrixRMaj c = covariance();
        int n = c.numRows;
        DMatrixRMaj shifted = c.copy();
        for (int i = 0; i < n; i++) {
            shifted.add(i, i, sigma * sigma);
        }
        DMatrixRMaj d = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            d.set(i, 0, x[i] - mean[i]);
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(n);
        if (!chol.setA(shifted)) {
            throw new IllegalStateException("C + sigma^2 I is not positive definite for sigma = " + sigma);
        }
        DMatrixRMaj z = new DMatrixRMaj(n, 1);
        chol.solve(d, z);
        DMatrixRMaj out = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(c, z, out);
        double[] result = new double[n];
        for (int i = 0; i < n; i++) {
            result[i] = mean[i] + out.get(i, 0);
        }
        return result;
    }

    private int requireSmall() {
        int n = mean.length;
        if (n > MAX_DENSE) {
            throw new IllegalStateException(
                    "dense prior covariance is limited to " + MAX_DENSE + " unknowns, the field has " + n);
        }
        return n;
    }

    /** Returns 1 at draw number {@code target} and 0 at every other draw: probes the sampler's linear map. */
    private static final class UnitDraws implements RandomGenerator {
        private final int target;
        private int calls;

        UnitDraws(int target) {
            this.target = target;
        }

        @Override
        public double nextGaussian() {
            return calls++ == target ? 1.0 : 0.0;
        }

        @Override
        public long nextLong() {
            throw new IllegalStateException("a Gaussian random field sampler must draw only normals");
        }
    }

    @Override
    public String toString() {
        if (field instanceof PeriodicGaussianField periodic && periodic.isTabulated()) {
            return "Gaussian prior on '" + unknowns.names().get(0) + "' (" + grid().nx() + " x " + grid().ny()
                    + ", tabulated stationary spectrum" + (field.removesMean() ? ", zero-mean modes" : "") + ")";
        }
        GrfSpec s = field.spec();
        return "Gaussian prior on '" + unknowns.names().get(0) + "' (" + grid().nx() + " x " + grid().ny() + ", alpha "
                + s.alpha() + ", tau " + s.tau() + ", sigma " + s.sigma() + (s.zeroMean() ? ", zero-mean modes" : "")
                + ")";
    }
}
