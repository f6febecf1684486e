package org.pdeflow.solvers.prior;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.sampling.HeunSampler;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * The evaluation statistics on a "prior" that is exact: periodic GRF data (16 x 16) against samples
 * drawn with Heun from the exact Gaussian denoiser of the same GRF. Both ensembles come from the
 * same law, so the statistics must agree to sampling accuracy; this checks the evaluator (and the
 * sampling path), not a network.
 */
class GaussianPriorStatisticsTest {

    @Test
    void exactDenoiserSamplesMatchTheDataStatistics() {
        int s = 16;
        int n = 512;
        PeriodicGaussianField field = new PeriodicGaussianField(Grid2D.periodic(s, 1.0), GrfSpec.of(2.0, 3.0));
        SplittableRandom rng = new SplittableRandom(7);
        float[] data = new float[n * s * s];
        double[] one = new double[s * s];
        for (int k = 0; k < n; k++) {
            field.sample(rng, one);
            for (int i = 0; i < one.length; i++) {
                data[k * s * s + i] = (float) one[i];
            }
        }
        DiagonalCovariance cov = DiagonalCovariance.periodicField(field, 1);
        GaussianDenoiser exact = new GaussianDenoiser(new double[s * s], cov, DiagonalCovariance.identity(1, s, s));
        float[] samples;
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            Engines.engine().setRandomSeed(9);
            double[] sigmas = KarrasSchedule.edm().sigmas(32);
            NDArray initial =
                    GaussianNoise.white(1, s, s).sample(m, n, DataType.FLOAT32).muli(sigmas[0]);
            samples = new HeunSampler().sample(exact, initial, sigmas).toFloatArray();
        }
        FieldStatistics fd = FieldStatistics.of(data, 1, s, s);
        FieldStatistics fs = FieldStatistics.of(samples, 1, s, s);
        double var = fd.varianceAverage(0);
        double relVar = Math.abs(fs.varianceAverage(0) - var) / var;
        double spec = FieldStatistics.meanLogSpectrumError(fs.spectrum(0), fd.spectrum(0));
        double varMap = FieldStatistics.relativeL2(fs.varianceMap(0), fd.varianceMap(0));
        System.out.printf(
                "exact Gaussian prior vs GRF data (%d each): variance rel. error %.4f, variance-map rel L2 %.4f, "
                        + "mean |log10| spectrum error %.4f%n",
                n, relVar, varMap, spec);
        // Two independent ensembles of 512: the spatially averaged variance of a GRF dominated by a
        // few low modes fluctuates by ~ sqrt(2 / (512 * modes that matter)) ~ 5-10 %; per-bin spectra
        // of 512 fields by a few % (|log10| 0.01-0.05); the pointwise variance map by ~ sqrt(2/512) ~ 6 %
        // per point plus the low-mode fluctuation.
        assertTrue(relVar < 0.15, "variance " + fs.varianceAverage(0) + " vs " + var);
        assertTrue(spec < 0.08, "spectrum error " + spec);
        assertTrue(varMap < 0.25, "variance map " + varMap);
    }
}
