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
        assertEquals(List.of(0.56, 0.57), LogAxes.ticks(0.555, 0.571).subList(0, 2));
    }
}
