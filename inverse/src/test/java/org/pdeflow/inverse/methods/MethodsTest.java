package org.pdeflow.inverse.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.guided.Daps;
import org.pdeflow.inverse.guided.DiffPir;
import org.pdeflow.inverse.guided.Dps;
import org.pdeflow.inverse.guided.Enkg;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.problem.LinearGaussianProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/** The method registry: names, documented defaults, options reaching the samplers, refusals. */
class MethodsTest {

    private static final ProblemDefinition DARCY = Problems.get("darcy-inverse");

    @Test
    void builtInMethodsAreRegisteredOnceWithTheirKind() {
        List<String> names = Methods.names();
        assertEquals(
                List.of(
                        "dps",
                        "daps",
                        "diffpir",
                        "diffpir-map",
                        "enkg",
                        "fundps",
                        "diffusionpde",
                        "eki",
                        "tikhonov",
                        "latent-map"),
                names);
        Set<String> labels = new HashSet<>();
        for (InverseMethod m : Methods.all()) {
            assertTrue(labels.add(m.label()), "label " + m.label() + " twice");
            assertFalse(m.description().isBlank(), m.name());
            // A method with a network states its evaluations per step; the classical ones have none.
            assertEquals(m.needsPrior(), m.evaluationsPerStep() > 0, m.name());
        }
        assertFalse(Methods.get("eki").needsPrior());
        assertEquals(
                InverseMethod.Output.POINT_ESTIMATE, Methods.get("tikhonov").output());
        assertEquals(InverseMethod.Output.ENSEMBLE, Methods.get("eki").output());
        assertEquals(
                InverseMethod.Output.POINT_ESTIMATE, Methods.get("latent-map").output());
        assertFalse(Methods.get("latent-map").needsPrior());
    }

