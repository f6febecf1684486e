package org.pdeflow.inverse.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

class BatchExecutorTest {

    /** Never more than maxConcurrency members at once, results in index order. */
    @Test
    void boundsConcurrencyAndKeepsOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        BatchExecutor executor = new BatchExecutor(3);
        double[][] out = executor.map(12, i -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new double[] {i};
        });
        for (int i = 0; i < 12; i++) {
            assertEquals(i, out[i][0], 0.0);
        }
        assertTrue(peak.get() <= 3, "peak concurrency " + peak.get());
        assertTrue(peak.get() >= 2, "members should overlap, peak " + peak.get());
    }

    @Test
    void firstFailureIsRethrownUnchanged() {
        IllegalStateException boom = new IllegalStateException("member 5 failed");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new BatchExecutor(2).map(8, i -> {
                    if (i == 5) {
                        throw boom;
                    }
                    return new double[] {i};
                }));
        assertSame(boom, e);
    }

    @Test
    void unknownsPackAndExtract() {
        Unknowns u = Unknowns.of(new FieldSpec("a", Grid2D.nodes(2, 1.0)), new FieldSpec("u", Grid2D.nodes(3, 1.0)));
        assertEquals(13, u.size());
        double[] x = u.pack(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8, 9, 10, 11, 12, 13});
        assertEquals(4, u.offset("u"));
        assertEquals(5, u.extract(x, "u")[0], 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> u.extract(x, "b"));
        assertTrue(e.getMessage().contains("[a, u]"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Unknowns.of(new FieldSpec("a", Grid2D.nodes(2, 1.0)), new FieldSpec("a", Grid2D.nodes(2, 1.0))));
    }
}
