package org.pdeflow.inverse.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.classical.TikhonovInversion;
import org.pdeflow.inverse.diagnostics.ChainStatistics;
import org.pdeflow.inverse.mcmc.PreconditionedCrankNicolson;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/**
 * Every classical method against the closed-form posterior of {@link LinearGaussianProblem}
 * (64 unknowns, 12 noisy point observations).
 */
class LinearGaussianVerificationTest {

    private static final LinearGaussianProblem LG = LinearGaussianProblem.standard(2024);

    /** The posterior by the precision form (C^{-1} + H^T H / s^2)^{-1}: an independent route to the same numbers. */
    @Test
    void exactPosteriorAgreesWithPrecisionForm() {
        DMatrixRMaj c = LG.prior().covariance();
        DMatrixRMaj h = LG.forwardMatrix();
        int n = c.numRows;
        DMatrixRMaj precision = new DMatrixRMaj(n, n);
        CommonOps_DDRM.invert(c, precision);
        DMatrixRMaj hth = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(h, h, hth);
        double s2 = LG.noise() * LG.noise();
        CommonOps_DDRM.addEquals(precision, 1 / s2, hth);
        DMatrixRMaj sigma = new DMatrixRMaj(n, n);
        CommonOps_DDRM.invert(precision, sigma);
        double[] y = LG.problem().observations().values();
        DMatrixRMaj hty = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.multTransA(h, new DMatrixRMaj(y.length, 1, true, y), hty);
        DMatrixRMaj mu = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(1 / s2, sigma, hty, mu);
        double[] exact = LG.posteriorMean();
        DMatrixRMaj cov = LG.posteriorCovariance();
        double scale = CommonOps_DDRM.elementMaxAbs(cov);
        for (int i = 0; i < n; i++) {
            // Both are dense solves of a system with condition number ~1e5: agreement to 1e-9.
            assertEquals(mu.get(i), exact[i], 1e-9 * (1 + Math.abs(exact[i])));
            for (int j = 0; j < n; j++) {
                assertEquals(sigma.get(i, j), cov.get(i, j), 1e-9 * scale);
            }
        }
        // The data must matter: the posterior variance is well below the prior's at observed places.
        double prior = LG.prior().variance()[0];
        double minPost = Double.POSITIVE_INFINITY;
        for (double s : LG.posteriorStd()) {
            minPost = Math.min(minPost, s * s);
        }
        assertTrue(minPost < 0.1 * prior, "posterior variance " + minPost + " vs prior " + prior);
    }

    /** Tikhonov with R^T R = C^{-1}, lambda = 1 is the MAP, which is the posterior mean: to 1e-8. */
    @Test
    void tikhonovMatchingPriorIsPosteriorMean() {
        Reconstruction r = TikhonovInversion.matchingPrior(LG.prior(), new Lbfgs(20, 5000, 1e-13, 0))
                .invert(LG.problem(), new double[64], StepCallback.NONE);
        double[] exact = LG.posteriorMean();
        double err = 0;
        double ref = 0;
        for (int i = 0; i < exact.length; i++) {
            err = Math.max(err, Math.abs(r.mean()[i] - exact[i]));
            ref = Math.max(ref, Math.abs(exact[i]));
        }
        assertTrue(err < 1e-8 * ref, "max |MAP - mu| = " + err + " (|mu|max " + ref + ")");
        assertEquals(1, r.sampleCount());
    }

