package org.pdeflow.inverse.problem;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * A verification problem whose posterior is known in closed form: a Gaussian random field on a
 * small periodic grid observed at scattered points (bilinear interpolation) with Gaussian noise,
 * <pre>
 *   x ~ N(m, C),   y = H x + e,   e ~ N(0, s^2 I),
 *   posterior N(mu, Sigma):  K = C H^T (H C H^T + s^2 I)^{-1},  mu = m + K (y - H m),  Sigma = C - K H C
 * </pre>
 * (e.g. Stuart 2010, Acta Numerica 19, Theorem 6.20 / Kaipio &amp; Somersalo 2005, sec. 3.4),
 * computed here by dense linear algebra (EJML). Every sampler and optimiser of the module is checked
 * against it, and the guided diffusion samplers can be, with the prior's exact Gaussian denoiser
 * {@link GaussianPrior#denoise}.
 *
 * <p>The unknown is one field {@code "x"} on {@code Grid2D.periodic(n, 1)}; the truth is a prior
 * draw; everything is reproducible from the seed.
 */
public final class LinearGaussianProblem {

    /** Name of the unknown field. */
    public static final String FIELD = "x";

    private final InverseProblem problem;
    private final GaussianPrior prior;
    private final DMatrixRMaj forwardMatrix;
    private final double noise;
    private final double[] posteriorMean;
    private final DMatrixRMaj posteriorCovariance;

    private LinearGaussianProblem(
            InverseProblem problem,
            GaussianPrior prior,
            DMatrixRMaj forwardMatrix,
            double noise,
            double[] posteriorMean,
            DMatrixRMaj posteriorCovariance) {
        this.problem = problem;
        this.prior = prior;
        this.forwardMatrix = forwardMatrix;
        this.noise = noise;
        this.posteriorMean = posteriorMean;
        this.posteriorCovariance = posteriorCovariance;
    }

    /**
     * The standard instance: 8 x 8 grid (64 unknowns), prior {@code GrfSpec(2, 3, 8, mean kept)}
     * (pointwise standard deviation about 1, correlation length about 1/3), 12 points, noise 0.1.
     */
    public static LinearGaussianProblem standard(long seed) {
        return create(8, new GrfSpec(2.0, 3.0, 8.0, false), 12, 0.1, seed);
    }

    /**
     * A problem instance.
     *
     * @param n grid points per axis (n^2 unknowns, at most {@link GaussianPrior#MAX_DENSE})
     * @param spec prior covariance; must keep the mean mode (a proper, invertible covariance)
     * @param points number of observation points, drawn uniformly in [0, 1)^2
     * @param noise observation noise standard deviation s &gt; 0
     * @param seed fixes the points, the truth and the noise
     * @return the problem with its exact posterior
     */
    public static LinearGaussianProblem create(int n, GrfSpec spec, int points, double noise, long seed) {
        if (spec == null || spec.zeroMean()) {
            throw new IllegalArgumentException("the linear-Gaussian problem needs a prior that keeps the mean mode");
        }
        if (points < 1) {
            throw new IllegalArgumentException("at least one observation point is required, got " + points);
        }
        if (!(noise > 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be positive and finite, got " + noise);
        }
        Grid2D grid = Grid2D.periodic(n, 1.0);
        GaussianPrior prior = GaussianPrior.centred(FIELD, new PeriodicGaussianField(grid, spec));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] px = new double[points];
        double[] py = new double[points];
        for (int k = 0; k < points; k++) {
            px[k] = rng.nextDouble();
            py[k] = rng.nextDouble();
        }
        PointSampling sampling = PointSampling.of(grid, px, py);
        Unknowns unknowns = Unknowns.single(FIELD, grid);
        ObservedFieldModel model = new ObservedFieldModel(unknowns, FIELD, sampling);
        double[] truth = prior.sample(rng);
        Observations data = Observations.synthetic(model.apply(truth), noise, noise, rng);

        int size = grid.size();
        DMatrixRMaj h = new DMatrixRMaj(points, size);
        double[] row = new double[size];
        double[] unit = new double[points];
        for (int k = 0; k < points; k++) {
            unit[k] = 1;
            sampling.applyTranspose(unit, row);
            unit[k] = 0;
            for (int i = 0; i < size; i++) {
                h.unsafe_set(k, i, row[i]);
            }
        }
        DMatrixRMaj c = prior.covariance();
        DMatrixRMaj ch = new DMatrixRMaj(size, points);
        CommonOps_DDRM.multTransB(c, h, ch);
        DMatrixRMaj s = new DMatrixRMaj(points, points);
        CommonOps_DDRM.mult(h, ch, s);
        for (int k = 0; k < points; k++) {
            s.add(k, k, noise * noise);
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(points);
        if (!chol.setA(s.copy())) {
            throw new IllegalStateException("H C H^T + s^2 I is not positive definite");
        }
        // K^T = S^{-1} (C H^T)^T = S^{-1} H C
        DMatrixRMaj hc = new DMatrixRMaj(points, size);
        CommonOps_DDRM.transpose(ch, hc);
        DMatrixRMaj kt = new DMatrixRMaj(points, size);
        chol.solve(hc, kt);
        DMatrixRMaj innovation = new DMatrixRMaj(points, 1, true, data.values());
        double[] mu = new double[size];
        for (int i = 0; i < size; i++) {
            double v = 0;
            for (int k = 0; k < points; k++) {
                v += kt.unsafe_get(k, i) * innovation.get(k);
            }
            mu[i] = v;
        }
        DMatrixRMaj reduction = new DMatrixRMaj(size, size);
        CommonOps_DDRM.multTransA(hc, kt, reduction);
        DMatrixRMaj sigma = new DMatrixRMaj(size, size);
        CommonOps_DDRM.subtract(c, reduction, sigma);
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                double avg = 0.5 * (sigma.get(i, j) + sigma.get(j, i));
                sigma.set(i, j, avg);
                sigma.set(j, i, avg);
            }
        }
        InverseProblem problem = new InverseProblem("linear-gaussian", model, data, truth);
        return new LinearGaussianProblem(problem, prior, h, noise, mu, sigma);
    }

    /** The inverse problem (forward model, data, truth). */
    public InverseProblem problem() {
        return problem;
    }

    /** The Gaussian prior N(0, C). */
    public GaussianPrior prior() {
        return prior;
    }

    /** H, m x n (a copy). */
    public DMatrixRMaj forwardMatrix() {
        return forwardMatrix.copy();
    }

    /** The noise standard deviation s. */
    public double noise() {
        return noise;
    }

    /** The exact posterior mean mu (a copy). */
    public double[] posteriorMean() {
        return posteriorMean.clone();
    }

    /** The exact posterior covariance Sigma (a copy). */
    public DMatrixRMaj posteriorCovariance() {
        return posteriorCovariance.copy();
    }

    /** Pointwise posterior standard deviation sqrt(diag Sigma). */
    public double[] posteriorStd() {
        double[] s = new double[posteriorMean.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(posteriorCovariance.get(i, i));
        }
        return s;
    }
}
