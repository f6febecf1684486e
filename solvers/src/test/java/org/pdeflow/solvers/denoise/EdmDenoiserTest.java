package org.pdeflow.solvers.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.noise.DiagonalCovariance;

/** EDM preconditioning. */
class EdmDenoiserTest {

    private static final double SIGMA_DATA = 0.5;

    /**
     * The optimal network for a Gaussian model, written from the definition of F, not from the
     * wrapper: it recovers sigma = exp(4 c_noise) and x = x_in sqrt(sigma^2 + sigma_d^2) from its
     * inputs and returns F* = (D*(x; sigma) - c_skip x) / c_out with the coefficients of Karras et al.
     * (2022), Table 1, written out here.
     */
    private static final class OptimalNetwork extends AbstractBlock {
        private final Denoiser exact;
        private final List<Long> batches = new ArrayList<>();

        OptimalNetwork(Denoiser exact) {
            this.exact = exact;
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray xIn = inputs.get(0);
            batches.add(xIn.getShape().get(0));
            double[] noise = inputs.get(1).toDoubleArray();
            long b = xIn.getShape().get(0);
            long per = xIn.getShape().size() / b;
            double[] xv = xIn.toDoubleArray();
            double[] out = new double[xv.length];
            for (int i = 0; i < b; i++) {
                double sigma = Math.exp(4 * noise[i]);
                double sd2 = SIGMA_DATA * SIGMA_DATA;
                double scale = Math.sqrt(sigma * sigma + sd2);
                double cSkip = sd2 / (sigma * sigma + sd2);
                double cOut = sigma * SIGMA_DATA / scale;
                double[] x = new double[(int) per];
                for (int k = 0; k < per; k++) {
                    x[k] = xv[(int) (i * per + k)] * scale;
                }
                NDManager m = xIn.getManager();
                NDArray xs = m.create(x, new Shape(1, 1, 4, 4));
                double[] d = exact.denoise(xs, m.create(sigma)).toDoubleArray();
                for (int k = 0; k < per; k++) {
                    out[(int) (i * per + k)] = (d[k] - cSkip * x[k]) / cOut;
                }
            }
            return new NDList(xIn.getManager().create(out, xIn.getShape()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }

    @Test
    void optimalNetworkReproducesTheExactDenoiser() {
        double[] v = new double[16];
        double[] mu = new double[16];
        for (int p = 0; p < 16; p++) {
            v[p] = 0.05 + 0.1 * p;
            mu[p] = Math.cos(p);
        }
        GaussianDenoiser exact = GaussianDenoiser.withWhiteNoise(mu, DiagonalCovariance.pixel(1, 4, 4, v));
        EdmDenoiser wrapped = EdmDenoiser.of(new OptimalNetwork(exact), SIGMA_DATA);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x = m.randomNormal(0f, 3f, new Shape(3, 1, 4, 4), DataType.FLOAT64);
            NDArray sigma = m.create(new double[] {0.002, 0.9, 80.0});
            double diff = wrapped.denoise(x, sigma)
                    .sub(exact.denoise(x, sigma))
                    .abs()
                    .max()
                    .getDouble();
            // Float64 round-off amplified by 1 / c_out at small sigma (about 500 at 0.002).
            assertTrue(diff < 1e-11, "EDM wrapper with F* differs from D* by " + diff);
        }
    }

    @Test
    void largeCpuBatchesRunInMicroBatchesWithEachSampleItsOwnNoiseLevel() {
        double[] v = new double[16];
        double[] mu = new double[16];
        for (int p = 0; p < 16; p++) {
            v[p] = 0.2 + 0.05 * p;
            mu[p] = Math.sin(p);
        }
        GaussianDenoiser exact = GaussianDenoiser.withWhiteNoise(mu, DiagonalCovariance.pixel(1, 4, 4, v));
        OptimalNetwork network = new OptimalNetwork(exact);
        Engines.inferenceOnThisThread();
        // 40 nodes per pass on a 4 x 4 grid: two samples per pass, so 5 samples take passes of 2, 2 and 1.
        EdmDenoiser wrapped = EdmDenoiser.of(network, SIGMA_DATA, 40);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x = m.randomNormal(0f, 2f, new Shape(5, 1, 4, 4), DataType.FLOAT64);
            NDArray sigma = m.create(new double[] {0.01, 0.3, 1.0, 7.0, 40.0});
            NDArray d = wrapped.denoise(x, sigma);
            if (!m.getDevice().isGpu()) {
                assertEquals(List.of(2L, 2L, 1L), network.batches);
            }
            assertEquals(x.getShape(), d.getShape());
            double diff = d.sub(exact.denoise(x, sigma)).abs().max().getDouble();
            assertTrue(diff < 1e-10, "micro-batched EDM wrapper differs from D* by " + diff);
            // A batch that records gradients runs whole: the passes' scopes would free constants the graph reads.
            network.batches.clear();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray xg = x.duplicate();
                xg.setRequiresGradient(true);
                wrapped.denoise(xg, sigma);
            }
            assertEquals(List.of(5L), network.batches);
        }
    }

    @Test
    void conditionsReachTheNetworkBesideTheNoiseLevelRowByRow() {
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            List<float[]> seen = new ArrayList<>();
            EdmDenoiser plain = new EdmDenoiser(
                    in -> {
                        seen.add(in.get(1).toFloatArray());
                        assertEquals(new Shape(3, 3), in.get(1).getShape());
                        return new NDList(in.head().zerosLike());
                    },
                    SIGMA_DATA);
            NDArray conditions = m.create(new float[] {0.5f, 1f, -2f, 1f, 0f, 0f}, new Shape(3, 2));
            Denoiser conditioned = plain.withConditions(conditions);
            NDArray x = m.randomNormal(new Shape(3, 1, 4, 4));
            conditioned.denoise(x, m.create(new float[] {0.1f, 1f, 10f}));
            float[] row = seen.get(0);
            float[] expected = {(float) (Math.log(0.1) / 4), 0.5f, 1f, 0f, -2f, 1f, (float) (Math.log(10) / 4), 0f, 0f};
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], row[k], 1e-6, "entry " + k);
            }
            // a batch of another size cannot be given these conditions
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> conditioned.denoise(m.randomNormal(new Shape(2, 1, 4, 4)), m.create(new float[] {1f, 1f})));
            assertTrue(e.getMessage().contains("batches of 3"), e.getMessage());
        }
    }

    @Test
    void scalingsAtSigmaEqualToSigmaData() {
        EdmScalings s = EdmScalings.at(SIGMA_DATA, SIGMA_DATA);
        assertEquals(0.5, s.cSkip(), 1e-15);
        assertEquals(SIGMA_DATA / Math.sqrt(2), s.cOut(), 1e-15);
        assertEquals(1 / (SIGMA_DATA * Math.sqrt(2)), s.cIn(), 1e-15);
        assertEquals(Math.log(SIGMA_DATA) / 4, s.cNoise(), 1e-15);
        // lambda = 1 / c_out^2 at every sigma.
        for (double sigma : new double[] {0.002, 1, 80}) {
            double cOut = EdmScalings.at(sigma, SIGMA_DATA).cOut();
            assertEquals(
                    1 / (cOut * cOut),
                    EdmScalings.lossWeight(sigma, SIGMA_DATA),
                    1e-12 * EdmScalings.lossWeight(sigma, SIGMA_DATA));
        }
    }
}
