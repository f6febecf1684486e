package org.pdeflow.examples.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.methods.PriorKind;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;

/**
 * The kind of prior a --prior value gives (which picks the tuned guidance defaults), read from the
 * shipped priors' model cards: darcy-inverse's prior over a alone is TRAINED, the joint (a, u) prior
 * TRAINED_JOINT.
 */
class PriorHandleTest {

    private static final ProblemDefinition DARCY = Problems.get("darcy-inverse");

    private static String model(String name) {
        Path p = Path.of("models", name);
        return (p.toFile().isDirectory() ? p : Path.of("..", "models", name)).toString();
    }

    @Test
    void kindFollowsThePriorGiven() {
        assertNull(PriorHandle.kind(null, DARCY));
        assertEquals(PriorKind.GAUSSIAN, PriorHandle.kind("gaussian", DARCY));
        assertEquals(PriorKind.LATENT, PriorHandle.kind("latent", DARCY));
        assertEquals(PriorKind.TRAINED, PriorHandle.kind(model("darcy64-a-edm-unet"), DARCY));
        assertEquals(PriorKind.TRAINED_JOINT, PriorHandle.kind(model("darcy64-edm-uno"), DARCY));
    }
}
