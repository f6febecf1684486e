package org.pdeflow.examples.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.methods.PriorSource;
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
    void sourceFollowsThePriorGiven() {
        assertNull(PriorHandle.source(null, DARCY));
        assertEquals(PriorSource.GAUSSIAN, PriorHandle.source("gaussian", DARCY));
        assertEquals(PriorSource.LATENT, PriorHandle.source("latent", DARCY));
        assertEquals(PriorSource.TRAINED, PriorHandle.source(model("darcy64-a-edm-unet"), DARCY));
        assertEquals(PriorSource.TRAINED_JOINT, PriorHandle.source(model("darcy64-edm-uno"), DARCY));
    }
}
