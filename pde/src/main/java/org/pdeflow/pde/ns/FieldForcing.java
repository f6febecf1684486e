package org.pdeflow.pde.ns;

import org.pdeflow.pde.grid.Grid2D;

/** Forcing given by its values on one grid. */
final class FieldForcing implements Forcing {

    private final double[] gridValues;

    /** @param gridValues values on the grid, owned by this object (the caller passes a copy) */
    FieldForcing(double[] gridValues) {
        this.gridValues = gridValues;
    }

    @Override
    public double[] values(Grid2D grid) {
        if (gridValues.length != grid.size()) {
            throw new IllegalArgumentException(
                    "forcing field has " + gridValues.length + " values but the grid has " + grid.size() + " points");
        }
        return gridValues.clone();
    }

    @Override
    public String toString() {
        return "field forcing (" + gridValues.length + " values)";
    }
}
