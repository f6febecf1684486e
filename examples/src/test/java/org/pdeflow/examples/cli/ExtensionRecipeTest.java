package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.measurements.MeasurementWriter;
import org.pdeflow.datasets.measurements.Measurements;
import org.pdeflow.datasets.measurements.Reading;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.guided.PhysicsResidual;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.MethodEntry;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;
import org.pdeflow.inverse.problems.ReadingPlan;
import org.pdeflow.inverse.problems.Readings;
import org.pdeflow.inverse.problems.ReportedMetric;
import org.pdeflow.inverse.sampling.Inversion;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * CONTRIBUTING.md's recipes, followed by a test: a new problem is one class registered with
 * {@link Problems#register}, a new method one class and one {@link Methods#register} entry; both then
 * run through {@code pdeflow solve} without any change to the command-line program.
 */
class ExtensionRecipeTest {

    /** The test-only problem: find a smooth field x on [0, 1]^2 from noisy point readings of x itself. */
    static final class SmoothField implements ProblemDefinition {

        @Override
        public String name() {
            return "smooth-field";
        }

        @Override
        public String summary() {
            return "readings of x, find x";
        }

        @Override
        public int defaultResolution() {
            return 16;
        }

        @Override
        public Grid2D grid(int s) {
            return Grid2D.nodes(s, 1.0);
        }

        @Override
        public String observedField() {
            return "x";
        }

        @Override
        public String targetField() {
            return "x";
        }

        @Override
        public Formulation formulation(boolean diffusionMethod, List<String> trainedChannels) {
            return Formulation.UNKNOWN;
        }

        @Override
        public InverseProblem formulate(
                Formulation formulation,
                Grid2D grid,
                ObservationOperator operator,
                Observations observations,
                Map<String, double[]> truth) {
            ObservedFieldModel model = new ObservedFieldModel(Unknowns.of(new FieldSpec("x", grid)), "x", operator);
            return new InverseProblem(name(), model, observations, truth.get("x"));
        }

        @Override
        public Optional<String> shippedPrior() {
            return Optional.empty();
        }

        @Override
        public Optional<PhysicsResidual> residual(Unknowns unknowns) {
            return Optional.empty();
        }

        @Override
        public DiffusionFieldPrior gaussianPrior(Unknowns unknowns) {
            return GaussianFieldPrior.of(classicalPrior(unknowns), null);
        }

        @Override
        public GaussianPrior classicalPrior(Unknowns unknowns) {
            return GaussianPrior.constantMean(
                    "x",
                    0.0,
                    new NeumannGaussianField(unknowns.fields().get(0).grid(), new GrfSpec(2.0, 3.0, 1.0, false)));
        }

        /** Point readings of the field itself: a gradient penalty cannot hold them in 2-D (it makes spikes). */
        @Override
        public Regulariser.Kind defaultRegulariser() {
            return Regulariser.Kind.LAPLACIAN;
        }

        @Override
        public List<ReportedMetric> metrics() {
            return List.of(ReportedMetric.relativeL2("x"));
        }

        @Override
        public Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng) {
            throw new UnsupportedOperationException("not used by this test");
        }

        @Override
        public ProblemSettings defaultSettings() {
            return new ProblemSettings(16, 0.01, 0.01, 100, 1, 0);
        }

        @Override
        public InverseProblem synthetic(ProblemSettings settings) {
            throw new UnsupportedOperationException("not used by this test");
        }
    }

    /** The test-only method: the problem's classical prior mean, whatever the readings say. */
    static final class PriorMean implements Inversion {

        @Override
        public Reconstruction invert(InverseProblem problem, double[] start, StepCallback callback) {
            Observations observations = problem.observations();
            double[] x = start.clone();
            double misfit = observations.misfit(problem.forward().apply(x));
            callback.onStep(new StepInfo(1, 1, misfit, x));
            return Reconstruction.of(
                    name(),
                    problem.unknowns(),
                    new double[][] {x},
                    new double[] {misfit},
                    new Timings(0, 0, 1, 0),
                    Map.of());
        }

        @Override
        public String name() {
            return "prior-mean";
        }
    }

    private static final SmoothField PROBLEM = new SmoothField();
    private static final InverseMethod METHOD = MethodEntry.<Integer>builder("prior-mean")
            .setDescription("The classical prior's mean: the answer without data, a yardstick.")
            .optOutput(InverseMethod.Output.POINT_ESTIMATE)
            .setSettings((options, problem) -> 1, steps -> steps, steps -> Map.of())
            .setRunner((steps, r) -> {
                double[] mean =
                        r.definition().classicalPrior(r.problem().unknowns()).mean();
                return new PriorMean().invert(r.problem(), mean, r.callback());
            })
            .build();

    @TempDir
    static Path dir;

    static Path readings;
    static Path truth;

    @BeforeAll
    static void registerAndWriteReadings() throws IOException {
        Problems.register(PROBLEM);
        Methods.register(METHOD);
        int s = 16;
        Grid2D grid = PROBLEM.grid(s);
        double[] x = new double[grid.size()];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                x[grid.index(i, j)] = Math.sin(Math.PI * grid.x(i)) * Math.sin(Math.PI * grid.y(j));
            }
        }
        SplittableRandom rng = new SplittableRandom(4);
        List<Reading> list = new ArrayList<>();
        double sigma = 0.01;
        for (int k = 0; k < 120; k++) {
            double px = rng.nextDouble(0.02, 0.98);
            double py = rng.nextDouble(0.02, 0.98);
            double value = Math.sin(Math.PI * px) * Math.sin(Math.PI * py) + sigma * rng.nextGaussian();
            list.add(Reading.steady(px, py, value, sigma, "x"));
        }
        readings = dir.resolve("x.csv");
        MeasurementWriter.write(readings, new Measurements(null, list));
        truth = dir.resolve("x_truth.npy");
        Npy.write(truth, NdArray.of2d(s, s, x));
    }

    private static JsonObject solve(String method) throws IOException {
        Path out = dir.resolve(method);
        CliRun run = CliRun.of(
                "solve",
                "--problem",
                "smooth-field",
                "--observations",
                readings.toString(),
                "--method",
                method,
                "--truth",
                truth.toString(),
                "--steps",
                "60",
                "--samples",
                "16",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        return JsonParser.parseString(Files.readString(out.resolve("report.json")))
                .getAsJsonObject();
    }

    /**
     * The registered problem is solved by a built-in method: 120 readings with 1 % noise of
     * sin(pi x) sin(pi y) pin the field down away from the boundary, so Tikhonov's error (60 L-BFGS
     * iterations, Laplacian penalty) is a small fraction of the prior mean's, which is 1 (the mean is 0).
     */
    @Test
    void aRegisteredProblemRunsThroughSolve() throws IOException {
        JsonObject tikhonov = solve("tikhonov");
        double error = tikhonov.getAsJsonObject("relativeL2").get("x").getAsDouble();
        assertTrue(error < 0.25, "Tikhonov relative error " + error);
        assertEquals("smooth-field", tikhonov.get("problem").getAsString());
        JsonObject eki = solve("eki");
        assertTrue(eki.getAsJsonObject("relativeL2").get("x").getAsDouble() < 0.5, eki.toString());
    }

    /** The registered method runs on a built-in path: its answer is the prior mean, 0 everywhere, error 1. */
    @Test
    void aRegisteredMethodRunsThroughSolve() throws IOException {
        JsonObject r = solve("prior-mean");
        assertEquals(1.0, r.getAsJsonObject("relativeL2").get("x").getAsDouble(), 1e-12);
        for (double v :
                Npy.read(dir.resolve("prior-mean").resolve("x_mean.npy")).data()) {
            assertEquals(0.0, v);
        }
    }
}
