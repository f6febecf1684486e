package org.pdeflow.operators.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The bundled engine loads offline, reports its version and computes. */
class EnginesTest {

    @Test
    void bundledLibtorchLoadsOfflineAndComputes() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with downloads forbidden");
        assertEquals("2.7.1", Engines.engine().getVersion());
        Device device = Engines.device();
        if (Engines.engine().getGpuCount() > 0) {
            assertTrue(device.isGpu());
        } else {
            assertEquals(Device.cpu(), device);
        }
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = a.matMul(a);
            assertArrayEquals(new float[] {7, 10, 15, 22}, b.toFloatArray());
        }
    }
}
