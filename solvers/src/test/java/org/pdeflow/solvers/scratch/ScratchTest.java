package org.pdeflow.solvers.scratch;

import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import org.junit.jupiter.api.Test;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.solvers.denoise.*;
import org.pdeflow.solvers.noise.*;
import org.pdeflow.solvers.sampling.*;
import org.pdeflow.solvers.schedule.*;

class ScratchTest {
    @Test
    void probe() {
        System.out.println("threads prop " + System.getProperty("ai.djl.pytorch.num_threads") + " offline " + System.getProperty("ai.djl.offline"));
        try (NDManager m = NDManager.newBaseManager(Engines.device())) {
            double[] mu = new double[16];
            double[] v = new double[16]; java.util.Arrays.fill(v, 1.0);
            GaussianDenoiser white = GaussianDenoiser.withWhiteNoise(mu, DiagonalCovariance.pixel(1, 4, 4, v));
            for (int b : new int[] {8, 8000, 8, 8000}) {
                NDArray x = m.randomNormal(new Shape(b, 1, 4, 4));
                long t0 = System.nanoTime();
                new EulerSampler().sample(white, x, KarrasSchedule.edm().sigmas(100));
                System.out.println("B=" + b + " ms/step " + (System.nanoTime() - t0) / 100e6);
                t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    try (NDManager s = m.newSubManager()) {
                        s.tempAttachAll(x);
                        white.denoise(x, NoiseLevels.full(s, b, 1.0, DataType.FLOAT32));
                    }
                }
                System.out.println("  denoise ms " + (System.nanoTime() - t0) / 100e6);
                t0 = System.nanoTime();
                for (int i = 0; i < 100; i++) { try (NDArray y = x.mul(2)) {} }
                System.out.println("  mul ms " + (System.nanoTime() - t0) / 100e6);
            }
        }
    }
}
