package org.pdeflow.examples.inverse;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.inverse.methods.ExactLatentPrior;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.MethodOptions;
import org.pdeflow.inverse.methods.PriorSource;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.Formulation;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;

/**
 * A diffusion prior chosen on the command line, with whatever it holds open (trained weights):
 * {@code gaussian} gives the problem's stationary Gaussian baseline on its unknowns
 * ({@link ProblemDefinition#gaussianPrior}); {@code latent} the data's exact generative prior where the
 * problem has one ({@link ExactLatentPrior}: a control, the method runs on the latent field); a folder
 * is loaded as a {@link TrainedFieldPrior} on the
 * problem's grid (its channels must name the unknowns, or the dataset fields they are stored as:
 * {@link ProblemDefinition#datasetFields()}).
 */
public final class PriorHandle implements AutoCloseable {

    /** The --prior value of the Gaussian baseline. */
    public static final String GAUSSIAN = "gaussian";

    /**
     * The --prior value of the data's exact generative prior, for problems with a latent two-phase
     * prior ({@link ProblemDefinition#latentPrior}): the control row of {@link ExactLatentPrior}.
     */
    public static final String LATENT = "latent";

    private final DiffusionFieldPrior prior;
    private final ExactLatentPrior latent;
    private final AutoCloseable resource;

    private PriorHandle(DiffusionFieldPrior prior, ExactLatentPrior latent, AutoCloseable resource) {
        this.prior = prior;
        this.latent = latent;
        this.resource = resource;
    }

    public static PriorHandle none() {
        return new PriorHandle(null, null, null);
    }

    /**
     * @param spec {@code gaussian}, {@code latent} or a trained prior folder
     * @param problem the problem
     * @param unknowns the formulated problem's unknowns (the prior's channels must name them)
     * @throws IllegalArgumentException for {@code latent} on a problem without a latent prior
     */
    public static PriorHandle open(String spec, ProblemDefinition problem, Unknowns unknowns) {
        if (GAUSSIAN.equals(spec)) {
            return new PriorHandle(problem.gaussianPrior(unknowns), null, null);
        }
        if (LATENT.equals(spec)) {
            LatentTwoPhasePrior p = problem.latentPrior()
                    .orElseThrow(() -> new IllegalArgumentException("--prior latent needs a problem whose unknown is a "
                            + "thresholded latent Gaussian field (darcy-inverse); " + problem.name() + " has none"));
            return new PriorHandle(null, new ExactLatentPrior(p, ExactLatentPrior.DEFAULT_EPSILON), null);
        }
        Path dir = Path.of(spec);
        if (!Files.isDirectory(dir)) {
            throw new InputException(
                    dir, "no such prior folder (give a trained prior's checkpoint folder, 'gaussian' or 'latent')");
        }
        Map<String, String> rename = new HashMap<>();
        problem.datasetFields().forEach((unknown, stored) -> {
            if (unknowns.names().contains(unknown)) {
                rename.put(stored, unknown);
            }
        });
        try {
            // A prior trained on ln c (train-prior --log) is an affine prior over log_c: it serves a
            // formulation whose unknown is log_c (Darcy's log a) without any change of its samples.
            ModelCard card = Checkpoints.readCard(dir);
            if (card.inputNormalizer() != null && card.inputNormalizer().logarithmic()) {
                for (String c : card.inputChannels()) {
                    String log = TrainedFieldPrior.LOG_PREFIX + rename.getOrDefault(c, c);
                    if (unknowns.names().contains(log)) {
                        rename.put(c, log);
                    }
                }
            }
            TrainedFieldPrior p =
                    TrainedFieldPrior.load(dir, unknowns.fields().get(0).grid(), rename);
            return new PriorHandle(p, null, p);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new InputException(dir, "cannot load the prior: " + e.getMessage(), e);
        }
    }

    /**
     * The grid side a prior was trained on, from its model card ({@link ModelCard#trainingResolution()}),
     * without loading its weights; empty for the Gaussian baseline (it has no training grid), no
     * prior (null), or a card that does not say.
     *
     * @param spec a --prior value, or null
     * @throws InputException when a folder is not there or its card cannot be read
     */
    public static OptionalInt trainingResolution(String spec) {
        return trainedCard(spec).map(ModelCard::trainingResolution).orElse(OptionalInt.empty());
    }

    /** The diffusion prior, or null for no prior and for the exact latent prior (see {@link #run}). */
    public DiffusionFieldPrior prior() {
        return prior;
    }

