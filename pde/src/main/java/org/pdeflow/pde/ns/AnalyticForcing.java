package org.pdeflow.pde.ns;

import java.util.function.DoubleBinaryOperator;
import org.pdeflow.pde.grid.Grid2D;

/** Forcing given by a formula f(x, y), sampled at the grid points. */
final class AnalyticForcing implements Forcing {

    private final String description;
    private final DoubleBinaryOperator formula;

    AnalyticForcing(String description, DoubleBinaryOperator formula) {
        this.description = description;
        this.formula = formula;
    }

    @Override
    public double[] values(Grid2D grid) {
        double[] f = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            double x = grid.x(i);
            for (int j = 0; j < grid.ny(); j++) {
                f[grid.index(i, j)] = formula.applyAsDouble(x, grid.y(j));
            }
        }
        return f;
    }

    @Override
    public String toString() {
        return description;
    }
}
