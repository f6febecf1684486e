package org.pdeflow.examples.priors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two-phase texture statistics on fields whose values are known by construction. */
class TwoPhaseStatisticsTest {

    private static final TwoPhaseStatistics STATS = new TwoPhaseStatistics(3, 12, 1.2);

    /**
     * Field 0: a 4 x 4 checkerboard (16 single-node components, all 2 * 4 * 3 = 24 adjacent pairs an interface,
     * half the nodes high). Field 1: left half 12, right half 3.5 (clean: within 1.2 of 3) but one node at the
     * threshold 7.5 (not clean, counted high).
     */
    @Test
    void knownFields() {
        float[] values = new float[2 * 16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                values[i * 4 + j] = (i + j) % 2 == 0 ? 12f : 3f;
                values[16 + i * 4 + j] = j < 2 ? 12f : 3.5f;
            }
        }
        // node (3, 3) of field 1 at the threshold: high, joined to the right half's low nodes by 2 pairs
        values[16 + 15] = 7.5f;
        double[][] rows = STATS.perField(values, 1, 0, 4, 4);
        assertArrayEquals(new double[] {1.0, 0.5, 24, 16}, rows[0], 0.0);
        // interface: 4 pairs between columns 1 and 2, plus (3,3)-(3,2) and (3,3)-(2,3); components: left half,
        // right half without (3,3), and (3,3) alone
        assertArrayEquals(new double[] {15 / 16.0, 9 / 16.0, 6, 3}, rows[1], 0.0);
        Map<String, double[]> summary = STATS.summary(values, 1, 0, 4, 4);
        assertArrayEquals(new double[] {15, 9}, summary.get("interface_length"), 0.0);
        assertEquals(9.5, summary.get("components")[0], 0.0);
    }

    /** The channel of a two-channel (a, u) layout is picked out. */
    @Test
    void secondChannelIgnored() {
        float[] values = new float[2 * 4];
        values[0] = 12f;
        values[1] = 12f;
        values[2] = 3f;
        values[3] = 3f;
        for (int i = 4; i < 8; i++) {
            values[i] = 0.01f * i;
        }
        assertArrayEquals(new double[] {1.0, 0.5, 2, 2}, STATS.perField(values, 2, 0, 2, 2)[0], 0.0);
    }

    /**
     * A 5 x 5 low field with a high node in the middle (an interior island of 1 node) and a high 2-node bar in the
     * top-left corner (touching the edge): three regions, the low one (22 nodes) touching the edge.
     */
    @Test
    void regionsKnowTheirSizeAndWhetherTheyTouchTheEdge() {
        boolean[] phase = new boolean[25];
        phase[12] = true;
        phase[0] = true;
        phase[1] = true;
        List<int[]> regions = TwoPhaseStatistics.regions(phase, 5, 5);
        assertEquals(3, regions.size());
        // in the order of their first node: the bar (0), the low region (2), the island (12)
        assertArrayEquals(new int[] {2, 1}, regions.get(0));
        assertArrayEquals(new int[] {22, 1}, regions.get(1));
        assertArrayEquals(new int[] {1, 0}, regions.get(2));
    }
}
