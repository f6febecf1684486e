package org.pdeflow.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogAxesTest {

    @Test
    void ticksAreRoundAndAtLeastThreeWhereverPossible() {
        assertEquals(List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0), LogAxes.ticks(5e-4, 20));
        // 9 .. 39: decades and 1-2-5 give fewer than three, so 1..9 mantissas: 9, 10, 20, 30
        assertEquals(List.of(9.0, 10.0, 20.0, 30.0), LogAxes.ticks(9, 39));
        // less than a decade
        assertEquals(List.of(0.6, 0.7, 0.8), LogAxes.ticks(0.58, 0.8));
        // two round labels rather than 17 of 0.001 steps
        assertEquals(List.of(0.56, 0.57), LogAxes.ticks(0.555, 0.571));
        assertEquals(List.of(1.03, 1.04), LogAxes.ticks(1.0271, 1.0412));
        assertEquals(List.of(1.031, 1.032, 1.033), LogAxes.ticks(1.0305, 1.0335));
        // 31 decades: every 4th labelled, at most ten labels
        assertEquals(List.of(1e-29, 1e-25, 1e-21, 1e-17, 1e-13, 1e-9, 1e-5, 1e-1), LogAxes.ticks(1e-29, 10));
    }
}
