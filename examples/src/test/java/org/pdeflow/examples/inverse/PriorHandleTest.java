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

    private static PriorSource source(String spec) {
        return PriorHandle.source(spec, PriorHandle.formulation(DARCY, spec));
    }

    @Test
    void sourceFollowsThePriorGiven() {
        assertNull(source(null));
        assertEquals(PriorSource.GAUSSIAN, source("gaussian"));
        assertEquals(PriorSource.LATENT, source("latent"));
        assertEquals(PriorSource.TRAINED, source(model("darcy64-a-edm-unet")));
        assertEquals(PriorSource.TRAINED_JOINT, source(model("darcy64-edm-uno")));
    }
}
