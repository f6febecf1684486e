package org.pdeflow.inverse.problems;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.PhysicsResidual;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.grid.Grid2D;

/**
 * One shipped inverse problem, everything that depends on which problem it is: its grid, the field
 * its readings are of and the field it is about, how it is formulated for a method and prior
 * ({@link Formulation}), its priors (the shipped trained one, the Gaussian diffusion baseline, the
 * Gaussian measure of the classical methods), the metrics it is judged by, and its synthetic cases.
 * Commands, the demo and the notebooks get a problem from {@link Problems} by name and never switch
 * on the name themselves.
 *
 * <p>The formulated problem with its readings is an {@link InverseProblem} ({@link #formulate}); the
 * prior and the algorithm are combined with it only when a method runs (InverseBench's split of
 * problem, prior and algorithm; Zheng et al. 2025).
 */
public interface ProblemDefinition {

    /** The name users type, e.g. {@code "darcy-inverse"}. */
    String name();

    /** One line: what is read and what is found, e.g. {@code "readings of u, find a"}. */
    String summary();

    /** Grid points per axis when neither the user nor a truth file says. */
    int defaultResolution();

    /**
     * The grid at {@code s} points per axis.
     *
     * @throws IllegalArgumentException when {@code s < 4}
     */
    Grid2D grid(int s);

    /** The field the readings are of ({@code u}, {@code a}, {@code omega}). */
    String observedField();

    /** The field the problem is about, what a plain 2-D truth file holds. */
    String targetField();

    /**
     * The time its readings are taken at, for a problem whose readings are one snapshot of a
     * time-dependent field (ns-inverse: omega at T = 1); empty for a steady problem (the default).
     * A measurement file of a snapshot problem may carry a {@code t} column holding that time.
     */
    default OptionalDouble observationTime() {
        return OptionalDouble.empty();
    }

    /**
     * Whether readings of this problem can come from a measurement file of point readings (false for
     * seismograms, which the problem reads itself: {@link #readRecording}).
     */
    default boolean readsPointMeasurements() {
        return true;
    }

    /**
     * Readings in the problem's own file format, for problems whose readings a measurement file of
     * point readings cannot hold ({@link #readsPointMeasurements()} false): wave-inverse's traces
     * (shots, receivers, samples) with the acquisition they were recorded with. Everything is read
     * and checked here, before any work.
     *
     * @param file the observations
     * @param description the file that says how they were recorded (wave-inverse: the acquisition
     *     file), or null for the problem's default (one beside {@code file})
     * @param sigma the noise level the user gave, or null for the problem's stated rule
     * @return the problem set up for the recording (its grid and forward model follow the
     *     description) with the readings
     * @throws org.pdeflow.datasets.io.InputException one line naming the file and the field when the
     *     files are malformed or do not fit each other
     * @throws IllegalArgumentException when the problem reads point measurements
     */
    default RecordedReadings readRecording(Path file, Path description, Double sigma) {
        throw new IllegalArgumentException(name() + " reads measurement files of point readings, not its own format");
    }

    /**
     * Whether its forward model has a gradient (adjoint state or autograd). Methods that follow
     * gradients (tikhonov, dps, daps, fundps) refuse a problem without one before they start.
     */
    default boolean differentiable() {
        return true;
    }

    /**
     * The fields of its joint formulation in channel order ({@code a, u} for Darcy), or empty when it
     * has none: what a stacked truth file of the problem holds.
     */
    default List<String> jointFields() {
        return List.of();
    }

    /**
     * How the problem is posed for a method.
     *
     * @param diffusionMethod whether the method samples with a diffusion prior
     * @param trainedChannels the channels of that prior when it is a trained one (a joint prior is only ever
     *     trained; {@code [a, u]} for Darcy's), empty for the Gaussian baseline or no prior
     */
    Formulation formulation(boolean diffusionMethod, List<String> trainedChannels);

