package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
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
 * <p>With K &gt; 0 <em>global conditions</em> (scalars per sample that describe the whole field, e.g. its
 * roughness) the embedding is
 * <pre>
 *   e(n, c) = silu(dense1(silu(dense0(sin(n))) + W g c + b)),     c in R^K,
 * </pre>
 * the conditions entering before the second dense layer, so that their effect can depend on the noise level.
 * W and b start at zero: a network grown by conditions first computes exactly what it computed without them
 * (as the class-label embedding of the EDM networks, which is added to the noise embedding). The conditions
 * enter multiplied by a fixed gain g = {@value #CONDITION_GAIN} (an equalised learning rate, Karras et al. 2018,
 * "Progressive growing of GANs", section 4.1): Adam moves each weight by about the learning rate per step
 * whatever its gradient's size, so a zero-initialised layer fine-tuned at a small rate would otherwise need
 * thousands of steps before the conditions could change the output noticeably.
 *
 * <p>Input NDList(noise (B,)) or, with K conditions, NDList(noise (B, 1 + K)): column 0 the noise input,
 * columns 1..K the conditions (a (B,) noise input means conditions all zero). Output NDList((B, E)).
 */
public final class NoiseEmbedding extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final double MAX_POSITIONS = 10000.0;

    /** The fixed gain g the global conditions are multiplied by before their dense layer. */
    public static final float CONDITION_GAIN = 10f;

    private final int dim;
    private final int conditions;
    private final Linear dense0;
    private final Linear dense1;
    private final Linear condition;

    /**
     * @param dim embedding size E, even and at least 2
     */
    public NoiseEmbedding(int dim) {
        this(dim, 0);
    }

    /**
     * @param dim embedding size E, even and at least 2
     * @param conditions K, the global conditions per sample beside the noise input (0: none)
     */
    public NoiseEmbedding(int dim, int conditions) {
        super(VERSION);
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("embedding size must be even and >= 2, got " + dim);
        }
        if (conditions < 0) {
            throw new IllegalArgumentException("condition count must be >= 0, got " + conditions);
        }
        this.dim = dim;
        this.conditions = conditions;
        this.dense0 = addChildBlock("dense0", Linear.builder().setUnits(dim).build());
        this.dense1 = addChildBlock("dense1", Linear.builder().setUnits(dim).build());
        if (conditions > 0) {
            this.condition =
                    addChildBlock("condition", Linear.builder().setUnits(dim).build());
            condition.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
            condition.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        } else {
            this.condition = null;
        }
    }

    /** K, the global conditions per sample (0: none). */
    public int conditions() {
        return conditions;
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
        Shape s = noise.getShape();
        boolean columns = s.dimension() == 2 && s.get(1) == 1 + conditions;
        if (s.dimension() != 1 && !(conditions > 0 && columns)) {
            throw new IllegalArgumentException("noise must have shape (B,)"
                    + (conditions > 0 ? " or (B, " + (1 + conditions) + ")" : "") + ", got " + s);
        }
        NDArray level = columns ? noise.get(new NDIndex(":, 0")) : noise;
        NDArray e = sinusoidal(level, dim);
        e = silu(dense0.forward(ps, new NDList(e), training).head());
        if (condition != null) {
            NDArray c = columns
                    ? GraphScalars.times(
                            noise.get(new NDIndex(":, 1:")).toType(DataType.FLOAT32, false), CONDITION_GAIN)
                    : noise.getManager().zeros(new Shape(s.get(0), conditions), DataType.FLOAT32, noise.getDevice());
            e = e.add(condition.forward(ps, new NDList(c), training).head());
        }
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
        if (condition != null) {
            condition.initialize(manager, dataType, new Shape(inputShapes[0].get(0), conditions));
        }
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
