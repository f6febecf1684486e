package org.pdeflow.solvers.prior;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.operators.checkpoint.Checkpoint;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.solvers.denoise.AutoGuidedDenoiser;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.EdmDenoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.PeriodicDenoiser;
import org.pdeflow.solvers.denoise.VelocityField;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.sampling.FlowSampler;
import org.pdeflow.solvers.sampling.Sampler;

/**
 * A trained prior over (B, C, H, W) fields, loaded from a checkpoint folder written by
 * {@link PriorTrainer}: the network (EMA weights), its {@link PriorSettings} and the per-channel
 * normalisation z = (u - shift) / scale under which it was trained.
 *
 * <p>All generative objects work on <em>normalised</em> fields: {@link #denoiser()} is
 * D(z; sigma) ~ E[z0 | z] for z = z0 + sigma n, n from {@link #noise}; {@link #velocityField()} is
 * the flow velocity. {@link #normalize}/{@link #denormalize} convert to and from physical units
 * (e.g. Darcy a in {3, 12} &lt;-&gt; (a - 7.5) / 4.5). The network is resolution-agnostic: it can be
 * evaluated on a grid other than the training grid (the noise is then built for that grid).
 *
 * <p>Inference runs with training = false and no parameter copies; call
 * {@link org.pdeflow.operators.engine.Engines#inferenceOnThisThread()} on threads that sample.
 * Close the prior to free its weights.
 */
public final class DiffusionPrior implements AutoCloseable {

    /**
     * The model card property that makes {@link #denoiser()} a {@link PeriodicDenoiser} with this margin
     * (nodes): for a convolutional network with zero padding trained on a periodic domain's fields. It concerns
     * EDM priors (and the velocity field derived from their denoiser); a flow-matching network is not wrapped.
     */
    public static final String PERIODIC_MARGIN_PROPERTY = "periodic_margin";

    private final Checkpoint checkpoint;
    private final PriorSettings settings;
    private final int periodicMargin;
    private final RoughnessCondition roughness;

    private DiffusionPrior(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
        try {
            this.settings = PriorSettings.readFrom(checkpoint.card());
            this.periodicMargin = periodicMargin(checkpoint.card());
            this.roughness = RoughnessCondition.readFrom(checkpoint.card()).orElse(null);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
        if (checkpoint.card().inputNormalizer() == null) {
            checkpoint.close();
            throw new IllegalArgumentException("prior model card lacks its channel normalisation");
        }
    }

    /**
     * Loads a prior checkpoint folder (model-card.json + model-0000.params) onto the engine's device.
     *
     * @param dir the folder
     * @return the prior; close it when done
     * @throws IOException when a file cannot be read
     * @throws MalformedModelException when the weights do not match the card
     * @throws IllegalArgumentException when the folder is not a prior's checkpoint
     */
    public static DiffusionPrior load(Path dir) throws IOException, MalformedModelException {
        return new DiffusionPrior(Checkpoints.load(dir));
    }

    /** The card's {@value #PERIODIC_MARGIN_PROPERTY}, 0 when absent. */
    private static int periodicMargin(ModelCard card) {
        String text = card.properties().get(PERIODIC_MARGIN_PROPERTY);
        if (text == null) {
            return 0;
        }
        try {
            int margin = Integer.parseInt(text.strip());
            if (margin < 0) {
                throw new NumberFormatException();
            }
            return margin;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model card property " + PERIODIC_MARGIN_PROPERTY + " '" + text
                    + "' is not a non-negative whole number of nodes");
        }
    }

    /**
     * The nodes of periodic continuation the denoiser wraps around the fields (the card's {@value
     * #PERIODIC_MARGIN_PROPERTY}), 0 for none.
     */
    public int periodicMargin() {
        return periodicMargin;
    }

    /** The model card (config, normalisation, settings, provenance, metrics). */
    public ModelCard card() {
        return checkpoint.card();
    }

    /** The generative settings. */
    public PriorSettings settings() {
        return settings;
    }

    /** What the network predicts. */
    public PriorKind kind() {
        return settings.kind();
    }

    /** Channel names, e.g. [a, u]. */
    public List<String> channels() {
        return checkpoint.card().inputChannels();
    }

    /** The network F (conditioned: forward takes NDList(x, noise (B,))). */
    public Block block() {
        return checkpoint.block();
    }

    /** physical -&gt; normalised per channel. */
    public ChannelNormalizer normalizer() {
        return checkpoint.card().inputNormalizer();
    }

    /** z = (u - shift) / scale per channel, u of shape (B, C, H, W) in physical units. */
    public NDArray normalize(NDArray physical) {
        return normalizer().normalize(physical);
    }

