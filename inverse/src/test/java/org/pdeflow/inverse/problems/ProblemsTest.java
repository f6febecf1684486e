package org.pdeflow.inverse.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.darcy.DarcySolver;

class ProblemsTest {

    /**
     * Every shipped problem builds at a small size, and its truth explains its data: with noise s
     * the misfit of the truth is 1/2 chi^2 with m degrees of freedom (mean m/2, sd sqrt(m/2)), with
     * no noise it is round-off. Two builds with one seed are identical.
     */
    @Test
    void everyProblemBuildsAndItsTruthFitsItsData() throws Exception {
        for (String name : Problems.names()) {
            ProblemSettings s = Problems.get(name).defaultSettings().withResolution(16);
            InverseProblem p = Problems.get(name).synthetic(s);
            try {
                assertEquals(name, p.name());
                assertTrue(p.hasTruth());
                ForwardModel g = p.forward();
                int m = p.observations().size();
                double phi = p.observations().misfit(g.apply(p.truth()));
                if (s.noise() > 0) {
                    assertTrue(
                            Math.abs(phi - m / 2.0) < 5 * Math.sqrt(m / 2.0),
                            name + ": misfit of truth " + phi + " for m = " + m);
                } else {
                    assertTrue(phi < 1e-12 * m, name + ": misfit of truth " + phi);
                }
                if (!name.equals("ns-inverse")) {
                    // (ns-inverse is skipped here only because its build costs a few seconds.)
                    InverseProblem again = Problems.get(name).synthetic(s);
                    assertEquals(p.observations().value(0), again.observations().value(0), 0.0);
                }
            } finally {
                close(p);
            }
        }
    }

    @Test
    void darcyForwardTruthSolvesTheEquations() {
        InverseProblem p = Problems.get("darcy-forward")
                .synthetic(Problems.get("darcy-forward").defaultSettings().withResolution(12));
        double[] a = p.unknowns().extract(p.truth(), "a");
        double[] u = p.unknowns().extract(p.truth(), "u");
        double[] f = new double[a.length];
        Arrays.fill(f, 1.0);
        double[] r = new DarcySolver(p.unknowns().field("u").grid()).residual(a, u, f);
        for (double v : r) {
            assertEquals(0.0, v, 1e-10);
        }
        assertEquals(2, p.unknowns().count());
    }

    @Test
    void unknownNameListsTheShippedProblems() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problems.get("heat"));
        assertTrue(e.getMessage().contains("darcy-inverse") && e.getMessage().contains("ns-inverse"), e.getMessage());
    }

    private static void close(InverseProblem p) throws Exception {
        if (p.forward() instanceof AutoCloseable c) {
            c.close();
        }
    }
}
