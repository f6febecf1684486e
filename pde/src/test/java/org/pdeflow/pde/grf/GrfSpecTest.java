package org.pdeflow.pde.grf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrfSpecTest {

    /** Presets against the FNO scripts' constants: darcy sigma = tau^(alpha-1), NS sigma = tau^(alpha-1) with d = 2. */
    @Test
    void presetsMatchTheFnoScripts() {
        GrfSpec darcy = GrfSpec.darcyFno();
        assertEquals(new GrfSpec(2.0, 3.0, 3.0, true), darcy);
        GrfSpec ns = GrfSpec.nsFno();
        assertEquals(2.5, ns.alpha());
        assertEquals(7.0, ns.tau());
        assertEquals(7.0 * Math.sqrt(7.0), ns.sigma(), 1e-12);
        assertTrue(ns.zeroMean());
        assertFalse(GrfSpec.of(2, 3).zeroMean());
        assertEquals(1.0, GrfSpec.of(2, 3).sigma());
    }

    @Test
    void covarianceEigenvalue() {
        GrfSpec spec = new GrfSpec(2.0, 3.0, 2.0, false);
        // 4 * (16 + 9)^-2 = 4 / 625
        assertEquals(4.0 / 625.0, spec.covarianceEigenvalue(16.0), 1e-18);
        assertThrows(IllegalArgumentException.class, () -> spec.covarianceEigenvalue(-1));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new GrfSpec(0, 3, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new GrfSpec(Double.NaN, 3, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new GrfSpec(2, -1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new GrfSpec(2, 3, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new GrfSpec(2, 0, 1, false));
        assertEquals(0.0, new GrfSpec(2, 0, 1, true).tau());
    }
}
