package org.pdeflow.inverse.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.pde.grid.Grid2D;

class StepHistoryTest {

    @Test
    void recordsMisfitAndPerFieldRelativeErrors() {
        Grid2D g = Grid2D.nodes(2, 1.0);
        Unknowns u = Unknowns.of(new FieldSpec("a", g), new FieldSpec("u", g));
        double[] truth = {1, 1, 1, 1, 2, 0, 0, 0};
        StepHistory h = new StepHistory(u, Map.of("a", new double[] {1, 1, 1, 1}, "u", new double[] {2, 0, 0, 0}));
        h.onStep(new StepInfo(1, 2, 10.0, new double[] {2, 1, 1, 1, 2, 0, 0, 1}));
        h.onStep(new StepInfo(2, 2, 5.0, null));
        List<StepHistory.Step> steps = h.steps();
        assertEquals(2, steps.size());
        assertEquals(10.0, steps.get(0).misfit());
        // a: |(1,0,0,0)| / |(1,1,1,1)| = 1/2; u: |(0,0,0,1)| / |(2,0,0,0)| = 1/2
        assertEquals(0.5, steps.get(0).relativeError().get("a"), 1e-15);
        assertEquals(0.5, steps.get(0).relativeError().get("u"), 1e-15);
        assertTrue(steps.get(1).relativeError().isEmpty());
        assertTrue(h.hasErrors());
        StepHistory misfitsOnly = new StepHistory(u, Map.of());
        misfitsOnly.onStep(new StepInfo(1, 1, 3.0, truth));
        assertTrue(!misfitsOnly.hasErrors());
        // a truth of one field only: errors of that field
        StepHistory partial = new StepHistory(u, Map.of("u", new double[] {2, 0, 0, 0}, "other", new double[1]));
        partial.onStep(new StepInfo(1, 1, 3.0, new double[] {9, 9, 9, 9, 2, 0, 0, 1}));
        assertEquals(Map.of("u", 0.5), partial.steps().get(0).relativeError());
    }
}
