package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Per-sample noise levels (sigma or t) as arrays: created exactly from doubles (never through a
 * float32 round trip, so float64 samplers keep full precision), in the manager and type of the
 * fields they act on.
 */
public final class NoiseLevels {

    private NoiseLevels() {}

    /** A (B,) array with every entry {@code value}, in {@code manager}, of type {@code dataType}. */
    public static NDArray full(NDManager manager, long batch, double value, DataType dataType) {
        double[] v = new double[Math.toIntExact(batch)];
        Arrays.fill(v, value);
        return of(manager, v, dataType);
    }

    /** A (B,) array holding {@code values}, in {@code manager}, of type {@code dataType}. */
    public static NDArray of(NDManager manager, double[] values, DataType dataType) {
        NDArray a = manager.create(values);
        if (dataType == DataType.FLOAT64) {
            return a;
        }
        NDArray c = a.toType(dataType, false);
        a.close();
        return c;
    }

    /**
     * The levels as a (B,) array in x's manager and type: a scalar is broadcast to the batch size of
     * x; a (B,) array is copied and converted. The input is not modified or re-attached.
     *
     * @param level shape () or (B,)
     * @param x fields (B, ...)
     */
    public static NDArray perSample(NDArray level, NDArray x) {
        long b = x.getShape().get(0);
        Shape s = level.getShape();
        if (!(s.dimension() == 0 || (s.dimension() == 1 && s.get(0) == b))) {
            throw new IllegalArgumentException("noise level must be a scalar or have shape (" + b + "), got " + s);
        }
        NDManager m = x.getManager();
        NDArray out = m.zeros(new Shape(b), x.getDataType());
        if (level.getDataType() == x.getDataType()) {
            out.addi(level);
        } else {
            try (NDManager scope = m.newSubManager()) {
                NDArray converted = level.toType(x.getDataType(), true);
                converted.attach(scope);
                out.addi(converted);
            }
        }
        return out;
    }

    /** A (B,) array reshaped to (B, 1, ..., 1) to broadcast against x (a view in the same manager). */
    public static NDArray column(NDArray perSample, NDArray x) {
        long[] shape = new long[x.getShape().dimension()];
        Arrays.fill(shape, 1L);
        shape[0] = perSample.getShape().get(0);
        return perSample.reshape(new Shape(shape));
    }
}
