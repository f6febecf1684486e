package org.pdeflow.inverse.guided;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.prior.DiffusionPrior;

/**
 * A trained diffusion prior ({@link DiffusionPrior}, a checkpoint folder written by
 * {@code pdeflow train-prior}) as a {@link DiffusionFieldPrior}: its EDM denoiser on normalised
 * fields, its noise built for the grid it is used on (white, or the function-space GRF it was trained
 * with), and its per-channel normalisation {@code physical = shift + scale * model}.
 *
 * <p>The network is resolution-agnostic (U-NO / FNO), so the prior may be used on a grid other than
 * its training grid (FunDPS' multi-resolution use). Channels keep the checkpoint's names unless
 * renamed (e.g. a Navier-Stokes prior trained on a dataset field {@code a} = ω0 is renamed to the
 * problem's {@code omega0}).
 *
 * <p>A prior trained on logarithms ({@link ChannelNormalizer#logarithmic()}, {@code train-prior --log}:
 * z = (ln a - shift) / scale) whose channels are renamed to {@code log_a} serves as a prior over log a:
 * its map to physical units is then the affine log a = shift + scale z, the same samples seen in the
 * unknown of a log-parameterised forward model (Darcy's {@code log_a}).
 */
public final class TrainedFieldPrior implements DiffusionFieldPrior, AutoCloseable {

    private final DiffusionPrior prior;
    private final boolean owned;
    private final Unknowns unknowns;
    private final GaussianNoise noise;
    private final ChannelNormalizer normalizer;
    private final Denoiser denoiser;
    private final String description;

    /** The name prefix of a channel modelled in logarithms, {@code log_}. */
    public static final String LOG_PREFIX = "log_";

    private TrainedFieldPrior(
            DiffusionPrior prior, boolean owned, Grid2D grid, Map<String, String> rename, String source) {
        this.prior = prior;
        this.owned = owned;
        List<FieldSpec> fields = new ArrayList<>();
        for (String c : prior.channels()) {
            fields.add(new FieldSpec(rename.getOrDefault(c, c), grid));
        }
        this.unknowns = new Unknowns(fields);
        this.noise = prior.noise(grid.nx(), grid.ny());
        this.normalizer = inLogs(prior.normalizer(), prior.channels(), unknowns.names());
        this.denoiser = prior.denoiser();
        // A roughness-conditioned network serves posterior sampling in its unconditional mode (trained with the
        // condition dropped): a field's roughness is then decided by the readings with the rest of the field.
        this.description = "trained " + prior.kind() + " prior " + source + " (channels " + prior.channels() + ", "
                + prior.settings().noise() + " noise, sigma_data "
                + prior.settings().sigmaData()
                + (prior.roughnessCondition().isPresent() ? ", roughness condition dropped" : "") + ") on "
                + grid.nx() + " x " + grid.ny();
    }

    /**
     * The map to the unknowns: a logarithmic normaliser whose channels all became {@code log_*} unknowns
     * maps affinely to those logarithms; any other normaliser is kept.
     */
    private static ChannelNormalizer inLogs(ChannelNormalizer n, List<String> channels, List<String> names) {
        if (!n.logarithmic()) {
            return n;
        }
        for (int c = 0; c < channels.size(); c++) {
            if (!names.get(c).startsWith(LOG_PREFIX)) {
                return n;
            }
        }
        return new ChannelNormalizer(ChannelNormalizer.Kind.SYMMETRIC_RANGE, n.shift(), n.scale());
    }

    /**
     * Loads a checkpoint folder; the returned prior owns it (close it).
     *
     * @param dir the folder
     * @param grid the grid to sample on
     * @param rename checkpoint channel name to field name, for channels named differently by the problem
     * @throws IOException when a file cannot be read
     * @throws MalformedModelException when the weights do not match the card
     */
    public static TrainedFieldPrior load(Path dir, Grid2D grid, Map<String, String> rename)
            throws IOException, MalformedModelException {
        return new TrainedFieldPrior(DiffusionPrior.load(dir), true, grid, rename, dir.toString());
    }

    /** Wraps a loaded prior without taking ownership. */
    public static TrainedFieldPrior of(DiffusionPrior prior, Grid2D grid, Map<String, String> rename) {
        return new TrainedFieldPrior(prior, false, grid, rename, "");
    }

    /** The wrapped checkpoint. */
    public DiffusionPrior diffusionPrior() {
        return prior;
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public Denoiser denoiser() {
        return denoiser;
    }

    @Override
    public GaussianNoise noise() {
        return noise;
    }

    @Override
    public NDArray toModel(NDArray physical) {
        return normalizer.normalize(physical);
    }

    @Override
    public NDArray toPhysical(NDArray model) {
        return normalizer.denormalize(model);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (owned) {
            prior.close();
        }
    }
}
