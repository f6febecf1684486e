package org.pdeflow.operators.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The spectral convolution of the Fourier neural operator (Li et al. 2021, "Fourier neural
 * operator for parametric partial differential equations", eq. (4) and section 4):
 * <pre>
 *   (K v)(x) = F^{-1}( R(k) . (F v)(k) )(x),     R(k) in C^{Cin x Cout},
 * </pre>
 * where F is the 2-D Fourier transform and R is non-zero only on the lowest modes:
 * kx in {0..m1-1} and {-m1..-1} along the first spatial axis (full fft, both signs),
 * ky in {0..m2-1} along the last (rfft, the negative ky are the complex conjugates). Each kept
 * mode mixes channels with its own complex matrix.
 *
 * <p><b>Shapes.</b> Input (B, Cin, H, W) real, output (B, Cout, H', W') real, where (H', W') =
 * (H, W) for {@link #forward} and any size for {@link #apply}: the modes are placed into a
 * zero spectrum of the output size and transformed back, scaled so that a mode keeps its
 * amplitude (see {@link Spectral}). This is how U-NO (Rahman et al. 2023) changes resolution.
 *
 * <p><b>Resolution rule.</b> The kept modes must exist on both grids: 2 m1 &lt;= min(H, H') and
 * m2 &lt;= min(W, W')/2 + 1; otherwise {@link #apply} throws {@link IllegalArgumentException}. A layer
 * with m1 = m2 = 12 therefore runs on every grid from 24 x 22 up; weights do not depend on the grid,
 * which is what makes the operator discretisation-agnostic.
 *
 * <p><b>Parameters.</b> {@code weightRe}, {@code weightIm}: real arrays of shape
 * (2 m1, m2, Cin, Cout); row r &lt; m1 holds kx = r, row m1 + r holds kx = r - m1. Two real arrays
 * because DJL cannot differentiate through {@code NDArray.complex()} nor save complex arrays.
 * Initialised N(0, 1/(Cin + Cout)) each, so the complex weight has variance 2/(Cin + Cout) as in
 * neuraloperator's SpectralConv.
 */
public final class SpectralConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outChannels;
    private final int modes1;
    private final int modes2;
    private final Parameter weightRe;
    private final Parameter weightIm;
    private int inChannels = -1;

    private SpectralConv2d(Builder b) {
        super(VERSION);
        this.outChannels = b.outChannels;
        this.modes1 = b.modes1;
        this.modes2 = b.modes2;
        this.weightRe = addParameter(Parameter.builder()
                .setName("weightRe")
                .setType(Parameter.Type.WEIGHT)
                .build());
        this.weightIm = addParameter(Parameter.builder()
                .setName("weightIm")
                .setType(Parameter.Type.WEIGHT)
                .build());
    }

    /** A builder; {@link Builder#setOutChannels} and {@link Builder#setModes} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Output channels Cout. */
    public int outChannels() {
        return outChannels;
    }

    /** Kept modes along the first spatial axis, per sign. */
    public int modes1() {
        return modes1;
    }

    /** Kept modes along the last spatial axis (non-negative ky). */
    public int modes2() {
        return modes2;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        inChannels = (int) inputShapes[0].get(1);
        float std = (float) Math.sqrt(1.0 / (inChannels + outChannels));
        Shape shape = new Shape(2L * modes1, modes2, inChannels, outChannels);
        weightRe.setShape(shape);
        weightIm.setShape(shape);
        weightRe.setInitializer(new NormalInitializer(std));
        weightIm.setInitializer(new NormalInitializer(std));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        return new NDList(apply(ps, x, (int) s.get(2), (int) s.get(3), training));
    }

    /**
     * Applies the layer and returns the result on a grid of the given size.
     *
     * @param ps parameter store
     * @param x real fields (B, Cin, H, W)
     * @param outH output height H'
     * @param outW output width W'
     * @param training whether this is a training pass
     * @return real fields (B, Cout, H', W')
     */
    public NDArray apply(ParameterStore ps, NDArray x, int outH, int outW, boolean training) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("SpectralConv2d expects (B, C, H, W), got " + s);
        }
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        checkModesFit(h, w, "input");
        checkModesFit(outH, outW, "output");
        NDArray re = ps.getValue(weightRe, x.getDevice(), training);
        NDArray im = ps.getValue(weightIm, x.getDevice(), training);
        NDArray weight = Spectral.complexOf(re, im, x.getManager());
        // (B, Cin, 2m1, m2) -> (2m1, m2, B, Cin): one batched complex matmul per mode.
        NDArray modes =
                Spectral.lowModes(Spectral.forward(x), modes1, modes1, modes2).transpose(2, 3, 0, 1);
        NDArray mixed = modes.matMul(weight).transpose(2, 3, 0, 1);
        return Spectral.inverse(mixed, modes1, h, w, outH, outW);
    }

    private void checkModesFit(int h, int w, String which) {
        if (2 * modes1 > h || modes2 > w / 2 + 1) {
            throw new IllegalArgumentException("spectral layer with modes (" + modes1 + ", " + modes2
                    + ") does not fit the " + which + " grid " + h + " x " + w
                    + ": need 2*modes1 <= H and modes2 <= W/2+1");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outChannels, in.get(2), in.get(3))};
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(inChannels);
        os.writeInt(outChannels);
        os.writeInt(modes1);
        os.writeInt(modes2);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("SpectralConv2d: unsupported version " + loadVersion);
        }
        readInputShapes(is);
        inChannels = is.readInt();
        int out = is.readInt();
        int m1 = is.readInt();
        int m2 = is.readInt();
        if (out != outChannels || m1 != modes1 || m2 != modes2) {
            throw new MalformedModelException("SpectralConv2d: saved (out " + out + ", modes " + m1 + "x" + m2
                    + ") does not match this block (out " + outChannels + ", modes " + modes1 + "x" + modes2 + ")");
        }
    }

    /** Builder: {@code setX} required, {@code optX} optional, validated in {@link #build()}. */
    public static final class Builder {
        private int outChannels;
        private int modes1;
        private int modes2;

        private Builder() {}

        /** Sets the number of output channels (required, positive). */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = outChannels;
            return this;
        }

        /**
         * Sets the kept modes (required, positive).
         *
         * @param modes1 modes per sign along the first spatial axis
         * @param modes2 non-negative modes along the last spatial axis
         */
        public Builder setModes(int modes1, int modes2) {
            this.modes1 = modes1;
            this.modes2 = modes2;
            return this;
        }

        /** Builds the layer; throws {@link IllegalArgumentException} if a required value is missing. */
        public SpectralConv2d build() {
            if (outChannels < 1) {
                throw new IllegalArgumentException(
                        "SpectralConv2d: outChannels must be set and positive, got " + outChannels);
            }
            if (modes1 < 1 || modes2 < 1) {
                throw new IllegalArgumentException(
                        "SpectralConv2d: modes must be set and positive, got " + modes1 + " x " + modes2);
            }
            return new SpectralConv2d(this);
        }
    }
}
