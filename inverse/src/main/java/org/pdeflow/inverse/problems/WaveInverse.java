package org.pdeflow.inverse.problems;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.wave.AbsorbingLayer;
import org.pdeflow.pde.wave.PointSource;
import org.pdeflow.pde.wave.Receiver;
import org.pdeflow.pde.wave.RickerWavelet;

/**
 * {@code wave-inverse}: a small full-waveform inversion, recover the wave speed c from seismograms.
 * c on resolution^2 nodes at 10 m spacing; synthetic truth 2000 m/s plus a smooth anomaly of up to
 * about ±300 m/s; 3 shots (15 Hz Ricker) near the top edge; receivers on every {@code stride}-th node
 * of the top row; a 20-cell absorbing layer; a black-box forward model without gradient
 * ({@link AcousticWaveForwardModel}).
 *
 * <p>Its readings are traces per shot, not point readings of a field, so only its synthetic case
 * ({@link #synthetic}) builds it; {@link #formulate} from point readings is refused.
 */
public final class WaveInverse implements ProblemDefinition {

    private static final double SPACING = 10.0;

    @Override
    public String name() {
        return "wave-inverse";
    }

    @Override
    public String summary() {
        return "seismograms of surface receivers, find the wave speed c";
    }

    @Override
    public int defaultResolution() {
        return defaultSettings().resolution();
    }

    @Override
    public Grid2D grid(int s) {
        DarcyProblem.requireResolution(s);
        return Grid2D.nodes(s, SPACING * (s - 1));
    }

    @Override
    public String observedField() {
        return "traces";
    }

    @Override
    public String targetField() {
        return "c";
    }

    @Override
    public boolean readsPointMeasurements() {
        return false;
    }

    @Override
    public Formulation formulation(boolean diffusionMethod, boolean trainedPrior) {
        return Formulation.UNKNOWN;
    }

    @Override
    public InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth) {
        throw new IllegalArgumentException(
                "wave-inverse readings are seismograms per shot, which point readings of a " + "field cannot express");
    }

    @Override
    public List<ReportedMetric> metrics() {
        return List.of(ReportedMetric.relativeL2(targetField()));
    }

    @Override
    public Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng) {
        throw new IllegalArgumentException("wave-inverse readings are seismograms per shot; use its synthetic case");
    }

    @Override
    public ProblemSettings defaultSettings() {
        return new ProblemSettings(32, 1e-3, 1e-3, 1, 2, 0);
    }

    @Override
    public InverseProblem synthetic(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        int n = s.resolution();
        Grid2D grid = grid(n);
        double[] anomaly = new NeumannGaussianField(grid, new GrfSpec(2.0, 3.0 / grid.lx(), 1.0, true)).sample(rng);
        double max = Arrays.stream(anomaly).map(Math::abs).max().orElse(1.0);
        double[] c = new double[grid.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = 2000.0 + 300.0 * anomaly[i] / max;
        }
        List<PointSource> shots = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            shots.add(new PointSource(grid.lx() * k / 4.0, 2 * SPACING, RickerWavelet.of(15.0)));
        }
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < n; i += s.stride()) {
            receivers.add(new Receiver(grid.x(i), SPACING));
        }
        double duration = Math.hypot(grid.lx(), grid.ly()) / 1700.0 + 1.5 / 15.0;
        double sampleInterval = Math.floor(1e4 / (20 * 15.0)) / 1e4;
        ForwardModel model = new AcousticWaveForwardModel(
                grid,
                shots,
                receivers,
                duration,
                sampleInterval,
                AbsorbingLayer.defaults(),
                BatchExecutor.perProcessor());
        Observations data = Observations.synthetic(model.apply(c), s.noise(), s.weightSigma(), rng);
        return new InverseProblem(name(), model, data, c);
    }
}
