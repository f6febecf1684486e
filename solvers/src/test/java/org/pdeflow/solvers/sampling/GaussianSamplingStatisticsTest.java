package org.pdeflow.solvers.sampling;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.schedule.FlowTimes;
import org.pdeflow.solvers.schedule.KarrasSchedule;
import org.pdeflow.solvers.schedule.NoiseSchedule;

/**
 * Every sampler, run on Gaussian data with the exact denoiser (or exact velocity), must reproduce the
 * data's mean and covariance, with white noise (pixel-diagonal data) and with GRF noise
 * (Fourier-diagonal data, noise covariance sigma^2 C).
 *
 * <p><b>Statistics.</b> n = 8000 samples of 1 x 4 x 4 fields (float32). For each component e (pixel,
 * or Fourier mode m with power |fft2(x - mu)_m|^2 / (H W)) of variance v_e:
 * <ul>
 *   <li>pixel means: |mean - mu| &lt;= 4.5 sqrt(v_pixel / n);</li>
 *   <li>second moments about the true mean, r_e = mean((x - mu)_e^2) / v_e:
 *       |r_e - 1| &lt;= 4.5 sqrt(2 / n) (the chi-square_1 bound, conservative for complex modes, whose
 *       relative standard deviation is 1 / sqrt(n));</li>
 *   <li>the average of r_e - 1 over the 16 components (sensitive to a small systematic bias):
 *       |avg| &lt;= 4.5 sqrt(2 / n) sqrt(2 / 16) = 2.5 % (the factor 2 allows for the pairs of equal
 *       modes m, -m).</li>
 * </ul>
 * 4.5 standard errors over about 33 checks per case give a false-alarm rate below 3e-4 for an exact
 * sampler; runs are seeded. Step counts are chosen so that the O(1/N) or O(1/N^2) discretisation
 * bias of the second moments is at most about half the aggregate bound: Euler 1024 steps, DDIM
 * eta = 1 2048, flow Euler 512, churn 256, the second-order samplers 64. (For the white-noise case the
 * per-component variance recursion V' = A^2 V + sigma_up^2 of the Euler / DDIM map gives the exact
 * mean bias: Euler -1.02 % at 512 and -0.51 % at 1024 steps; DDIM eta = 1 -2.16 % at 512, -1.09 % at
 * 1024, -0.55 % at 2048, so these first-order samplers need that many steps on the EDM schedule.) Diffusion
 * samplers start from an exact draw of the noisy marginal N(mu, Sigma + sigma_max^2 C) on the EDM
 * schedule (sigma 80 -&gt; 0.002 -&gt; 0, rho = 7); flows from n ~ N(0, C) at t = 0. A negative control
 * (churn noise with the wrong covariance) shows the checks have power.
 */
class GaussianSamplingStatisticsTest {

