package org.pdeflow.solvers.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;

/** EMA against its closed form beta^k theta_0 + (1 - beta) sum_j beta^(k - j) theta_j. */
class EmaTest {

    @Test
    void matchesTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            Linear block = Linear.builder().setUnits(3).build();
            block.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            Parameter weight = null;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getKey().equals("weight")) {
                    weight = p.getValue();
                }
            }
            float[] theta0 = weight.getArray().toFloatArray();
            double beta = 0.8;
            int k = 6;
            double[] expected = new double[theta0.length];
            for (int e = 0; e < theta0.length; e++) {
                expected[e] = Math.pow(beta, k) * theta0[e];
            }
            try (Ema ema = new Ema(block.getParameters(), m)) {
                for (int j = 1; j <= k; j++) {
                    float[] theta = new float[theta0.length];
                    for (int e = 0; e < theta.length; e++) {
                        theta[e] = (float) (Math.sin(j + e) * j);
                        expected[e] += (1 - beta) * Math.pow(beta, k - j) * theta[e];
                    }
                    weight.getArray().set(theta);
                    ema.update(block.getParameters(), beta);
                    float[] after = weight.getArray().toFloatArray();
                    for (int e = 0; e < theta.length; e++) {
                        assertEquals(theta[e], after[e], 0f, "the update must not touch the parameters");
                    }
                }
                float[] avg = ema.get("weight").toFloatArray();
                for (int e = 0; e < avg.length; e++) {
                    // float32 accumulation over 6 updates of O(6) values.
                    assertEquals(expected[e], avg[e], 1e-5);
                }
                ema.copyTo(block.getParameters());
                float[] copied = weight.getArray().toFloatArray();
                for (int e = 0; e < avg.length; e++) {
                    assertEquals(avg[e], copied[e], 0f);
                }
            }
        }
        // Half-life in images: after halfLife images the old weights count half.
        double beta = Ema.decayForHalfLife(500, 10);
        assertEquals(0.5, Math.pow(beta, 50), 1e-12);
        assertEquals(Ema.decayForHalfLife(100, 10), Ema.edmDecay(500, 10, 1000, 0.1), 0);
    }
}
