package org.pdeflow.operators.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Appends the grid coordinates as two input channels, as the FNO does (Li et al. 2021, section 5):
 * channel x = i / (H - 1) and channel y = j / (W - 1), both in [0, 1] whatever the resolution
 * (0 on a grid of size 1), so a model sees the same coordinates at every discretisation.
 */
public final class GridCoordinates {

    private GridCoordinates() {}

    /**
     * @param x fields (B, C, H, W)
     * @return fields (B, C + 2, H, W): the input channels, then x, then y
     */
    public static NDArray append(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDManager m = x.getManager();
        NDArray gx = axis(m, h, x).reshape(1, 1, h, 1).broadcast(new Shape(b, 1, h, w));
        NDArray gy = axis(m, w, x).reshape(1, 1, 1, w).broadcast(new Shape(b, 1, h, w));
        return NDArrays.concat(new NDList(x, gx.toType(x.getDataType(), false), gy.toType(x.getDataType(), false)), 1);
    }

    private static NDArray axis(NDManager m, long n, NDArray like) {
        NDArray idx = m.arange(0, (int) n, 1, DataType.FLOAT32, like.getDevice());
        return n > 1 ? GraphScalars.times(idx, 1.0 / (n - 1)) : idx;
    }
}
