package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Group normalisation (Wu &amp; He 2018) of (B, C, H, W) fields: the C channels are split into G groups
 * and each sample's group is standardised over its channels and grid points,
 * <pre>
 *   y[b, c, i, j] = gamma[c] (x[b, c, i, j] - mean_{b, g(c)}) / sqrt(var_{b, g(c)} + eps) + beta[c],
 * </pre>
 * with learned per-channel gamma (initialised to 1) and beta (0). Unlike batch normalisation it
 * does not depend on the other samples of a batch, so a denoiser behaves the same at batch 1 and
 * at training batch size; it is the normalisation of the DDPM++ / EDM U-Nets.
 *
 * <p>Input NDList(x), output NDList(y) of the same shape. The group count is lowered to the largest
 * divisor of C not above the requested G.
 */
public final class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float EPS = 1e-5f;

    private final int requestedGroups;
    private final Parameter gamma;
    private final Parameter beta;
    private int groups = -1;

    /**
     * @param groups the number of groups G (at least 1)
     */
    public GroupNorm(int groups) {
        super(VERSION);
        if (groups < 1) {
            throw new IllegalArgumentException("group count must be at least 1, got " + groups);
        }
        this.requestedGroups = groups;
        this.gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .build());
        this.beta = addParameter(
                Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /** The largest divisor of {@code channels} not above {@code wanted}. */
    static int groupsFor(int channels, int wanted) {
        int g = Math.min(wanted, channels);
        while (channels % g != 0) {
            g--;
        }
        return g;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        int channels = (int) inputShapes[0].get(1);
        groups = groupsFor(channels, requestedGroups);
        gamma.setShape(new Shape(channels));
        beta.setShape(new Shape(channels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("GroupNorm expects (B, C, H, W), got " + s);
        }
        long b = s.get(0);
        long c = s.get(1);
        int g = groups > 0 ? groups : groupsFor((int) c, requestedGroups);
        NDArray grouped = x.reshape(b, g, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised =
                centred.div(GraphScalars.plus(variance, EPS).sqrt()).reshape(s);
        NDArray w = ps.getValue(gamma, x.getDevice(), training).reshape(1, c, 1, 1);
        NDArray shift = ps.getValue(beta, x.getDevice(), training).reshape(1, c, 1, 1);
        return new NDList(normalised.mul(w).add(shift));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(requestedGroups);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("GroupNorm: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != requestedGroups) {
            throw new MalformedModelException("GroupNorm: saved " + saved + " groups, this one has " + requestedGroups);
        }
        groups = groupsFor((int) inputShapes[0].get(1), requestedGroups);
    }
}