    private static final int N = 8000;
    private static final int C = 1;
    private static final int H = 4;
    private static final int W = 4;
    private static final double Z = 4.5;

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.device());
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static GaussianDenoiser model(boolean grf) {
        return grf ? GaussianFixtures.grfModel(C, H, W) : GaussianFixtures.whiteModel(C, H, W);
    }

    private static GaussianNoise noise(boolean grf) {
        return grf ? GaussianFixtures.grfNoise(C, H, W) : GaussianNoise.white(C, H, W);
    }

    private static void checkDiffusion(String name, boolean grf, int steps, Function<GaussianNoise, Sampler> make) {
        Engine.getInstance().setRandomSeed(grf ? 11 : 7);
        GaussianDenoiser model = model(grf);
        KarrasSchedule schedule = KarrasSchedule.edm();
        double[] sigmas = schedule.sigmas(steps);
        try (NDManager m = manager.newSubManager()) {
            NDArray xT = model.sampleNoisy(m, N, sigmas[0], DataType.FLOAT32);
            NDArray out = make.apply(noise(grf)).sample(model, xT, sigmas);
            checkMoments(name + (grf ? " (GRF noise)" : " (white noise)"), model, out);
        }
    }

    private static void checkFlow(String name, boolean grf, FlowSampler sampler, int steps) {
        Engine.getInstance().setRandomSeed(grf ? 13 : 17);
        GaussianDenoiser model = model(grf);
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = noise(grf).sample(m, N, DataType.FLOAT32);
            NDArray out = sampler.sample(model.velocityField(), x0, FlowTimes.uniform(steps));
            checkMoments(name + (grf ? " (GRF noise)" : " (white noise)"), model, out);
        }
    }

    /** Checks mean and per-component second moments; see the class comment for the bounds. */
    static void checkMoments(String name, GaussianDenoiser model, NDArray samples) {
        NDManager m = samples.getManager();
        double n = samples.getShape().get(0);
        DiagonalCovariance data = model.dataCovariance();
        double[] lambda = data.eigenvalueArray();
        NDArray centred = samples.sub(model.mean(m, samples.getDataType()));
        double[] meanErr =
                centred.mean(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray();
        double[] power;
        if (model.basis() == DiagonalCovariance.Basis.FOURIER) {
            NDArray re = centred.toType(DataType.FLOAT64, false)
                    .fft2(new long[] {H, W}, new long[] {-2, -1})
                    .real();
            power = re.square()
                    .sum(new int[] {-1})
                    .mean(new int[] {0})
                    .div((double) H * W)
                    .toDoubleArray();
        } else {
            power = centred.toType(DataType.FLOAT64, false)
                    .square()
                    .mean(new int[] {0})
                    .toDoubleArray();
        }
        double worstMean = 0;
        double worstVar = 0;
        double avg = 0;
        for (int e = 0; e < lambda.length; e++) {
            int ch = e / (H * W);
            double pixelVar = data.basis() == DiagonalCovariance.Basis.FOURIER ? data.pointwiseVariance(ch) : lambda[e];
            worstMean = Math.max(worstMean, Math.abs(meanErr[e]) / Math.sqrt(pixelVar / n));
            double r = power[e] / lambda[e];
            worstVar = Math.max(worstVar, Math.abs(r - 1) / Math.sqrt(2 / n));
            avg += (r - 1) / lambda.length;
        }
        double avgBound = Z * Math.sqrt(2 / n) * Math.sqrt(2.0 / lambda.length);
        String msg = String.format(
                "%s: worst mean error %.2f SE, worst second-moment error %.2f SE, mean relative "
                        + "second-moment bias %.4f (bound %.4f)",
                name, worstMean, worstVar, avg, avgBound);
        System.out.println(msg);
        assertTrue(worstMean <= Z, msg);
        assertTrue(worstVar <= Z, msg);
        assertTrue(Math.abs(avg) <= avgBound, msg);
    }

    @Test
    void euler() {
        for (boolean grf : new boolean[] {false, true}) {
            checkDiffusion("Euler 1024", grf, 1024, nz -> new EulerSampler());
        }
    }

    @Test
    void heun() {
        for (boolean grf : new boolean[] {false, true}) {
            checkDiffusion("Heun 64", grf, 64, nz -> new HeunSampler());
        }
    }

    @Test
    void edmStochastic() {
        for (boolean grf : new boolean[] {false, true}) {
            checkDiffusion("EDM churn 40, 256", grf, 256, nz -> EdmStochasticSampler.of(40, nz));
        }
    }

    @Test
    void ddimStochastic() {
        // Deterministic DDIM is the Euler update (equal to 1e-13 in ConvergenceOrderTest), covered by euler().
        for (boolean grf : new boolean[] {false, true}) {
            checkDiffusion("DDIM eta 1, 2048", grf, 2048, nz -> new DdimSampler(1.0, nz));
        }
    }

    @Test
    void dpmSolverPlusPlus2M() {
        for (boolean grf : new boolean[] {false, true}) {
            checkDiffusion("DPM++2M 64", grf, 64, nz -> new DpmSolverPlusPlus2MSampler());
        }
    }

    @Test
    void flows() {
        for (boolean grf : new boolean[] {false, true}) {
            checkFlow("flow Euler 512", grf, new FlowEulerSampler(), 512);
            checkFlow("flow Heun 64", grf, new FlowHeunSampler(), 64);
        }
    }

    @Test
    void flowFromDenoiser() {
        // The denoiser's own schedule mapped to flow times t = 1 / (1 + sigma); x_t0 = t0 x_sigma_max.
        for (boolean grf : new boolean[] {false, true}) {
            Engine.getInstance().setRandomSeed(19);
            GaussianDenoiser model = model(grf);
            double[] sigmas = KarrasSchedule.edm().sigmas(64);
            double[] times = FlowTimes.fromSigmas(sigmas);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = model.sampleNoisy(m, N, sigmas[0], DataType.FLOAT32).mul(times[0]);
                NDArray out = new FlowHeunSampler().sample(VelocityField.fromDenoiser(model), x, times);
                checkMoments("flow Heun from denoiser 64" + (grf ? " (GRF noise)" : " (white noise)"), model, out);
            }
        }
    }

    @Test
    void wrongChurnNoiseIsDetected() {
        // Negative control: churning a GRF-noise prior with white noise puts the wrong noise into the state.
        GaussianDenoiser model = model(true);
        double[] sigmas = KarrasSchedule.edm().sigmas(64);
        NoiseSchedule.validate(sigmas);
        Engine.getInstance().setRandomSeed(23);
        try (NDManager m = manager.newSubManager()) {
            NDArray xT = model.sampleNoisy(m, N, sigmas[0], DataType.FLOAT32);
            NDArray out =
                    EdmStochasticSampler.of(40, GaussianNoise.white(C, H, W)).sample(model, xT, sigmas);
            assertThrows(AssertionFailedError.class, () -> checkMoments("control", model, out));
        }
    }
}
