package org.pdeflow.inverse.problems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
import org.pdeflow.inverse.forward.BatchExecutor;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
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
 * {@code wave-inverse}: a small full-waveform inversion, recover the wave speed c (m/s) from
 * seismograms. The forward model ({@link AcousticWaveForwardModel}) is a black box without gradient,
 * so the derivative-free methods run on it (eki, and enkg with a Gaussian prior); the prior of c is
 * {@code mean + std z}, z smooth ({@link VelocityPrior}).
 *
 * <p>Its readings are traces (shots, receivers, samples), not point readings of a field; they come
 * with the acquisition they were recorded with ({@link WaveAcquisition}), from which the grid and the
 * forward model follow. {@link #readRecording} reads a traces file with its acquisition file
 * ({@link WaveRecording}); {@link #forDataset} rebuilds the acquisition of a {@code generate wave}
 * dataset (one shot mid-surface, a receiver on every node of the surface line), whose field
 * {@code a} is c and {@code u} the traces. The registered problem has no acquisition: it only builds
 * its synthetic case, c on resolution^2 nodes at 10 m spacing, 2000 m/s plus a smooth anomaly of up
 * to about ±300 m/s, 3 shots (15 Hz Ricker) near the top edge, receivers on every {@code stride}-th
 * node of the top row, a 20-cell absorbing layer.
 */
public final class WaveInverse implements ProblemDefinition {

    /** Noise level of traces that state none: this fraction of their RMS (1 %). */
    public static final double DEFAULT_NOISE_FRACTION = 0.01;

    private static final double SPACING = 10.0;

    private static final Pattern SPONGE = Pattern.compile("(\\d+) cells, strength ([0-9.eE+-]+)");

    private final WaveAcquisition acquisition;
    private final Path acquisitionFile;
    private final VelocityPrior prior;

    /** The registered problem: synthetic case only, the default velocity prior. */
    public WaveInverse() {
        this(null, null, VelocityPrior.DEFAULT);
    }

    private WaveInverse(WaveAcquisition acquisition, Path acquisitionFile, VelocityPrior prior) {
        this.acquisition = acquisition;
        this.acquisitionFile = acquisitionFile;
        this.prior = prior;
    }

    /**
     * This problem on a survey of one's own.
     *
     * @param acquisition the survey; its model must be square with at least 4 nodes per axis
     * @param velocityPrior the prior of c
     */
    public WaveInverse withAcquisition(WaveAcquisition acquisition, VelocityPrior velocityPrior) {
        return withAcquisition(acquisition, null, velocityPrior);
    }

    WaveInverse withAcquisition(WaveAcquisition a, Path file, VelocityPrior velocityPrior) {
        if (a.nx() != a.ny()) {
            throw new IllegalArgumentException(
                    "wave-inverse inverts square models (nx = ny), got " + a.nx() + " x " + a.ny());
        }
        DarcyProblem.requireResolution(a.nx());
        return new WaveInverse(a, file, velocityPrior);
    }

    /** The survey, empty for the registered problem. */
    public Optional<WaveAcquisition> acquisition() {
        return Optional.ofNullable(acquisition);
    }

    /** The prior of c. */
    public VelocityPrior velocityPrior() {
        return prior;
    }

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
        return acquisition != null ? acquisition.nx() : defaultSettings().resolution();
    }

    @Override
    public Grid2D grid(int s) {
        DarcyProblem.requireResolution(s);
        if (acquisition == null) {
            return Grid2D.nodes(s, SPACING * (s - 1));
        }
        if (s != acquisition.nx()) {
            throw new IllegalArgumentException((acquisitionFile == null ? "the acquisition" : acquisitionFile + ":")
                    + " the model has " + acquisition.nx() + " x " + acquisition.ny()
                    + " nodes (nx, ny), but a grid of "
                    + s + " x " + s + " was asked for (by the truth or --resolution)");
        }
        return acquisition.grid();
    }

    @Override
    public String observedField() {
        return "traces";
    }

    @Override
    public String targetField() {
        return AcousticWaveForwardModel.FIELD;
    }

    @Override
    public boolean readsPointMeasurements() {
        return false;
    }

    @Override
    public RecordedReadings readRecording(Path file, Path description, Double sigma) {
        return WaveRecording.read(this, file, description, sigma);
    }

    @Override
    public boolean differentiable() {
        return false;
    }

    @Override
    public Formulation formulation(boolean diffusionMethod, List<String> trainedChannels) {
        return Formulation.UNKNOWN;
    }

    /**
     * The acquisition's forward model with the readings; the operator is ignored (null for
     * seismograms). Speeds below the prior's floor ({@link VelocityPrior#floor()}) are modelled as
     * the floor ({@link VelocityFloor}), so that ensemble members that stray below zero do not stop a run.
     */
    @Override
    public InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth) {
        if (formulation != Formulation.UNKNOWN) {
            throw new IllegalArgumentException(name() + " has no " + formulation + " formulation");
        }
        ForwardModel model =
                new VelocityFloor(requireAcquisition().forwardModel(BatchExecutor.perProcessor()), prior.floor());
        return new InverseProblem(name(), model, observations, Truths.pack(model.unknowns(), truth));
    }

    private WaveAcquisition requireAcquisition() {
        if (acquisition == null) {
            throw new IllegalArgumentException("wave-inverse needs the acquisition its traces were recorded with "
                    + "(sources, receivers, sampling): solve reads it beside the traces, benchmark inverse from a "
                    + "'generate wave' dataset");
        }
        return acquisition;
    }

    /** pdeflow's wave datasets store c as their input field {@code a} and the traces as {@code u}. */
    @Override
    public Map<String, String> datasetFields() {
        return Map.of(AcousticWaveForwardModel.FIELD, "a", observedField(), "u");
    }

    @Override
    public DiffusionFieldPrior gaussianPrior(Unknowns unknowns) {
        return FieldPriors.velocityDiffusion(unknowns, prior);
    }

    @Override
    public GaussianPrior classicalPrior(Unknowns unknowns) {
        return FieldPriors.velocityClassical(unknowns, prior);
    }

    @Override
    public List<ReportedMetric> metrics() {
        return List.of(ReportedMetric.relativeL2(targetField()));
    }

    /**
     * The test field's traces as a dataset stores them ({@code traces}, else the forward model's of
     * {@code c}) plus Gaussian noise: {@code plan.noise()} when positive, else
     * {@link #DEFAULT_NOISE_FRACTION} of the traces' RMS; the noise level is the readings' sigma.
     * Every receiver's trace is read, so a number of readings does not apply.
     */
    @Override
    public Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng) {
        WaveAcquisition a = requireAcquisition();
        if (plan.count() != null) {
            throw new IllegalArgumentException(
                    "wave-inverse reads every receiver's whole trace; a number of readings does not apply");
        }
        AcousticWaveForwardModel model = a.forwardModel(BatchExecutor.perProcessor());
        double[] clean = truth.get(observedField());
        if (clean == null) {
            clean = model.apply(truth.get(targetField()));
        } else if (clean.length != model.outputSize()) {
            throw new IllegalArgumentException("the stored traces have " + clean.length + " values, but the "
                    + "acquisition records " + model.outputSize() + " (" + model.description() + ")");
        }
        double noise = plan.noise() > 0 ? plan.noise() : DEFAULT_NOISE_FRACTION * Truths.rms(clean);
        return new Readings(null, Observations.synthetic(clean, noise, noise, rng));
    }

    @Override
    public Map<String, Object> readingSettings(ReadingPlan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", plan.noise() > 0 ? plan.noise() : "1 % of the traces' RMS");
        return m;
    }

    /**
     * The acquisition of a {@code generate wave} dataset ({@code LayeredWaveProblem}): one shot at
     * (source_x, source_depth), a receiver at every node x of the line at receiver_depth, the
     * dataset's Ricker frequency and delay, sample interval, duration and sponge; the prior of c
     * {@link VelocityPrior#uniform} on the dataset's velocity range.
     */
    @Override
    public ProblemDefinition forDataset(Map<String, Object> attributes) {
        Object preset = attributes.get("preset");
        if (!"wave".equals(preset)) {
            throw new IllegalArgumentException(
                    "wave-inverse needs a 'generate wave' dataset (attribute preset = wave), got preset " + preset);
        }
        int s = (int) number(attributes, "resolution");
        double spacing = number(attributes, "spacing");
        RickerWavelet wavelet =
                new RickerWavelet(number(attributes, "ricker_frequency"), number(attributes, "ricker_delay"), 1.0);
        Object boundary = attributes.get("boundary");
        Matcher m = SPONGE.matcher(String.valueOf(boundary));
        if (!m.find()) {
            throw new IllegalArgumentException("the dataset's attribute boundary = '" + boundary
                    + "' does not say the sponge's cells and strength");
        }
        AbsorbingLayer layer = new AbsorbingLayer(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        double depth = number(attributes, "receiver_depth");
        List<Receiver> receivers = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            receivers.add(new Receiver(i * spacing, depth));
        }
        WaveAcquisition a = new WaveAcquisition(
                s,
                s,
                spacing,
                List.of(new PointSource(number(attributes, "source_x"), number(attributes, "source_depth"), wavelet)),
                receivers,
                number(attributes, "sample_interval"),
                number(attributes, "duration"),
                layer);
        return withAcquisition(
                a, null, VelocityPrior.uniform(number(attributes, "velocity_min"), number(attributes, "velocity_max")));
    }

    private static double number(Map<String, Object> attributes, String key) {
        if (!(attributes.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(
                    "the dataset has no numeric attribute '" + key + "'; wave-inverse needs a 'generate wave' dataset");
        }
        return n.doubleValue();
    }

    @Override
    public ProblemSettings defaultSettings() {
        return new ProblemSettings(32, 1e-3, 1e-3, 1, 2, 0);
    }

    /** The registered problem's synthetic case (whatever acquisition this instance has). */
    @Override
    public InverseProblem synthetic(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        int n = s.resolution();
        Grid2D grid = Grid2D.nodes(n, SPACING * (n - 1));
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
