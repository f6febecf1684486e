package org.pdeflow.solvers.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Autoguidance on zero-mean Gaussian data with white noise, whose exact denoiser is D_v(x; sigma) = v / (v +
 * sigma^2) x (v the data's variance). A main model that believes the variance is v (1 + eps) and a guide that
 * believes v (1 + 2 eps) err the same way, the guide twice as far; to first order in eps, D_0 + 2 (D_1 - D_0)
 * cancels the error: with f(v) = v / (v + s^2), 2 f(v + v eps) - f(v + 2 v eps) = f(v) - (v eps)^2 f''(v) + O(eps^3),
 * so the guided error over the main model's is v eps |f''| / f' = 2 v eps / (v + s^2) &lt;= 2 eps.
 */
class AutoGuidedDenoiserTest {

    private static final double V = 1.5;

    /** The exact denoiser of N(0, v I) data under white noise. */
    private static Denoiser gaussian(double v) {
        return (x, sigma) -> {
            NDArray s2 = sigma.toType(DataType.FLOAT64, false).square();
            NDArray gain = s2.add(v).pow(-1).mul(v);
            if (gain.getShape().dimension() == 1) {
                gain = gain.reshape(x.getShape().get(0), 1, 1, 1);
            }
            return x.toType(DataType.FLOAT64, false).mul(gain);
        };
    }

    private static NDArray noisy(NDManager m, long seed) {
        Random r = new Random(seed);
        double[] v = new double[3 * 1 * 4 * 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextGaussian();
        }
        return m.create(v, new Shape(3, 1, 4, 4));
    }

    private static double maxAbs(NDArray a) {
        return a.abs().max().getDouble();
    }

    @Test
    void weightTwoCancelsAnErrorTheGuideMakesTwiceOver() {
        double eps = 0.02;
        Denoiser exact = gaussian(V);
        AutoGuidedDenoiser guided =
                AutoGuidedDenoiser.everywhere(gaussian(V * (1 + eps)), gaussian(V * (1 + 2 * eps)), 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noisy(m, 1);
            for (double s : new double[] {0.05, 0.3, 1, 4, 20}) {
                NDArray sigma = m.create(s);
                NDArray truth = exact.denoise(x, sigma);
                double mainError =
                        maxAbs(gaussian(V * (1 + eps)).denoise(x, sigma).sub(truth));
                double guidedError = maxAbs(guided.denoise(x, sigma).sub(truth));
                double bound = 2 * V * eps / (V + s * s);
                assertTrue(
                        guidedError <= 1.1 * bound * mainError,
                        "sigma " + s + ": guided error " + guidedError + ", main " + mainError + ", ratio bound "
                                + bound);
                assertTrue(mainError > 1e-6, "the main model must be wrong for the check to mean anything");
            }
        }
    }

    @Test
    void outsideTheIntervalTheMainModelAloneIsUsedAndTheGuideNotEvaluated() {
        Denoiser main = gaussian(V);
        AutoGuidedDenoiser guided = new AutoGuidedDenoiser(main, gaussian(3 * V), 2.5, 0.5, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noisy(m, 2);
            for (double s : new double[] {0.1, 5}) {
                NDArray sigma = m.create(s);
                assertArrayEquals(
                        main.denoise(x, sigma).toDoubleArray(),
                        guided.denoise(x, sigma).toDoubleArray(),
                        0);
            }
            assertEquals(0, guided.guideCalls());
            NDArray sigma = m.create(1.0);
            double[] expected = gaussian(3 * V)
                    .denoise(x, sigma)
                    .mul(1 - 2.5)
                    .add(main.denoise(x, sigma).mul(2.5))
                    .toDoubleArray();
            assertArrayEquals(expected, guided.denoise(x, sigma).toDoubleArray(), 1e-12);
            assertEquals(1, guided.guideCalls());
        }
    }

    @Test
    void perSampleLevelsAreGuidedOneByOne() {
        Denoiser main = gaussian(V);
        Denoiser guide = gaussian(0.2 * V);
        AutoGuidedDenoiser guided = new AutoGuidedDenoiser(main, guide, 3, 0.5, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noisy(m, 3);
            double[] levels = {0.1, 1.0, 10};
            NDArray out = guided.denoise(x, m.create(levels));
            for (int i = 0; i < levels.length; i++) {
                NDArray xi = x.get(i).expandDims(0);
                NDArray si = m.create(levels[i]);
                NDArray d1 = main.denoise(xi, si);
                NDArray want = levels[i] == 1.0 ? guide.denoise(xi, si).mul(-2).add(d1.mul(3)) : d1;
                assertArrayEquals(want.toDoubleArray(), out.get(i).toDoubleArray(), 1e-12, "sample " + i);
            }
        }
    }

    @Test
    void weightOneIsTheMainModel() {
        Denoiser main = gaussian(V);
        AutoGuidedDenoiser guided = AutoGuidedDenoiser.everywhere(main, gaussian(2 * V), 1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noisy(m, 4);
            NDArray sigma = m.create(0.7);
            assertArrayEquals(
                    main.denoise(x, sigma).toDoubleArray(),
                    guided.denoise(x, sigma).toDoubleArray(),
                    0);
            assertEquals(0, guided.guideCalls());
        }
    }

    /**
     * Gradients flow through both denoisers: for the linear Gaussian denoisers, d/dx of sum D_w(x; s) is
     * w g1 + (1 - w) g0 at every node, g = v / (v + s^2).
     */
    @Test
    void gradientsFlowThroughBothDenoisers() {
        double s = 0.8;
        double w = 2.5;
        AutoGuidedDenoiser guided = AutoGuidedDenoiser.everywhere(gaussian(V), gaussian(3 * V), w);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = noisy(m, 5);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(guided.denoise(x, m.create(s)).sum());
            }
            double expected = w * V / (V + s * s) + (1 - w) * 3 * V / (3 * V + s * s);
            for (double g : x.getGradient().toDoubleArray()) {
                assertEquals(expected, g, 1e-12);
            }
        }
    }

    @Test
    void rejectsWeightsBelowOneAndBackwardIntervals() {
        Denoiser d = gaussian(V);
        assertThrows(IllegalArgumentException.class, () -> AutoGuidedDenoiser.everywhere(d, d, 0.5));
        assertThrows(IllegalArgumentException.class, () -> AutoGuidedDenoiser.everywhere(d, d, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new AutoGuidedDenoiser(d, d, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> AutoGuidedDenoiser.everywhere(null, d, 2));
    }
}