    /** u = z scale + shift per channel. */
    public NDArray denormalize(NDArray normalized) {
        return normalizer().denormalize(normalized);
    }

    /** The noise the prior was trained with, on an H x W grid. */
    public GaussianNoise noise(int height, int width) {
        return settings.noise(channels().size(), height, width);
    }

    /**
     * The EDM denoiser D(z; sigma) on normalised fields; wrapped periodically ({@link PeriodicDenoiser})
     * when the card sets {@value #PERIODIC_MARGIN_PROPERTY}. For a prior with a {@link #roughnessCondition()}
     * this is the unconditional mode the network was also trained for (the condition dropped).
     *
     * @throws IllegalStateException for a flow-matching prior (use {@link #velocityField()})
     */
    public Denoiser denoiser() {
        if (settings.kind() != PriorKind.DIFFUSION_EDM) {
            throw new IllegalStateException(
                    "a " + settings.kind().label() + " prior has no denoiser; use velocityField()");
        }
        Denoiser network = EdmDenoiser.of(checkpoint.block(), settings.sigmaData());
        return periodicMargin > 0 ? new PeriodicDenoiser(network, periodicMargin) : network;
    }

    /**
     * The global condition the network was trained with, if any: a prior with one is hierarchical (draw the
     * roughness, then the field given it; {@link PriorSampling} does), and {@link #denoiser()} is its
     * unconditional mode.
     */
    public Optional<RoughnessCondition> roughnessCondition() {
        return Optional.ofNullable(roughness);
    }

    /**
     * The denoiser conditioned per sample on a field-level roughness ({@link RoughnessCondition}).
     *
     * @param conditions (B, 2) conditions, e.g. {@link RoughnessCondition#draw}; the denoiser then takes batches
     *     of B samples only. Kept open by the caller while the denoiser is used.
     * @throws IllegalStateException when the prior has no such condition
     */
    public Denoiser denoiser(NDArray conditions) {
        if (roughness == null) {
            throw new IllegalStateException("this prior was not trained with a global condition");
        }
        Denoiser network =
                EdmDenoiser.of(checkpoint.block(), settings.sigmaData()).withConditions(conditions);
        return periodicMargin > 0 ? new PeriodicDenoiser(network, periodicMargin) : network;
    }

    /**
     * Whether {@code w} is a classifier-free guidance weight of the conditional network: finite and &gt;= 1
     * (1 is the conditional network alone; 0, the unconditional mode, is not a weight of it).
     */
    public static boolean isGuidanceWeight(double w) {
        return w >= 1 && w < Double.POSITIVE_INFINITY;
    }