    /**
     * pCN's mean and variance against the exact posterior within Monte Carlo error. The error of
     * each component's mean is estimated by batch means (ChainStatistics): |mean - mu_i| must be
     * below 4.5 MCSE_i (a normal deviate beyond 4.5 happens with probability 7e-6, 5e-4 over 64
     * components). The sample variance has relative standard error about sqrt(2 / ESS_i)
     * (Gaussian marginals): allowed 4.5 of those.
     */
    @Test
    void pcnMatchesPosteriorWithinMonteCarloError() {
        PreconditionedCrankNicolson pcn = PreconditionedCrankNicolson.adaptive(5_000, 10);
        Reconstruction r = pcn.sample(LG.problem(), LG.prior(), 40_000, new SplittableRandom(7), StepCallback.NONE);
        double acceptance = r.statistics().get("acceptanceRate");
        assertTrue(acceptance > 0.15 && acceptance < 0.4, "acceptance " + acceptance);
        ChainStatistics stats = ChainStatistics.of(r.samples());
        double[] mu = LG.posteriorMean();
        double[] sd = LG.posteriorStd();
        double[] mean = stats.mean();
        double[] var = stats.variance();
        double[] se = stats.standardError();
        double[] ess = stats.effectiveSampleSize();
        assertTrue(stats.minEffectiveSampleSize() > 300, "min ESS " + stats.minEffectiveSampleSize());
        double worstMean = 0;
        double worstVar = 0;
        for (int i = 0; i < mu.length; i++) {
            double zMean = Math.abs(mean[i] - mu[i]) / se[i];
            double zVar = Math.abs(var[i] / (sd[i] * sd[i]) - 1) / Math.sqrt(2 / ess[i]);
            worstMean = Math.max(worstMean, zMean);
            worstVar = Math.max(worstVar, zVar);
        }
        assertTrue(worstMean < 4.5, "worst standardized mean error " + worstMean);
        assertTrue(worstVar < 4.5, "worst standardized variance error " + worstVar);
    }

    /**
     * Tempered EKI (ES-MDA) is exact for linear-Gaussian problems only as the ensemble grows: its
     * mean's error is a Monte Carlo error of order |prior spread| / sqrt(J). With J = 1000 the
     * ensemble mean must be within 0.15 posterior standard deviations of mu in RMS over the grid,
     * and the ensemble spread within 15 % of the posterior standard deviation in RMS; the
     * InverseBench variant (no perturbations) must instead collapse the spread.
     */
    @Test
    void temperedEkiApproachesPosterior() {
        Reconstruction r = EnsembleKalmanInversion.tempered(4)
                .sample(LG.problem(), LG.prior(), 1000, new SplittableRandom(11), StepCallback.NONE);
        assertNearPosterior(r);
        assertTrue(r.misfitHistory()[4] < r.misfitHistory()[0]);
    }

    /**
     * EKI from a given ensemble (drawn outside the method, here from the same prior by another generator) is the
     * same algorithm: ES-MDA from 1000 given members meets the tolerances above; a member of the wrong length is
     * refused.
     */
    @Test
    void temperedEkiFromAGivenEnsembleApproachesPosterior() {
        SplittableRandom draws = new SplittableRandom(99);
        double[][] ensemble = new double[1000][];
        for (int p = 0; p < ensemble.length; p++) {
            ensemble[p] = LG.prior().sample(draws);
        }
        Reconstruction r = EnsembleKalmanInversion.tempered(4)
                .sample(LG.problem(), ensemble, new SplittableRandom(11), StepCallback.NONE);
        assertNearPosterior(r);
        double[][] wrong = {new double[3], new double[3]};
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> EnsembleKalmanInversion.tempered(4)
                        .sample(LG.problem(), wrong, new SplittableRandom(1), StepCallback.NONE));
        assertTrue(e.getMessage().contains("unknowns"), e.getMessage());
    }

    /** Ensemble mean within 0.15 posterior sd of mu and spread within 15 % of the posterior sd, RMS over the grid. */
    private static void assertNearPosterior(Reconstruction r) {
        double[] mu = LG.posteriorMean();
        double[] sd = LG.posteriorStd();
        double meanErr = 0;
        double spreadErr = 0;
        for (int i = 0; i < mu.length; i++) {
            meanErr += Math.pow((r.mean()[i] - mu[i]) / sd[i], 2);
            spreadErr += Math.pow(r.std()[i] / sd[i] - 1, 2);
        }
        meanErr = Math.sqrt(meanErr / mu.length);
        spreadErr = Math.sqrt(spreadErr / mu.length);
        assertTrue(meanErr < 0.15, "RMS standardized mean error " + meanErr);
        assertTrue(spreadErr < 0.15, "RMS relative spread error " + spreadErr);
    }
}