    /**
     * Runs a method with this prior: {@code method.run(problem, prior(), ...)}, or with the exact latent
     * prior the method on the problem's latent coefficients, its samples mapped back
     * ({@link ExactLatentPrior#run}).
     */
    public Reconstruction run(
            InverseMethod.Configured method, InverseProblem problem, int samples, long seed, StepCallback callback) {
        return latent != null
                ? latent.run(method, problem, samples, seed, callback)
                : method.run(problem, prior, samples, seed, callback);
    }

    /** One line for logs and reports: the prior's description, or "none". */
    public String description() {
        return latent != null ? latent.description() : prior == null ? "none" : prior.description();
    }

    @Override
    public void close() throws Exception {
        if (resource != null) {
            resource.close();
        }
    }

    /**
     * The prior a method runs with: null for methods without one, else {@code given} or, when that is
     * null, the problem's shipped model ({@link #shipped}).
     *
     * @throws IllegalArgumentException when a diffusion method has no prior to use
     */
    public static String priorFor(ProblemDefinition problem, InverseMethod method, String given) {
        if (!method.needsPrior()) {
            return null;
        }
        if (given != null) {
            return given;
        }
        Path shipped = shipped(problem);
        if (shipped == null || !Files.isDirectory(shipped)) {
            throw new IllegalArgumentException(method.name() + " needs a diffusion prior and no shipped model exists"
                    + (shipped == null ? " for " + problem.name() : " at " + shipped)
                    + "; give --prior DIR or --prior gaussian");
        }
        return shipped.toString();
    }

    /**
     * The channels of a trained prior, from its model card (no weights loaded): what
     * {@link ProblemDefinition#formulation} chooses by; empty for the Gaussian baseline or no prior.
     *
     * @param spec a --prior value, or null
     * @throws InputException when a folder is not there or its card cannot be read
     */
    public static List<String> trainedChannels(String spec) {
        return trainedCard(spec).map(ModelCard::inputChannels).orElse(List.of());
    }

    /**
     * The formulation a method with this prior solves the problem in ({@link ProblemDefinition#formulation}:
     * chosen by a trained prior's channels, read from its model card).
     *
     * @param spec a --prior value as {@link #priorFor} returns it, or null for a method without a prior
     * @throws InputException when a folder is not there or its card cannot be read
     */
    public static Formulation formulation(ProblemDefinition problem, String spec) {
        return problem.formulation(spec != null, trainedChannels(spec));
    }

    /**
     * The source of the prior a --prior value gives a diffusion method, which picks its tuned guidance
     * defaults ({@link MethodOptions#withPriorSource}); null for no prior.
     *
     * @param spec a --prior value as {@link #priorFor} returns it, or null
     * @param formulation the problem's formulation with this prior ({@link #formulation})
     */
    public static PriorSource source(String spec, Formulation formulation) {
        if (spec == null) {
            return null;
        }
        if (GAUSSIAN.equals(spec)) {
            return PriorSource.GAUSSIAN;
        }
        if (LATENT.equals(spec)) {
            return PriorSource.LATENT;
        }
        return formulation == Formulation.JOINT ? PriorSource.TRAINED_JOINT : PriorSource.TRAINED;
    }

    /** The model card of a trained prior's folder (no weights read); empty for the Gaussian baseline or null. */
    private static Optional<ModelCard> trainedCard(String spec) {
        if (!isTrained(spec)) {
            return Optional.empty();
        }
        Path dir = Path.of(spec);
        if (!Files.isDirectory(dir)) {
            throw new InputException(
                    dir, "no such prior folder (give a trained prior's checkpoint folder, 'gaussian' or 'latent')");
        }
        try {
            return Optional.of(Checkpoints.readCard(dir));
        } catch (IOException | RuntimeException e) {
            throw new InputException(dir, "cannot read the prior's model card: " + e.getMessage(), e);
        }
    }

    /** Whether a --prior value names a folder (a trained prior), not the Gaussian baseline or the latent prior. */
    public static boolean isTrained(String spec) {
        return spec != null && !spec.equals(GAUSSIAN) && !spec.equals(LATENT);
    }

    /**
     * The shipped prior folder of a problem, {@code models/<name>} under the working directory, else
     * under the checkout the program runs from (the jar sits in {@code examples/target/}); null when
     * the problem ships none.
     */
    public static Path shipped(ProblemDefinition problem) {
        if (problem.shippedPrior().isEmpty()) {
            return null;
        }
        Path rel = Path.of("models", problem.shippedPrior().get());
        if (Files.isDirectory(rel)) {
            return rel;
        }
        try {
            Path jar = Path.of(PriorHandle.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path root = jar.getParent() == null || jar.getParent().getParent() == null
                    ? null
                    : jar.getParent().getParent().getParent();
            if (root != null && Files.isDirectory(root.resolve(rel))) {
                return root.resolve(rel);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code-source location: only the working directory is searched.
        }
        return rel;
    }
}