    /**
     * The denoiser conditioned on per-sample roughness with classifier-free guidance (Ho and Salimans 2022,
     * "Classifier-free diffusion guidance"): D_u + w (D_c - D_u), D_c {@link #denoiser(NDArray)}, D_u the
     * unconditional {@link #denoiser()}; w = 1 is D_c, w &gt; 1 makes the samples follow their condition more
     * closely (at two network evaluations per call), w = 0 is D_u.
     *
     * @param conditions (B, 2) conditions
     * @param weight w: 0, or &gt;= 1
     */
    public Denoiser denoiser(NDArray conditions, double weight) {
        if (weight == 0) {
            return denoiser();
        }
        if (!isGuidanceWeight(weight)) {
            throw new IllegalArgumentException(
                    "condition guidance must be 0 (unconditional) or a finite weight >= 1, got " + weight);
        }
        Denoiser conditioned = denoiser(conditions);
        return weight == 1
                ? conditioned
                : new AutoGuidedDenoiser(conditioned, denoiser(), weight, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * This prior's denoiser autoguided by a weaker model of the same fields ({@link AutoGuidedDenoiser}):
     * D_w = D_guide + w (D_this - D_guide) for sigma in [sigmaLow, sigmaHigh], D_this elsewhere.
     *
     * @param guide the guiding prior: an EDM prior over the same channels, with the same normalisation and noise
     * @param weight w &gt;= 1
     * @param sigmaLow lowest level guided (normalised units)
     * @param sigmaHigh highest level guided (may be infinite)
     * @return the guided denoiser; it holds both priors' networks, so close neither while it is in use
     * @throws IllegalArgumentException when the guide does not model the same normalised fields, naming the
     *     difference
     */
    public AutoGuidedDenoiser guidedDenoiser(DiffusionPrior guide, double weight, double sigmaLow, double sigmaHigh) {
        if (settings.kind() != PriorKind.DIFFUSION_EDM) {
            throw new IllegalArgumentException("autoguidance extrapolates denoisers; this is a "
                    + settings.kind().label() + " prior");
        }
        return guidedDenoiser(denoiser(), guide, weight, sigmaLow, sigmaHigh);
    }

    /**
     * {@link #guidedDenoiser(DiffusionPrior, double, double, double)} extrapolating another denoiser of this
     * prior's fields than its own, e.g. one already autoguided by a first guide (guides applied in turn).
     *
     * @param inner the denoiser extrapolated from the guide's, D in D_guide + w (D - D_guide)
     */
    public AutoGuidedDenoiser guidedDenoiser(
            Denoiser inner, DiffusionPrior guide, double weight, double sigmaLow, double sigmaHigh) {
        String why = null;
        if (guide.kind() != PriorKind.DIFFUSION_EDM) {
            why = "it is a " + guide.kind().label() + " prior, not an EDM one";
        } else if (!guide.channels().equals(channels())) {
            why = "its channels " + guide.channels() + " are not " + channels();
        } else if (!guide.normalizer().equals(normalizer())) {
            why = "its normalisation differs (the two denoisers would see different fields)";
        } else if (guide.settings().noise() != settings.noise()) {
            why = "it was trained with " + guide.settings().noise() + " noise, this prior with " + settings.noise();
        } else if (!Objects.equals(guide.settings().grf(), settings.grf())) {
            why = "its noise spectrum " + guide.settings().grf() + " is not this prior's " + settings.grf();
        }
        if (why != null) {
            throw new IllegalArgumentException("the guiding prior cannot guide this one: " + why);
        }
        return new AutoGuidedDenoiser(inner, guide.denoiser(), weight, sigmaLow, sigmaHigh);
    }

    /**
     * The flow velocity v(z, t) on normalised fields: the network itself for a flow-matching prior,
     * {@link VelocityField#fromDenoiser} of the denoiser for an EDM prior.
     */
    public VelocityField velocityField() {
        if (settings.kind() == PriorKind.DIFFUSION_EDM) {
            return VelocityField.fromDenoiser(denoiser());
        }
        Block block = checkpoint.block();
        return (x, t) -> block.forward(
                        new ParameterStore(x.getManager(), false), new NDList(x, NoiseLevels.perSample(t, x)), false)
                .head();
    }

    /**
     * Draws normalised samples from an EDM prior: z_T = sigma_0 n, n from {@link #noise}, then the
     * sampler down to sigmas[N], with {@link #denoiser()} (for a prior with a {@link #roughnessCondition()}, its
     * unconditional mode; {@link PriorSampling#sample(DiffusionPrior, double, NDManager, int, int, int)} draws
     * each field's roughness first).
     *
     * @param manager owner of the result
     * @param count B
     * @param height H (any resolution the network supports)
     * @param width W
     * @param sampler the diffusion sampler
     * @param sigmas the noise levels, decreasing, e.g. {@code KarrasSchedule.edm().sigmas(steps)}
     * @return (B, C, H, W) normalised samples
     */
    public NDArray sample(NDManager manager, int count, int height, int width, Sampler sampler, double[] sigmas) {
        return sample(manager, count, height, width, sampler, sigmas, denoiser());
    }

    /**
     * {@link #sample(NDManager, int, int, int, Sampler, double[])} with another denoiser of this prior's
     * normalised fields in place of {@link #denoiser()}, e.g. {@link #guidedDenoiser}.
     *
     * @param denoiser the denoiser the sampler runs on
     */
    public NDArray sample(
            NDManager manager, int count, int height, int width, Sampler sampler, double[] sigmas, Denoiser denoiser) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray initial =
                    noise(height, width).sample(scope, count, DataType.FLOAT32).muli(sigmas[0]);
            NDArray out = sampler.sample(denoiser, initial, sigmas);
            out.attach(manager);
            return out;
        }
    }

    /**
     * Draws normalised samples by integrating the flow from t = times[0] (0: pure noise) to 1.
     *
     * @param manager owner of the result
     * @param count B
     * @param height H
     * @param width W
     * @param sampler the flow sampler
     * @param times increasing times in [0, 1], starting at 0
     * @return (B, C, H, W) normalised samples
     */
    public NDArray sampleFlow(
            NDManager manager, int count, int height, int width, FlowSampler sampler, double[] times) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray initial = noise(height, width).sample(scope, count, DataType.FLOAT32);
            NDArray out = sampler.sample(velocityField(), initial, times);
            out.attach(manager);
            return out;
        }
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
