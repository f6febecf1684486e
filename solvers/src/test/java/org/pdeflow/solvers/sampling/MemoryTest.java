package org.pdeflow.solvers.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.GaussianDenoiser;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.schedule.FlowTimes;
import org.pdeflow.solvers.schedule.KarrasSchedule;

/**
 * Long runs must not accumulate arrays: the number of live arrays under the caller's manager
 * (getManagedArrays() counts the arrays of all its sub-managers too) is the same at every step, and
 * after the run only the result has been added.
 */
class MemoryTest {

    private static void checkNoGrowth(String name, List<Integer> perStep, int before, int after) {
        // Steps 0-1 (a multistep method has no history yet) and the last step (Heun skips its second
        // evaluation on the step to 0) may hold fewer temporaries; every step in between must hold the same.
        int reference = perStep.get(2);
        for (int i = 2; i < perStep.size() - 1; i++) {
            assertEquals(
                    reference, perStep.get(i), name + ": live arrays at step " + i + " differ from step 2: " + perStep);
        }
        for (int i = 0; i < perStep.size(); i++) {
            assertTrue(perStep.get(i) <= reference, name + ": more live arrays at step " + i + ": " + perStep);
        }
        assertEquals(before + 1, after, name + ": only the result may remain after sampling");
    }

    @Test
    void samplersDoNotLeak() {
        GaussianDenoiser model = GaussianFixtures.grfModel(1, 4, 4);
        GaussianNoise noise = GaussianFixtures.grfNoise(1, 4, 4);
        try (NDManager root = NDManager.newBaseManager(Engines.device())) {
            NDManager parent = root.newSubManager();
            NDArray xT = model.sampleNoisy(parent, 3, 80.0, DataType.FLOAT32);
            Sampler[] samplers = {
                new EulerSampler(),
                new HeunSampler(),
                EdmStochasticSampler.of(10, noise),
                new DdimSampler(1.0, noise),
                new DpmSolverPlusPlus2MSampler()
            };
            for (Sampler s : samplers) {
                Denoiser net = TinyNets.edm(root, 1);
                Denoiser[] denoisers = {
                    model,
                    net,
                    AutoGuidedDenoiser.everywhere(net, model, 2),
                    AutoGuidedDenoiser.everywhere(model, net, 1.5)
                };
                for (Denoiser d : denoisers) {
                    int before = parent.getManagedArrays().size();
                    List<Integer> counts = new ArrayList<>();
                    // Counted inside the callback: the step scope is open, so this includes its temporaries.
                    NDArray out = s.sample(
                            d,
                            xT,
                            KarrasSchedule.edm().sigmas(60),
                            info -> counts.add(parent.getManagedArrays().size()));
                    checkNoGrowth(
                            s.toString(),
                            counts,
                            before,
                            parent.getManagedArrays().size());
                    out.close();
                }
            }
            for (FlowSampler s : new FlowSampler[] {new FlowEulerSampler(), new FlowHeunSampler()}) {
                int before = parent.getManagedArrays().size();
                List<Integer> counts = new ArrayList<>();
                NDArray out = s.sample(
                        model.velocityField(),
                        xT.div(80.0),
                        FlowTimes.uniform(60),
                        info -> counts.add(parent.getManagedArrays().size()));
                // xT.div(80) itself is one extra array in parent.
                checkNoGrowth(
                        s.toString(),
                        counts,
                        before + 1,
                        parent.getManagedArrays().size());
                out.close();
            }
            System.out.println("live arrays under the parent after all runs: "
                    + parent.getManagedArrays().size());
        }
    }
}
