package org.pdeflow.datasets.npy;

import java.util.Arrays;

/**
 * An n-dimensional array of doubles in C (row-major) order, the in-memory form of a {@code .npy}
 * file.
 *
 * @param shape extent of each axis, e.g. {@code [nx, ny]} for one field, {@code [t, nx, ny]} for a stack
 * @param data the values, {@code product(shape)} of them, last axis fastest
 */
public record NdArray(int[] shape, double[] data) {

    public NdArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** A 2-D array of shape (nx, ny). */
    public static NdArray of2d(int nx, int ny, double[] data) {
        return new NdArray(new int[] {nx, ny}, data);
    }

    /** Stacks equally long 2-D fields of shape (nx, ny) into one array of shape (k, nx, ny). */
    public static NdArray stack(int nx, int ny, double[][] fields) {
        double[] all = new double[fields.length * nx * ny];
        for (int k = 0; k < fields.length; k++) {
            if (fields[k].length != nx * ny) {
                throw new IllegalArgumentException(
                        "field " + k + " has " + fields[k].length + " values, expected " + nx * ny);
            }
            System.arraycopy(fields[k], 0, all, k * nx * ny, nx * ny);
        }
        return new NdArray(new int[] {fields.length, nx, ny}, all);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of axes. */
    public int rank() {
        return shape.length;
    }

    /** Extent of axis {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** The shape written as NumPy prints it, e.g. {@code (64, 64)} or {@code (3,)}. */
    public String shapeString() {
        return formatShape(shape);
    }

    static String formatShape(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NdArray" + shapeString();
    }
}
