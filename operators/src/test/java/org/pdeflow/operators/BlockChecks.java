package org.pdeflow.operators;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.pdeflow.operators.engine.Engines;

/** Shared checks for blocks: neuraloperator's "every parameter receives a gradient" contract. */
public final class BlockChecks {

    private BlockChecks() {}

    /**
     * Runs forward + backward of sum(out * r) for a fixed random r and asserts every parameter got a nonzero
     * gradient.
     */
    public static void assertEveryParameterGetsGradient(Block block, NDManager manager, NDList inputs) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            // gradients accumulate in PyTorch: start from zero so an old gradient cannot pass the check
            NDArray g = p.getValue().getArray().getGradient();
            g.subi(g);
            g.close();
        }
        try (NDManager step = manager.newSubManager()) {
            try (GradientCollector gc = Engines.engine().newGradientCollector()) {
                NDArray out = block.forward(new ParameterStore(step, false), inputs, true)
                        .head();
                NDArray weights = step.randomNormal(out.getShape());
                // A collection between forward and backward exposes scalars whose native memory
                // the graph still uses but Java no longer holds (see GraphScalars): with them the
                // gradients below come out zero.
                collectGarbage();
                gc.backward(out.mul(weights).sum());
            }
        }
        List<String> missing = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            try (NDArray g = p.getValue().getArray().getGradient()) {
                double norm = g.abs().sum().getFloat();
                if (!(norm > 0 && Double.isFinite(norm))) {
                    missing.add(p.getKey() + " (" + norm + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), "parameters without a nonzero gradient: " + missing);
    }

    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
