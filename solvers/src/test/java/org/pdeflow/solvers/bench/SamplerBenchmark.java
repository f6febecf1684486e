package org.pdeflow.solvers.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.EdmDenoiser;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;
import org.pdeflow.solvers.sampling.DpmSolverPlusPlus2MSampler;
import org.pdeflow.solvers.sampling.EulerSampler;
import org.pdeflow.solvers.sampling.HeunSampler;
import org.pdeflow.solvers.sampling.Sampler;
import org.pdeflow.solvers.schedule.KarrasSchedule;
import org.pdeflow.solvers.training.TinyConditionedNet;

/**
 * Sampling time per network evaluation (NFE) at 64 x 64, batch 16, against the bare network forward
 * of the same shapes (not a unit test: run with {@code java -cp ... SamplerBenchmark}).
 */
public final class SamplerBenchmark {

    private SamplerBenchmark() {}

    public static void main(String[] args) {
        int s = 64;
        int b = 16;
        int width = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        System.out.println(Engines.describe() + ", threads " + System.getProperty("ai.djl.pytorch.num_threads"));
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            TinyConditionedNet net = new TinyConditionedNet(1, width);
            net.initialize(m, DataType.FLOAT32, new Shape(b, 1, s, s), new Shape(b));
            EdmDenoiser edm = EdmDenoiser.of(net, 0.5);
            NDArray x = m.randomNormal(new Shape(b, 1, s, s)).mul(80);
            NDArray noise = m.zeros(new Shape(b));
            // Bare forward: the network alone, per call.
            double bare = median(() -> {
                        for (int i = 0; i < 20; i++) {
                            try (NDManager scope = m.newSubManager()) {
                                scope.tempAttachAll(x, noise);
                                net.forward(new ParameterStore(scope, false), new NDList(x, noise), false)
                                        .head()
                                        .toFloatArray();
                            }
                        }
                    })
                    / 20;
            System.out.printf("bare tiny net (width %d) forward: %.2f ms%n", width, bare);
            GaussianDenoiser gauss = new GaussianDenoiser(
                    new double[s * s], DiagonalCovariance.identity(1, s, s), DiagonalCovariance.identity(1, s, s));
            GaussianNoise grf = GaussianNoise.of(NoiseType.PERIODIC_GRF, 1, s, s, GrfSpec.of(2.0, 3.0), 1, 1);
            GaussianDenoiser gaussGrf = new GaussianDenoiser(new double[s * s], grf.covariance(), grf.covariance());
            Object[][] cases = {{"EDM(tiny net)", edm}, {"Gaussian white", gauss}, {"Gaussian GRF (FFT)", gaussGrf}};
            double[] sigmas = KarrasSchedule.edm().sigmas(18);
            for (Object[] c : cases) {
                Denoiser d = (Denoiser) c[1];
                for (Sampler sampler :
                        new Sampler[] {new EulerSampler(), new HeunSampler(), new DpmSolverPlusPlus2MSampler()}) {
                    int nfe = sampler.evaluations(sigmas);
                    double ms = median(() -> sampler.sample(d, x, sigmas).toFloatArray());
                    System.out.printf(
                            "%-20s %-18s %2d NFE: %7.1f ms total, %6.2f ms/NFE%n", c[0], sampler, nfe, ms, ms / nfe);
                }
            }
        }
    }

    private static double median(Runnable r) {
        r.run();
        double[] t = new double[5];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
