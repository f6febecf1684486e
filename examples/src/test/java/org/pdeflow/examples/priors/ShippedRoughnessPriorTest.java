package org.pdeflow.examples.priors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.prior.DiffusionPrior;
import org.pdeflow.solvers.prior.PriorSampling;
import org.pdeflow.solvers.prior.RoughnessCondition;

/**
 * The shipped roughness-conditioned Darcy prior ({@code models/darcy64-a-edm-unet/roughness}) loads with its
 * condition and follows it: fields asked to be rough come out rougher than fields asked to be smooth, by more than
 * eight samples' noise allows without the condition.
 */
class ShippedRoughnessPriorTest {

    private static final int N = 8;

    private static Path model() {
        Path p = Path.of("models", "darcy64-a-edm-unet", "roughness");
        return p.toFile().isDirectory() ? p : Path.of("..").resolve(p);
    }

    /** Mean standardised roughness of N samples drawn with the condition fixed at c. */
    private static double meanRoughness(DiffusionPrior prior, RoughnessCondition condition, float c) {
        Engines.engine().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray conditions = RoughnessCondition.fixed(m, N, c);
            NDArray z = PriorSampling.of("heun", 12).sample(prior, prior.denoiser(conditions), m, N, 64, 64);
            double[] r = RoughnessCondition.roughness(z.toFloatArray(), 1, 64, 64);
            double sum = 0;
            for (double x : r) {
                sum += condition.standardise(x);
            }
            return sum / N;
        }
    }

    @Test
    void roughFieldsComeOutRougherThanSmoothOnes() throws Exception {
        Engines.inferenceOnThisThread();
        try (DiffusionPrior prior = DiffusionPrior.load(model())) {
            RoughnessCondition condition = prior.roughnessCondition().orElseThrow();
            assertEquals(0.1, condition.dropout());
            double smooth = meanRoughness(prior, condition, -1.5f);
            double rough = meanRoughness(prior, condition, 1.5f);
            // With EDM's churn sampler (48 steps) the samples' roughness averages -1.23 and +1.20 (16 each, step
            // 2400; -0.89 and +0.78 for session 19's step-800 weights: TRAINING.md). Both draws start from the same
            // noise (seed 3), so without the condition they would be the same fields; the threshold asks for more than
            // the half-way response of the early weights (a network that ignores the condition, or half of it, fails).
            assertTrue(rough - smooth > 1.0, "smooth " + smooth + ", rough " + rough);
        }
    }
}
