package org.pdeflow.operators.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoint;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.data.FieldPairs;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.operators.models.Fno;
import org.pdeflow.operators.models.FnoConfig;

/**
 * Training on a tiny synthetic problem: u = S a, with S the periodic 5-point smoothing
 * u_ij = (4 a_ij + a_{i+1,j} + a_{i-1,j} + a_{i,j+1} + a_{i,j-1}) / 8 and a a random sum of low
 * Fourier modes on 16 x 16. S is diagonal in Fourier space, so a small FNO can represent it well.
 */
class OperatorTrainerTest {

    @TempDir
    Path tmp;

    static FieldPairs smoothingPairs(int n, int s, long seed) {
        Random rng = new Random(seed);
        float[] a = new float[n * s * s];
        float[] u = new float[n * s * s];
        for (int k = 0; k < n; k++) {
            double[] f = new double[s * s];
            for (int mode = 0; mode < 6; mode++) {
                int kx = rng.nextInt(7) - 3;
                int ky = rng.nextInt(7) - 3;
                double amp = rng.nextGaussian();
                double phase = 2 * Math.PI * rng.nextDouble();
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        f[i * s + j] += amp * Math.cos(2 * Math.PI * (kx * i + ky * j) / (double) s + phase);
                    }
                }
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    double sm = 4 * f[i * s + j]
                            + f[((i + 1) % s) * s + j]
                            + f[((i + s - 1) % s) * s + j]
                            + f[i * s + (j + 1) % s]
                            + f[i * s + (j + s - 1) % s];
                    a[k * s * s + i * s + j] = (float) (f[i * s + j] + 1.0);
                    u[k * s * s + i * s + j] = (float) (sm / 8 + 0.5);
                }
            }
        }
        return new FieldPairs(a, u, List.of("a"), List.of("u"), s, s);
    }

    private static FnoConfig tinyFno() {
        return Fno.builder()
                .setInChannels(1)
                .setOutChannels(1)
                .setModes(4, 4)
                .optWidth(8)
                .optLayers(2)
                .optProjectionChannels(16)
                .config();
    }

    private static TrainSpec spec(int epochs, int checkpointEvery) {
        return new TrainSpec(
                epochs, 8, 1e-2, 0, TrainSpec.Schedule.COSINE, checkpointEvery, 11L, ChannelNormalizer.Kind.GAUSSIAN);
    }

    @Test
    void aFewDozenStepsLowerTheLossFivefold() throws Exception {
        FieldPairs train = smoothingPairs(32, 16, 1);
        FieldPairs test = smoothingPairs(8, 16, 2);
        ModelCard card = ModelCard.of(tinyFno(), List.of("a"), List.of("u"));
        // 12 epochs x 4 batches = 48 steps
        TrainingResult r = new OperatorTrainer(spec(12, 6)).train(card, train, test, tmp.resolve("run"));
        double first = r.history().get(0).trainRelL2();
        double last = r.last().trainRelL2();
        assertEquals(48, r.last().steps());
        assertTrue(last < first / 5, "train rel L2 went from " + first + " to " + last);
        assertTrue(
                r.last().testRelL2() < first / 5,
                "test rel L2 " + r.last().testRelL2() + " vs first train loss " + first);
        // The card holds the metrics, and the saved surrogate reproduces the test error via predict().
        ModelCard saved = Checkpoints.readCard(tmp.resolve("run"));
        assertEquals(r.last().testRelL2(), saved.metrics().get("test_rel_l2"), 1e-12);
        try (Checkpoint ck = Checkpoints.load(tmp.resolve("run"));
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            var batch = test.batch(m, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
            NDArray pred = ck.predict(batch.get(0));
            double err = RelativeL2.mean(pred, batch.get(1)).getFloat();
            assertEquals(r.last().testRelL2(), err, 1e-5);
        }
    }

    @Test
    void resumeContinuesFromTheSavedStepAndMatchesAnUninterruptedRun() throws Exception {
        FieldPairs train = smoothingPairs(16, 16, 3);
        FieldPairs test = smoothingPairs(4, 16, 4);
        ModelCard card = ModelCard.of(tinyFno(), List.of("a"), List.of("u"));
        TrainingResult straight = new OperatorTrainer(spec(4, 2)).train(card, train, test, tmp.resolve("straight"));

        // Interrupt a second run during epoch 3 (after the epoch-2 checkpoint), then resume it.
        Path dir = tmp.resolve("interrupted");
        OperatorTrainer interrupted = new OperatorTrainer(spec(4, 2)).optProgress((done, total) -> {
            if (done == 5) {
                throw new IllegalStateException("simulated crash");
            }
        });
        assertThrows(IllegalStateException.class, () -> interrupted.train(card, train, test, dir));
        assertEquals(2, OperatorTrainer.readState(dir).epochsDone());
        assertEquals(4, OperatorTrainer.readState(dir).steps());
        assertThrows(
                IllegalArgumentException.class, () -> new OperatorTrainer(spec(4, 2)).train(card, train, test, dir));

        TrainingResult resumed = new OperatorTrainer(spec(4, 2)).resume(dir, train, test);
        assertEquals(2, resumed.resumedFromEpoch());
        assertEquals(4, resumed.history().size());
        assertEquals(8, resumed.last().steps());
        for (int e = 0; e < 4; e++) {
            // same shuffles, same exact optimizer state: the same trajectory (float32 kernels, 1e-4)
            assertEquals(
                    straight.history().get(e).trainRelL2(),
                    resumed.history().get(e).trainRelL2(),
                    1e-4,
                    "epoch " + (e + 1));
        }
        try (Checkpoint a = Checkpoints.load(tmp.resolve("straight"));
                Checkpoint b = Checkpoints.load(dir);
                NDManager m = NDManager.newBaseManager(Engines.device())) {
            NDArray x = test.batch(m, new int[] {0, 1}).get(0);
            assertArrayEquals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void trainingStepsDoNotLeakArraysIntoTheModel() {
        FieldPairs data = smoothingPairs(8, 16, 5);
        try (Model model = Model.newInstance("fno", Engines.device(), Engines.ENGINE)) {
            Block block = tinyFno().newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(4, 1, 16, 16));
            Engines.inferenceOnThisThread();
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            try (AdamOptimizer adam =
                    new AdamOptimizer(new LearningRateSchedule.Constant(1e-3), 1e-4, model.getNDManager())) {
                OperatorTrainer.trainStep(model, ps, data, new int[] {0, 1, 2, 3}, null, adam);
                int after1 = model.getNDManager().getManagedArrays().size();
                for (int k = 0; k < 5; k++) {
                    OperatorTrainer.trainStep(model, ps, data, new int[] {4, 5, 6, 7}, null, adam);
                }
                assertEquals(after1, model.getNDManager().getManagedArrays().size());
                assertEquals(6, adam.steps());
            }
        }
    }

    @Test
    void schedules() {
        LearningRateSchedule cos = new LearningRateSchedule.Cosine(1.0, 10, 0.1);
        assertEquals(1.0, cos.at(0), 1e-15);
        assertEquals(0.55, cos.at(5), 1e-15);
        assertEquals(0.1, cos.at(10), 1e-15);
        LearningRateSchedule step = new LearningRateSchedule.StepDecay(1.0, 4, 0.5);
        assertEquals(1.0, step.at(3), 0);
        assertEquals(0.5, step.at(4), 0);
        assertEquals(0.25, step.at(9), 0);
    }
}
