package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Embedding of the scalar conditioning input of a denoiser (EDM's c_noise = ln(sigma)/4, or the
 * flow time t) into a feature vector, as in the DDPM++/EDM networks (Karras et al. 2022, appendix
 * B; Song et al. 2021): a sinusoidal positional embedding
 * <pre>
 *   e(n) = [cos(n f_0), ..., cos(n f_{h-1}), sin(n f_0), ..., sin(n f_{h-1})],   f_k = 10000^(-k/h),  h = E/2,
 * </pre>
 * followed by two dense layers with SiLU, x sigmoid(x). The frequencies span 1 down to 1e-4, which
 * suits inputs of order 1 to 1000 (c_noise over EDM's sigma range, or 1000 t for a flow time t in
 * [0, 1]).
 *
 * <p>Input NDList(noise (B,)), output NDList((B, E)).
 */
public final class NoiseEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final double MAX_POSITIONS = 10000.0;

    private final int dim;
    private final Linear dense0;
    private final Linear dense1;

    /**
     * @param dim embedding size E, even and at least 2
     */
    public NoiseEmbedding(int dim) {
        super(VERSION);
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("embedding size must be even and >= 2, got " + dim);
        }
        this.dim = dim;
        this.dense0 = addChildBlock("dense0", Linear.builder().setUnits(dim).build());
        this.dense1 = addChildBlock("dense1", Linear.builder().setUnits(dim).build());
    }

    /** The embedding size E. */
    public int dim() {
        return dim;
    }

    /**
     * The sinusoidal features alone (no learned part).
     *
     * @param noise conditioning values, shape (B,)
     * @param dim even feature count E
     * @return (B, E) float32
     */
    public static NDArray sinusoidal(NDArray noise, int dim) {
        int half = dim / 2;
        NDManager m = noise.getManager();
        NDArray k = m.arange(0, half, 1, DataType.FLOAT32, noise.getDevice());
        NDArray freqs = GraphScalars.times(k, -Math.log(MAX_POSITIONS) / half).exp();
        NDArray args = noise.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(freqs.reshape(1, -1));
        return NDArrays.concat(new NDList(args.cos(), args.sin()), 1);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray noise = inputs.head();
        if (noise.getShape().dimension() != 1) {
            throw new IllegalArgumentException("noise must have shape (B,), got " + noise.getShape());
        }
        NDArray e = sinusoidal(noise, dim);
        e = silu(dense0.forward(ps, new NDList(e), training).head());
        e = silu(dense1.forward(ps, new NDList(e), training).head());
        return new NDList(e);
    }

    /** SiLU, x sigmoid(x) (graph-safe: no scalar constants). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape features = new Shape(inputShapes[0].get(0), dim);
        dense0.initialize(manager, dataType, features);
        dense1.initialize(manager, dataType, features);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(dim);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("NoiseEmbedding: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        int saved = is.readInt();
        if (saved != dim) {
            throw new MalformedModelException("NoiseEmbedding: saved size " + saved + " does not match " + dim);
        }
    }
}
