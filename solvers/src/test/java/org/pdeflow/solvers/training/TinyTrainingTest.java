package org.pdeflow.solvers.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.denoise.EdmDenoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.noise.GaussianNoise;

/**
 * A tiny EDM prior on the two-parameter Gaussian toy x0 = a phi1 + b phi2 (a, b ~ N(0, 1),
 * phi1 = 0.5 sin(2 pi x), phi2 = 0.5 cos(2 pi y) on an 8 x 8 grid) trained for 60 Adam steps lowers
 * the EDM loss on a fixed evaluation set (fixed x0, sigma, n) to below 45 % of its initial value
 * (measured: 2.37 -> 0.65, EMA 0.66), for both the trained and the EMA weights.
 */
class TinyTrainingTest {

    private static final int S = 8;

    private static NDArray toyBatch(NDManager m, int batch) {
        float[] phi1 = new float[S * S];
        float[] phi2 = new float[S * S];
        for (int i = 0; i < S; i++) {
            for (int j = 0; j < S; j++) {
                phi1[i * S + j] = (float) (0.5 * Math.sin(2 * Math.PI * i / S));
                phi2[i * S + j] = (float) (0.5 * Math.cos(2 * Math.PI * j / S));
            }
        }
        NDArray a = m.randomNormal(new Shape(batch, 1, 1, 1));
        NDArray b = m.randomNormal(new Shape(batch, 1, 1, 1));
        return a.mul(m.create(phi1, new Shape(1, 1, S, S))).add(b.mul(m.create(phi2, new Shape(1, 1, S, S))));
    }

    @Test
    void edmLossDecreases() {
        Engine.getInstance().setRandomSeed(31);
        EdmLoss loss = EdmLoss.withSigmaData(0.5);
        GaussianNoise noise = GaussianNoise.white(1, S, S);
        try (NDManager root = NDManager.newBaseManager(Engines.device());
                Model model = Model.newInstance("tiny-prior", Engines.device())) {
            TinyConditionedNet net = new TinyConditionedNet(1, 16);
            model.setBlock(net);
            NDArray evalX0 = toyBatch(root, 256);
            NDArray evalSigma = loss.sampleSigmas(evalX0);
            NDArray evalNoise = noise.sampleLike(evalX0);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(1e-2f))
                            .build())
                    .optDevices(new Device[] {Engines.device()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(32, 1, S, S), new Shape(32));
                EdmDenoiser inference = EdmDenoiser.of(net, 0.5);
                double before = evaluate(loss, inference, evalX0, evalSigma, evalNoise);
                EdmDenoiser training = EdmDenoiser.training(trainer, 0.5);
                try (Ema ema = new Ema(net.getParameters(), root)) {
                    for (int step = 0; step < 60; step++) {
                        try (NDManager scope = root.newSubManager()) {
                            NDArray x0 = toyBatch(scope, 32);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                gc.backward(loss.loss(training, x0, noise));
                            }
                            trainer.step();
                            ema.update(net.getParameters(), 0.9);
                        }
                    }
                    double after = evaluate(loss, inference, evalX0, evalSigma, evalNoise);
                    ema.copyTo(net.getParameters());
                    double afterEma = evaluate(loss, inference, evalX0, evalSigma, evalNoise);
                    System.out.printf(
                            "tiny EDM prior: evaluation loss %.4f -> %.4f (EMA weights %.4f)%n",
                            before, after, afterEma);
                    assertTrue(after < 0.45 * before, "loss " + before + " -> " + after);
                    assertTrue(afterEma < 0.45 * before, "EMA loss " + before + " -> " + afterEma);
                }
            }
        }
    }

    private static double evaluate(EdmLoss loss, EdmDenoiser denoiser, NDArray x0, NDArray sigma, NDArray n) {
        try (NDManager scope = x0.getManager().newSubManager()) {
            scope.tempAttachAll(x0);
            NDArray value = loss.loss(denoiser, x0, NoiseLevels.perSample(sigma, x0), n);
            return value.getFloat();
        }
    }
}