    @Test
    void diffPirsIterationsAndLastLevelReachItsSettings() {
        MethodOptions o = MethodOptions.builder().optInner(17).optSigmaMin(0.03).build();
        for (String name : new String[] {"diffpir", "diffpir-map"}) {
            Map<String, Object> d =
                    Methods.get(name).configure(o, Problems.get("ns-inverse")).describe();
            assertEquals(17, d.get("innerIterations"), name);
            assertEquals(0.03, d.get("sigmaMin"), name);
        }
        // Unset, diffpir-map keeps its own stage (60 iterations down to 0.1), not DiffPIR's defaults.
        Map<String, Object> map = Methods.get("diffpir-map")
                .configure(MethodOptions.DEFAULTS, Problems.get("ns-inverse"))
                .describe();
        assertEquals(60, map.get("innerIterations"));
        assertEquals(0.1, map.get("sigmaMin"));
        MethodOptions none = MethodOptions.builder().optInner(0).build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Methods.get("diffpir").configure(none, DARCY));
        assertTrue(e.getMessage().contains("--inner"), e.getMessage());
    }

    /** The defaults the command line documents (solve --help): 100 Heun steps, 50 levels / iterations. */
    @Test
    void defaultStepsAreTheDocumentedOnes() {
        Map<String, Integer> documented = Map.of(
                "dps",
                100,
                "daps",
                50,
                // darcy-inverse's tuned annealing (Methods.DIFFPIR_TUNED); 10 elsewhere
                "diffpir",
                60,
                "diffpir-map",
                10,
                // darcy-inverse's CPU budget for its trained prior (Methods.ENKG_TUNED); 50 elsewhere
                "enkg",
                25,
                "fundps",
                100,
                "diffusionpde",
                100,
                "eki",
                50,
                "tikhonov",
                100,
                "latent-map",
                500);
        for (InverseMethod m : Methods.all()) {
            assertEquals(
                    documented.get(m.name()),
                    m.configure(MethodOptions.DEFAULTS, DARCY).steps(),
                    m.name());
            assertEquals(
                    7, m.configure(MethodOptions.DEFAULTS.withSteps(7), DARCY).steps(), m.name());
        }
    }

    @Test
    void optionsReachTheSettings() {
        MethodOptions o = MethodOptions.builder()
                .optSteps(12)
                .optZeta(0.25)
                .optEta(1.5)
                .optLr(3e-4)
                .optTau(0.02)
                .optWeight(42.0)
                .optPdeWeight(2.0)
                .optLambda(0.5)
                .optRegulariser("laplacian")
                .optPhysicsResidual(true)
                .build();
        assertEquals(0.25, Methods.get("dps").configure(o, DARCY).describe().get("zetaPrime"));
        // Unset, DPS' step is the problem's: in the readings' units it differs by orders of magnitude.
        assertEquals(
                12000.0,
                Methods.get("dps")
                        .configure(MethodOptions.DEFAULTS, DARCY)
                        .describe()
                        .get("zetaPrime"));
        assertEquals(
                0.25,
                Methods.get("dps")
                        .configure(MethodOptions.DEFAULTS, Problems.get("ns-inverse"))
                        .describe()
                        .get("zetaPrime"));
        assertEquals(
                2.5,
                Methods.get("dps")
                        .configure(MethodOptions.DEFAULTS, Problems.get("darcy-forward"))
                        .describe()
                        .get("zetaPrime"));
        Map<String, Object> daps = Methods.get("daps").configure(o, DARCY).describe();
        assertEquals(3e-4, daps.get("lr"));
        assertEquals(0.02, daps.get("tau"));
        assertEquals(1.5, Methods.get("enkg").configure(o, DARCY).describe().get("eta"));
        Map<String, Object> fundps = Methods.get("fundps").configure(o, DARCY).describe();
        assertEquals(42.0, fundps.get("weight"));
        // Unset, FunDPS' weight is the problem's where it was tuned anew (darcy-inverse's prior over a), else 300.
        assertEquals(
                3000.0,
                Methods.get("fundps")
                        .configure(MethodOptions.DEFAULTS, DARCY)
                        .describe()
                        .get("weight"));
        assertEquals(
                300.0,
                Methods.get("fundps")
                        .configure(MethodOptions.DEFAULTS, Problems.get("darcy-forward"))
                        .describe()
                        .get("weight"));
        assertEquals(2.0, fundps.get("pdeWeight"));
        Map<String, Object> tik = Methods.get("tikhonov").configure(o, DARCY).describe();
        assertEquals(0.5, tik.get("lambda"));
        assertEquals("laplacian", tik.get("regulariser"));
        // Unset: each problem's own penalty.
        assertEquals(
                "gradient",
                Methods.get("tikhonov")
                        .configure(MethodOptions.DEFAULTS, DARCY)
                        .describe()
                        .get("regulariser"));
        assertEquals(
                "laplacian",
                Methods.get("tikhonov")
                        .configure(MethodOptions.DEFAULTS, Problems.get("darcy-forward"))
                        .describe()
                        .get("regulariser"));
        // ns-inverse: the MAP under its Gaussian prior (lambda 1), stopped by the discrepancy principle at tau 1;
        // the field penalties keep no stopping rule.
        InverseMethod.Configured nsMap =
                Methods.get("tikhonov").configure(MethodOptions.DEFAULTS, Problems.get("ns-inverse"));
        assertEquals("prior", nsMap.describe().get("regulariser"));
        assertEquals(1.0, nsMap.describe().get("lambda"));
        assertEquals(1.0, nsMap.describe().get("discrepancy"));
        assertEquals(0.0, tik.get("discrepancy"));
        // Without --fundps-residual FunDPS has no physics term whatever --pde-weight says.
        MethodOptions noResidual = MethodOptions.builder()
                .optSteps(12)
                .optWeight(42.0)
                .optPdeWeight(2.0)
                .build();
        assertEquals(
                0.0,
                Methods.get("fundps").configure(noResidual, DARCY).describe().get("pdeWeight"));
    }

    /**
     * A guidance strength tuned for one prior is not carried to another: on darcy-inverse the joint (a, u)
     * prior, with which DPS' trained-prior step diverges, gets its own; a problem without an entry for a kind
     * keeps its own value; a value the user gives always wins.
     */
    @Test
    void tunedGuidanceFollowsThePriorSource() {
        double[] expected = {12000.0, 6000.0, 6000.0, 3000.0};
        PriorSource[] kinds = {PriorSource.TRAINED, PriorSource.TRAINED_JOINT, PriorSource.GAUSSIAN, PriorSource.LATENT
        };
        for (int k = 0; k < kinds.length; k++) {
            MethodOptions o = MethodOptions.DEFAULTS.withPriorSource(kinds[k]);
            assertEquals(
                    expected[k],
                    Methods.get("dps").configure(o, DARCY).describe().get("zetaPrime"),
                    kinds[k].key());
            assertEquals(
                    0.25,
                    Methods.get("dps")
                            .configure(o, Problems.get("ns-inverse"))
                            .describe()
                            .get("zetaPrime"));
            assertEquals(
                    500.0,
                    Methods.get("dps")
                            .configure(o.withZeta(500.0), DARCY)
                            .describe()
                            .get("zetaPrime"));
        }
        MethodOptions joint = MethodOptions.DEFAULTS.withPriorSource(PriorSource.TRAINED_JOINT);
        assertEquals(
                300.0, Methods.get("fundps").configure(joint, DARCY).describe().get("weight"));
        assertEquals(
                3000.0,
                Methods.get("fundps")
                        .configure(MethodOptions.DEFAULTS.withPriorSource(PriorSource.GAUSSIAN), DARCY)
                        .describe()
                        .get("weight"));
        // EnKG: the CPU budget for the trained prior, the reference shape where the denoiser is exact and cheap
        for (PriorSource kind : PriorSource.values()) {
            InverseMethod.Configured enkg =
                    Methods.get("enkg").configure(MethodOptions.DEFAULTS.withPriorSource(kind), DARCY);
            boolean trained = kind == PriorSource.TRAINED || kind == PriorSource.TRAINED_JOINT;
            assertEquals(trained ? 25 : 50, enkg.steps(), kind.key());
            assertEquals(trained ? 3 : 0, enkg.describe().get("linearisedUpdates"), kind.key());
            assertEquals(trained ? 1 : 2, enkg.describe().get("updates"), kind.key());
        }
        assertEquals(
                50,
                Methods.get("enkg")
                        .configure(MethodOptions.DEFAULTS, Problems.get("ns-inverse"))
                        .steps());
    }

    @Test
    void badOptionsAndCombinationsAreRefusedWithAReason() {
        IllegalArgumentException steps = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.get("dps").configure(MethodOptions.DEFAULTS.withSteps(0), DARCY));
        assertTrue(steps.getMessage().contains("--steps"), steps.getMessage());
        IllegalArgumentException penalty = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.get("tikhonov")
                        .configure(MethodOptions.builder().optRegulariser("tv").build(), DARCY));
        assertTrue(penalty.getMessage().contains("tv"), penalty.getMessage());
        IllegalArgumentException ns = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.get("diffusionpde").configure(MethodOptions.DEFAULTS, Problems.get("ns-inverse")));
        assertTrue(ns.getMessage().contains("ns-inverse"), ns.getMessage());
        // The latent MAP needs the data's two-phase generative prior, which only darcy-inverse declares.
        for (String other : List.of("ns-inverse", "darcy-forward", "wave-inverse")) {
            IllegalArgumentException latent = assertThrows(
                    IllegalArgumentException.class,
                    () -> Methods.get("latent-map").configure(MethodOptions.DEFAULTS, Problems.get(other)));
            assertTrue(latent.getMessage().contains(other), latent.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Methods.get("sgld"));
        assertTrue(
                unknown.getMessage().contains("fundps") && unknown.getMessage().contains("tikhonov"),
                unknown.getMessage());
        IllegalArgumentException taken = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.register(MethodEntry.<Integer>builder("dps")
                        .setDescription("another")
                        .setSettings((o, p) -> 1, s -> s, s -> Map.of())
                        .setRunner((s, r) -> null)
                        .build()));
        assertTrue(taken.getMessage().contains("dps"), taken.getMessage());
    }

    /**
     * The registry adds nothing to a run: its DPS, DAPS and EnKG give bit for bit what the samplers
     * built by hand with the same settings and seed give.
     */
    @Test
    void aRegisteredRunIsTheSamplerItself() {
        LinearGaussianProblem lg = LinearGaussianProblem.standard(3);
        GaussianFieldPrior prior = GaussianFieldPrior.of(lg.prior(), null);
        ProblemDefinition any = DARCY;
        MethodOptions o = MethodOptions.DEFAULTS.withSteps(6);
        // DPS' step in this problem's units (its readings' sigma is 0.1, GuidedLinearGaussianTest's 0.5).
        MethodOptions dps = MethodOptions.builder().optSteps(6).optZeta(0.5).build();
        Reconstruction viaRegistry =
                Methods.get("dps").configure(dps, any).run(lg.problem(), prior, 4, 11, StepCallback.NONE);
        Reconstruction direct = new Dps(Dps.Settings.DEFAULTS.withSteps(6).withZeta(0.5))
                .sample(lg.problem(), prior, 4, new SplittableRandom(11), StepCallback.NONE);
        assertArrayEquals(direct.mean(), viaRegistry.mean(), 0.0);
        Reconstruction daps = Methods.get("daps").configure(o, any).run(lg.problem(), prior, 3, 5, StepCallback.NONE);
        Reconstruction dapsDirect = new Daps(
                        Daps.Settings.builder().setLevels(6).build())
                .sample(lg.problem(), prior, 3, new SplittableRandom(5), StepCallback.NONE);
        assertArrayEquals(dapsDirect.mean(), daps.mean(), 0.0);
        // darcy-inverse has no first guess: DiffPIR starts from noise, down to its tuned last level
        Reconstruction diffpir =
                Methods.get("diffpir").configure(o, any).run(lg.problem(), prior, 2, 5, StepCallback.NONE);
        Reconstruction diffpirDirect = new DiffPir(
                        DiffPir.Settings.defaults().withLevels(6).withSigmaMin(0.2))
                .sample(lg.problem(), prior, 2, new SplittableRandom(5), StepCallback.NONE);
        assertArrayEquals(diffpirDirect.mean(), diffpir.mean(), 0.0);
        Reconstruction enkg = Methods.get("enkg").configure(o, any).run(lg.problem(), prior, 4, 2, StepCallback.NONE);
        // darcy-inverse's EnKG budget for the trained prior: one computed and three linearised updates per step
        Reconstruction enkgDirect = new Enkg(Enkg.Settings.builder()
                        .setSteps(6)
                        .optUpdates(1)
                        .optLinearisedUpdates(3)
                        .build())
                .sample(lg.problem(), prior, 4, new SplittableRandom(2), StepCallback.NONE);
        assertArrayEquals(enkgDirect.mean(), enkg.mean(), 0.0);
        IllegalArgumentException one = assertThrows(
                IllegalArgumentException.class,
                () -> Methods.get("eki").configure(o, any).run(lg.problem(), null, 1, 0, StepCallback.NONE));
        assertTrue(one.getMessage().contains("ensemble"), one.getMessage());
    }
}
