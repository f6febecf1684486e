package org.pdeflow.datasets.generate;

import java.util.Arrays;
import java.util.List;

/**
 * One field of every sample of a generated dataset, as it is written to the file: name, per-sample
 * shape and axis names. (A field that an inverse problem solves for, a name on a grid, is the inverse
 * module's {@code FieldSpec}.)
 *
 * @param name dataset name in the file, e.g. {@code "a"} or {@code "u"}
 * @param shape shape of one sample, e.g. {@code [s, s]} or {@code [T, s, s]}
 * @param axes one coordinate name per axis of {@code shape}, e.g. {@code [x, y]} or {@code [t, x, y]}
 * @param description what the field is, with its unit
 */
public record DatasetField(String name, int[] shape, List<String> axes, String description) {

    public DatasetField {
        shape = shape.clone();
        axes = List.copyOf(axes);
        if (shape.length == 0 || shape.length != axes.size()) {
            throw new IllegalArgumentException("field '" + name + "': one axis name per dimension required");
        }
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException(
                        "field '" + name + "': extents must be >= 1, got " + Arrays.toString(shape));
            }
        }
    }

    /** A copy of the sample shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values in one sample. */
    public int size() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape written as text, e.g. {@code 64x64}. */
    public String shapeText() {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < shape.length; k++) {
            sb.append(k == 0 ? "" : "x").append(shape[k]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatasetField f
                && name.equals(f.name)
                && Arrays.equals(shape, f.shape)
                && axes.equals(f.axes)
                && description.equals(f.description);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
