package org.pdeflow.inverse.forward;

import org.pdeflow.pde.grid.Grid2D;

/**
 * One unknown field of an inverse problem: a name and the grid it lives on.
 *
 * <p>The field's values are {@code double[grid.size()]}, row-major with x along the first axis
 * ({@code value[grid.index(i, j)]} at {@code (x_i, y_j)}), the convention of the whole toolkit.
 *
 * @param name identifier, e.g. {@code "omega0"}, {@code "a"}, {@code "log_a"}, {@code "u"}: a letter
 *     followed by letters, digits or underscores (it names files such as {@code <name>.npy})
 * @param grid the grid of the field
 */
public record FieldSpec(String name, Grid2D grid) {

    public FieldSpec {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                    "field name must be a letter followed by letters, digits or underscores, got '" + name + "'");
        }
        if (grid == null) {
            throw new IllegalArgumentException("field '" + name + "' needs a grid");
        }
    }

    /** Number of values, {@code grid.size()}. */
    public int size() {
        return grid.size();
    }
}