    /**
     * The problem with its readings.
     *
     * @param formulation from {@link #formulation}
     * @param grid the problem's grid
     * @param operator where the readings are
     * @param observations the readings
     * @param truth true fields by name ({@code a}, {@code u}, {@code omega0}), possibly empty; unknowns
     *     without a truth leave the problem's truth unset
     * @throws IllegalArgumentException when the problem has no such formulation
     */
    InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth);

    /**
     * The dataset field each unknown (or the observed field) is stored as, where the names differ
     * (pdeflow datasets store a problem's input as {@code a}: Navier-Stokes' omega0 is the field
     * {@code a}, the wave speed c too, and the wave traces are {@code u}). Trained priors name their
     * channels by the dataset fields they were trained on, so this also renames those channels.
     */
    default Map<String, String> datasetFields() {
        return Map.of();
    }

    /** The folder name of the shipped trained prior under {@code models/}, if the problem has one (none by default). */
    default Optional<String> shippedPrior() {
        return Optional.empty();
    }

    /**
     * The physics term of guidance for these unknowns (the Darcy residual of a joint (a, u)
     * formulation), or empty.
     */
    default Optional<PhysicsResidual> residual(Unknowns unknowns) {
        return Optional.empty();
    }

    /**
     * A stationary Gaussian diffusion prior on the unknowns (the baseline when no trained prior is
     * used): per field a smooth GRF with a mean and pointwise spread typical of the problem's data. By
     * default the shipped fields' priors by name ({@code log_a}, {@code a}, {@code u}, {@code omega0});
     * a problem with other fields overrides it.
     */
    default DiffusionFieldPrior gaussianPrior(Unknowns unknowns) {
        return FieldPriors.diffusion(unknowns);
    }

    /**
     * The Gaussian measure of the classical methods (EKI, Tikhonov) on a single unknown field; by default
     * the shipped fields' by name, as {@link #gaussianPrior}.
     */
    default GaussianPrior classicalPrior(Unknowns unknowns) {
        return FieldPriors.classical(unknowns);
    }

    /**
     * The generative model of the unknown when it is a two-phase field made by thresholding a latent
     * Gaussian field (the FNO Darcy permeability), for methods that search the latent field
     * ({@code latent-map}); empty by default, and those methods then refuse the problem.
     */
    default Optional<LatentTwoPhasePrior> latentPrior() {
        return Optional.empty();
    }

    /**
     * A first guess of the unknowns made from the readings and the physics alone, without a prior, for a
     * variational method to start from instead of the prior's mean, where the problem has a cheap one;
     * empty by default (and wherever the readings do not allow one). ns-inverse: the quasi-inverse of
     * readings on every k-th node ({@link org.pdeflow.inverse.classical.VorticityQuasiInverse}).
     *
     * @param problem the formulated problem (its forward model, perhaps wrapped, and its readings)
     * @return the packed unknowns, or empty
     */
    default Optional<double[]> firstGuess(InverseProblem problem) {
        return Optional.empty();
    }

    /** Tikhonov's penalty when the user names none: the gradient penalty unless the problem says otherwise. */
    default Regulariser.Kind defaultRegulariser() {
        return Regulariser.Kind.GRADIENT;
    }

    /**
     * How far every single value of an unknown may lie from the prior's mean, in the prior's model
     * units (where the prior's fields have a spread of about one), before the run counts as diverged
     * ({@link org.pdeflow.inverse.methods.ResultCheck}, which also bounds each field's root mean
     * square by 10). None by default (infinite); an unknown that is the logarithm of a physical field
     * needs one, since a single node far out in log space is orders of magnitude in the field.
     *
     * @param unknown the unknown's name
     */
    default double maxPriorDeviations(String unknown) {
        return Double.POSITIVE_INFINITY;
    }

    /** The errors a benchmark reports, in the order of its table's columns. */
    List<ReportedMetric> metrics();

    /** The error a benchmark row leads with and sweeps chart: the first of {@link #metrics()} unless said otherwise. */
    default ReportedMetric headline() {
        return metrics().get(0);
    }

    /**
     * Readings of a test field for benchmarks.
     *
     * @param grid the problem's grid
     * @param truth the test field's true fields by name
     * @param plan how many, where, how noisy
     * @param rng the only source of randomness
     */
    Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng);

    /**
     * The parts of a reading plan this problem uses, for reports (e.g. {@code stride} and
     * {@code noise} of grid-read problems); empty when its readings ignore the plan's settings.
     */
    default Map<String, Object> readingSettings(ReadingPlan plan) {
        return Map.of();
    }

    /** The settings of {@link #synthetic(ProblemSettings)} when the caller has none. */
    ProblemSettings defaultSettings();

    /**
     * A synthetic case: a truth drawn from the problem's data distribution and noisy readings of it,
     * reproducible from {@link ProblemSettings#seed()}. Forward models that hold native resources
     * implement {@link AutoCloseable}.
     */
    InverseProblem synthetic(ProblemSettings settings);

    /**
     * This problem adapted to a dataset's generating parameters (e.g. the dealiasing rule of
     * Navier-Stokes data).
     *
     * @param attributes the dataset's attributes
     * @return the adapted problem
     * @throws IllegalArgumentException naming what does not match when the dataset was not made for
     *     this problem
     */
    default ProblemDefinition forDataset(Map<String, Object> attributes) {
        return this;
    }
}
