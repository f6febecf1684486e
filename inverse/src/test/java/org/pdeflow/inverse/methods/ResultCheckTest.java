package org.pdeflow.inverse.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.LinearGaussianProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grf.GrfSpec;

/**
 * The rule a registered method's result is held to ({@link ResultCheck}), at its documented bounds:
 * a field's root mean square distance from the prior's mean of 10 prior standard deviations (a prior
 * with shift 7.5 and scale 4.5 on 64 nodes: a constant field at 7.5 +- 45, or one node alone at
 * 7.5 +- 10 sqrt(64) 4.5), a problem's node-by-node bound, a misfit per reading of 1e12, finite
 * values; and the one-line failure of a registered run that names the method and the step.
 */
class ResultCheckTest {

    private static final double SHIFT = 7.5;
    private static final double SCALE = 4.5;

    /** No node-by-node bound: the default of {@link ProblemDefinition#maxPriorDeviations}. */
    private static final ToDoubleFunction<String> NONE = f -> Double.POSITIVE_INFINITY;

    private final InverseProblem problem = LinearGaussianProblem.standard(3).problem();
    private final Unknowns unknowns = problem.unknowns();
    private final int m = problem.observations().size();
    private final GaussianFieldPrior prior = GaussianFieldPrior.stationary(
            unknowns,
            new GrfSpec(2.0, 3.0, 1.0, false),
            new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, new double[] {SHIFT}, new double[] {SCALE}),
            null);

    /** One sample at the prior's mean but for one node at {@code value}; the misfit history ends in {@code misfit}. */
    private Reconstruction result(double value, double misfit) {
        double[] x = new double[unknowns.size()];
        Arrays.fill(x, SHIFT);
        x[x.length / 2] = value;
        return Reconstruction.of("t", unknowns, new double[][] {x}, new double[] {1.0, misfit}, timings(), Map.of());
    }

    /** One sample with every node at {@code value}. */
    private Reconstruction uniform(double value) {
        double[] x = new double[unknowns.size()];
        Arrays.fill(x, value);
        return Reconstruction.of("t", unknowns, new double[][] {x}, new double[] {1.0}, timings(), Map.of());
    }

    private static Timings timings() {
        return new Timings(0, 0, 0, 0);
    }

    @Test
    void aFieldIsHeldWithinTenPriorStandardDeviationsOnAverage() {
        assertEquals(64, unknowns.size());
        assertTrue(ResultCheck.violation(uniform(SHIFT + 9.9 * SCALE), m, prior, NONE)
                .isEmpty());
        assertTrue(ResultCheck.violation(uniform(SHIFT - 9.9 * SCALE), m, prior, NONE)
                .isEmpty());
        String far = ResultCheck.violation(uniform(SHIFT + 10.1 * SCALE), m, prior, NONE)
                .orElseThrow();
        assertTrue(far.contains("sample 0 of x") && far.contains("root mean square"), far);
        assertTrue(ResultCheck.violation(uniform(SHIFT - 10.1 * SCALE), m, prior, NONE)
                .isPresent());
        // One node alone: its distance over sqrt(64) = 8 is the field's root mean square.
        assertTrue(ResultCheck.violation(result(SHIFT + 79 * SCALE, 1.0), m, prior, NONE)
                .isEmpty());
        assertTrue(ResultCheck.violation(result(SHIFT + 81 * SCALE, 1.0), m, prior, NONE)
                .isPresent());
        // Without a prior to measure them by, only the other rules apply.
        assertTrue(ResultCheck.violation(uniform(SHIFT + 1e6 * SCALE), m, null, NONE)
                .isEmpty());
    }

    /** A problem's node-by-node bound for an unknown (Darcy's log a) holds every value. */
    @Test
    void aProblemMayBoundEveryValueOfAnUnknown() {
        ToDoubleFunction<String> ten = f -> f.equals("x") ? 10 : Double.POSITIVE_INFINITY;
        assertTrue(ResultCheck.violation(result(SHIFT + 9.9 * SCALE, 1.0), m, prior, ten)
                .isEmpty());
        String far = ResultCheck.violation(result(SHIFT - 10.1 * SCALE, 1.0), m, prior, ten)
                .orElseThrow();
        assertTrue(far.contains("the bound for x is 10)") && far.contains("at node 32"), far);
    }

    @Test
    void theMisfitPerReadingIsHeldBelowOneTrillion() {
        assertTrue(ResultCheck.violation(result(SHIFT, 0.99e12 * m), m, prior, NONE)
                .isEmpty());
        String high = ResultCheck.violation(result(SHIFT, 1.01e12 * m), m, prior, NONE)
                .orElseThrow();
        assertTrue(high.contains("misfit per reading"), high);
    }

    @Test
    void nonFiniteSamplesAndMisfitsFail() {
        assertTrue(ResultCheck.violation(result(Double.NaN, 1.0), m, null, NONE)
                .orElseThrow()
                .contains("NaN"));
        assertTrue(ResultCheck.violation(result(Double.POSITIVE_INFINITY, 1.0), m, null, NONE)
                .isPresent());
        assertTrue(ResultCheck.violation(result(SHIFT, Double.NaN), m, null, NONE)
                .orElseThrow()
                .contains("misfit"));
    }

    /** A test-only method: reports {@code steps} steps with misfit 1 (NaN at {@code nanAt}), returns {@code value}. */
    private InverseMethod.Configured method(int steps, int nanAt, int throwAt, double value) {
        return MethodEntry.<Integer>builder("blowup")
                .setDescription("test")
                .optStepName("level")
                .setSettings((o, p) -> steps, s -> s, s -> Map.of())
                .setRunner((s, r) -> {
                    for (int k = 1; k <= s; k++) {
                        if (k == throwAt) {
                            throw new DivergenceException("the guidance gradient is not finite");
                        }
                        r.callback().onStep(new StepInfo(k, s, k == nanAt ? Double.NaN : 1.0, new double[0]));
                    }
                    return result(value, 1.0);
                })
                .build()
                .configure(MethodOptions.DEFAULTS, Problems.get("darcy-inverse"));
    }

    @Test
    void aRegisteredRunThatBlowsUpFailsNamingTheMethodAndTheStep() {
        assertEquals(
                1,
                method(3, 0, 0, SHIFT)
                        .run(problem, prior, 1, 0, StepCallback.NONE)
                        .sampleCount());
        DivergenceException far = assertThrows(
                DivergenceException.class,
                () -> method(3, 0, 0, SHIFT + 1000 * SCALE).run(problem, prior, 1, 0, StepCallback.NONE));
        assertTrue(far.getMessage().startsWith("blowup diverged: after level 3 of 3, sample 0 of x"), far.getMessage());
        int[] told = {0};
        DivergenceException nan = assertThrows(
                DivergenceException.class,
                () -> method(5, 2, 0, SHIFT).run(problem, prior, 1, 0, info -> told[0] = info.step()));
        assertTrue(
                nan.getMessage().startsWith("blowup diverged in level 2 of 5: the data misfit is NaN"),
                nan.getMessage());
        assertEquals(1, told[0], "the step with a NaN misfit is not passed on, and the run stops there");
        DivergenceException thrown = assertThrows(
                DivergenceException.class, () -> method(5, 0, 4, SHIFT).run(problem, prior, 1, 0, StepCallback.NONE));
        assertTrue(
                thrown.getMessage().startsWith("blowup diverged in level 4 of 5: the guidance gradient is not finite"),
                thrown.getMessage());
        assertEquals(1, thrown.getMessage().lines().count());
    }
}
