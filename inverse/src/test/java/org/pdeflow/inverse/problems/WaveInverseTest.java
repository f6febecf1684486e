package org.pdeflow.inverse.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.generate.LayeredWaveProblem;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.methods.MethodOptions;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.operators.engine.Engines;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * wave-inverse with an acquisition: its file form, the rebuild of a {@code generate wave} dataset's
 * acquisition, the velocity prior and floor, and the methods it refuses.
 */
class WaveInverseTest {

    @TempDir
    Path dir;

    /** 12 x 12 nodes at 10 m, two shots, a receiver on every other surface node. */
    private static WaveAcquisition small(AbsorbingLayer boundary) {
        RickerWavelet w = new RickerWavelet(15.0, 0.1, 2.5);
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < 12; i += 2) {
            receivers.add(new Receiver(10.0 * i, 10.0));
        }
        return new WaveAcquisition(
                12,
                12,
                10.0,
                List.of(new PointSource(30.0, 20.0, w), new PointSource(0.1 + 0.2, 20.0, w)),
                receivers,
                0.0033,
                0.2,
                boundary);
    }

    @Test
    void acquisitionFileReadsBackWhatWasWritten() throws IOException {
        for (AbsorbingLayer boundary : List.of(AbsorbingLayer.ofWidth(7), AbsorbingLayer.NONE)) {
            WaveAcquisition a = small(boundary);
            Path file = dir.resolve("a.acquisition.json");
            WaveAcquisitionFile.write(file, a);
            WaveAcquisitionFile.Content back = WaveAcquisitionFile.read(file);
            assertEquals(a, back.acquisition());
            assertNull(back.prior());
        }
        assertEquals(dir.resolve("shot.acquisition.json"), WaveAcquisitionFile.beside(dir.resolve("shot.npy")));
    }

    @Test
    void acquisitionFileDefaultsAndPrior() throws IOException {
        Path file = dir.resolve("min.json");
        Files.writeString(file, """
                {"nx": 12, "ny": 12, "spacing": 10, "sources": [[30, 20]], "receivers": [[0, 10], [110, 10]],
                 "frequency": 12.5, "sampleInterval": 0.004, "duration": 0.3,
                 "prior": {"mean": 2400, "std": 400}}
                """);
        WaveAcquisitionFile.Content c = WaveAcquisitionFile.read(file);
        WaveAcquisition a = c.acquisition();
        // Documented defaults: delay 1.5 periods, amplitude 1, a 20-cell absorbing sponge.
        assertEquals(RickerWavelet.of(12.5), a.shots().get(0).wavelet());
        assertEquals(new AbsorbingLayer(20, AbsorbingLayer.DEFAULT_STRENGTH), a.boundary());
        assertEquals(new VelocityPrior(2400, 400), c.prior());
        // floor(0.3 / 0.004) + 1 samples, t = 0 included
        assertEquals(76, a.samples());
        assertEquals(List.of(1, 2, 76), List.of(a.tracesShape()[0], a.tracesShape()[1], a.tracesShape()[2]));
    }

    @Test
    void acquisitionFileErrorsAreOneLineNamingTheField() throws IOException {
        String base = "\"nx\": 12, \"ny\": 12, \"spacing\": 10, \"frequency\": 15, \"sampleInterval\": 0.004, "
                + "\"duration\": 0.3";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{" + base + ", \"receivers\": [[0, 10]]}", "field 'sources': missing");
        cases.put("{" + base + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10]], \"sampel\": 1}", "'sampel'");
        cases.put("{" + base + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10], [120, 10]]}", "'receivers[1]'");
        cases.put("{" + base + ", \"sources\": [[30]], \"receivers\": [[0, 10]]}", "'sources[0]'");
        cases.put("{" + base + ", \"sources\": [], \"receivers\": [[0, 10]]}", "'sources'");
        cases.put(
                "{" + base.replace("\"spacing\": 10", "\"spacing\": \"ten\"")
                        + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10]]}",
                "'spacing'");
        cases.put(
                "{" + base.replace("0.004", "0.5") + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10]]}",
                "'sampleInterval'");
        cases.put(
                "{" + base + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10]], \"boundary\": \"rigid\", "
                        + "\"layerWidth\": 5}",
                "'layerWidth'");
        cases.put(
                "{" + base + ", \"sources\": [[30, 20]], \"receivers\": [[0, 10]], \"prior\": {\"mean\": 2000}}",
                "'prior.std'");
        cases.put("{\"nx\": 12,\n \"ny\": }", "line 2");
        cases.put("[1, 2]", "one JSON object");
        int k = 0;
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Path file = dir.resolve("bad" + k++ + ".json");
            Files.writeString(file, e.getKey());
            InputException x = assertThrows(InputException.class, () -> WaveAcquisitionFile.read(file), e.getKey());
            assertTrue(x.getMessage().startsWith(file + ": "), x.getMessage());
            assertTrue(x.getMessage().contains(e.getValue()), x.getMessage() + " should name " + e.getValue());
            assertFalse(x.getMessage().contains("\n"), x.getMessage());
        }
    }

    /**
     * The acquisition rebuilt from a generated dataset's attributes records the dataset's own traces:
     * the generator's solver (leapfrog through the pde module directly) and the problem's forward model
     * (through {@link AcousticWaveForwardModel}) agree on its velocity to round-off.
     */
    @Test
    void forDatasetRebuildsTheGeneratorsAcquisition() {
        LayeredWaveProblem preset = LayeredWaveProblem.defaults(16);
        int s = 16;
        int samples = preset.fields().get(1).shape()[1];
        double[][] out = {new double[s * s], new double[s * samples]};
        preset.newSolver().solve(new SplittableRandom(3), out);
        Map<String, Object> attributes = new HashMap<>(preset.parameters());
        attributes.put("preset", "wave");
        WaveInverse problem = (WaveInverse) Problems.get("wave-inverse").forDataset(attributes);

        WaveAcquisition a = problem.acquisition().orElseThrow();
        assertEquals(1, a.shots().size());
        assertEquals(s, a.receivers().size());
        double[] predicted = a.forwardModel(new BatchExecutor(1)).apply(out[0]);
        double peak = 0;
        for (double v : out[1]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 0);
        assertEquals(out[1].length, predicted.length);
        for (int k = 0; k < predicted.length; k++) {
            assertEquals(out[1][k], predicted[k], 1e-9 * peak, "sample " + k);
        }
        // The dataset's velocities are uniform on [1500, 4500] m/s: mean 3000, spread 3000 / sqrt(12).
        assertEquals(3000.0, problem.velocityPrior().mean(), 1e-9);
        assertEquals(866.0254, problem.velocityPrior().std(), 1e-4);

        // Benchmark readings: the stored traces plus 1 % of their RMS as noise, which is their sigma.
        Grid2D grid = problem.grid(s);
        Map<String, double[]> truth = Map.of("c", out[0], "traces", out[1]);
        Readings r = problem.readings(grid, truth, ReadingPlan.defaults(), new SplittableRandom(1));
        assertNull(r.operator());
        double rms = Math.sqrt(Arrays.stream(out[1]).map(v -> v * v).sum() / out[1].length);
        assertEquals(0.01 * rms, r.observations().sigma(0), 1e-12 * rms);
        InverseProblem p = problem.formulate(Formulation.UNKNOWN, grid, null, r.observations(), truth);
        // The truth explains the readings: the misfit is half a chi-squared with m degrees of freedom.
        int m = p.observations().size();
        double phi = p.observations().misfit(p.forward().apply(p.truth()));
        assertTrue(Math.abs(phi - m / 2.0) < 5 * Math.sqrt(m / 2.0), "misfit of the truth " + phi + ", m = " + m);

        Map<String, Object> other = new HashMap<>(attributes);
        other.put("preset", "darcy");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Problems.get("wave-inverse").forDataset(other));
        assertTrue(e.getMessage().contains("generate wave"), e.getMessage());
    }

    /** c = mean + std z: the classical prior's draws and the diffusion prior's map from model space. */
    @Test
    void velocityPriorHasTheStatedMeanAndSpread() {
        WaveInverse problem = ((WaveInverse) Problems.get("wave-inverse"))
                .withAcquisition(small(AbsorbingLayer.defaults()), new VelocityPrior(2400, 400));
        Unknowns unknowns = Unknowns.single("c", problem.grid(12));
        GaussianPrior classical = problem.classicalPrior(unknowns);
        SplittableRandom rng = new SplittableRandom(5);
        double sum = 0;
        double sq = 0;
        int draws = 400;
        for (int d = 0; d < draws; d++) {
            for (double v : classical.sample(rng)) {
                sum += v;
                sq += (v - 2400) * (v - 2400);
            }
        }
        int n = draws * 144;
        // Over 400 draws the mean varies by at most 400 / sqrt(400) = 20 m/s (fully correlated nodes) and
        // the pooled spread by at most 400 / sqrt(2 * 400) = 14 m/s: 3 of these bounds.
        assertEquals(2400, sum / n, 60);
        assertEquals(400, Math.sqrt(sq / n), 42);

        DiffusionFieldPrior diffusion = problem.gaussianPrior(unknowns);
        try (NDManager manager = NDManager.newBaseManager(Engines.device())) {
            NDArray zero = manager.zeros(new Shape(1, 1, 12, 12));
            NDArray one = manager.ones(new Shape(1, 1, 12, 12));
            assertEquals(2400, diffusion.toPhysical(zero).mean().getFloat(), 1e-3);
            assertEquals(2800, diffusion.toPhysical(one).mean().getFloat(), 1e-3);
        }
    }

    /** Below the floor (a tenth of the prior mean) a speed is modelled as the floor, so runs never stop on it. */
    @Test
    void speedsBelowTheFloorAreModelledAsTheFloor() {
        WaveInverse problem = ((WaveInverse) Problems.get("wave-inverse"))
                .withAcquisition(small(AbsorbingLayer.defaults()), new VelocityPrior(2000, 300));
        Grid2D grid = problem.grid(12);
        double[] c = new double[grid.size()];
        Arrays.fill(c, 2000);
        double[] floored = c.clone();
        c[40] = -150;
        floored[40] = 200;
        AcousticWaveForwardModel bare = problem.acquisition().orElseThrow().forwardModel(new BatchExecutor(1));
        assertThrows(IllegalArgumentException.class, () -> bare.apply(c));
        double[] y = bare.apply(floored);
        InverseProblem p = problem.formulate(Formulation.UNKNOWN, grid, null, Observations.of(y, 1.0), Map.of());
        double[] g = p.forward().apply(c);
        for (int k = 0; k < y.length; k++) {
            assertEquals(y[k], g[k], 0.0);
        }
        assertEquals(List.of(y.length), List.of(p.forward().applyBatch(new double[][] {c})[0].length));
    }

    @Test
    void gradientMethodsRefuseItAndDerivativeFreeOnesAccept() {
        ProblemDefinition wave = Problems.get("wave-inverse");
        assertFalse(wave.differentiable());
        for (String method : List.of("tikhonov", "dps", "daps", "fundps")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Methods.get(method).configure(MethodOptions.DEFAULTS, wave),
                    method);
            assertTrue(e.getMessage().contains("gradient") && e.getMessage().contains("eki"), e.getMessage());
        }
        Methods.get("eki").configure(MethodOptions.DEFAULTS, wave);
        Methods.get("enkg").configure(MethodOptions.DEFAULTS, wave);
        Methods.get("tikhonov").configure(MethodOptions.DEFAULTS, Problems.get("darcy-inverse"));
    }
}
