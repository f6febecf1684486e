package org.pdeflow.pde.elliptic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class PoissonSolverTest {

    /** Samples g on every node (the solver reads only the boundary nodes). */
    static double[] sample(Grid2D grid, DoubleBinaryOperator g) {
        double[] v = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                v[grid.index(i, j)] = g.applyAsDouble(grid.x(i), grid.y(j));
            }
        }
        return v;
    }

    static double maxError(double[] u, double[] exact) {
        double e = 0;
        for (int k = 0; k < u.length; k++) {
            e = Math.max(e, Math.abs(u[k] - exact[k]));
        }
        return e;
    }

    @Test
    void manufacturedSolutionWithDirichletDataConvergesAtSecondOrder() {
        // u = exp(x) sin(y) + x^2, -Laplace u = -2 (exp(x) sin(y) is harmonic); domain [0, 1.5]^2.
        DoubleBinaryOperator exact = (x, y) -> Math.exp(x) * Math.sin(y) + x * x;
        ConvergenceCheck.assertSecondOrder("Poisson exp(x)sin(y)+x^2 on [0,1.5]^2", new int[] {17, 33, 65, 129}, s -> {
            Grid2D grid = Grid2D.nodes(s, 1.5);
            double[] ue = sample(grid, exact);
            double[] u = new PoissonSolver(grid).solve(sample(grid, (x, y) -> -2.0), ue);
            return maxError(u, ue);
        });
    }

    @Test
    void cubicPolynomialIsReproducedExactly() {
        // The five-point Laplacian is exact on cubics, so the discrete solution equals u at the nodes
        // up to rounding: an independent check of the boundary terms on a rectangle with dx != dy.
        // Tolerance 1e-11: rounding of a solve with condition number ~ 1e3 on values of size ~ 10.
        Grid2D grid = new Grid2D(21, 13, 2.0, 1.0, Layout.NODE);
        DoubleBinaryOperator exact = (x, y) -> x * x * x + x * x * y - 2 * y * y * y + 3 * x * y + 1;
        DoubleBinaryOperator minusLaplacian = (x, y) -> -(6 * x + 2 * y - 12 * y);
        double[] ue = sample(grid, exact);
        PoissonSolver solver = new PoissonSolver(grid);
        double[] u = solver.solve(sample(grid, minusLaplacian), ue);
        assertTrue(maxError(u, ue) < 1e-11, "max error " + maxError(u, ue));
        double[] r = solver.residual(u, sample(grid, minusLaplacian));
        assertTrue(maxError(r, new double[r.length]) < 1e-8, "residual");
    }

    @Test
    void homogeneousOverloadEqualsZeroBoundaryArray() {
        Grid2D grid = Grid2D.nodes(19, 1.0);
        PoissonSolver solver = new PoissonSolver(grid);
        double[] f = sample(grid, (x, y) -> Math.sin(3 * x) + y);
        assertEquals(0.0, maxError(solver.solve(f), solver.solve(f, new double[grid.size()])));
    }

    @Test
    void rejectsBadInput() {
        Grid2D grid = Grid2D.nodes(9, 1.0);
        PoissonSolver solver = new PoissonSolver(grid);
        assertThrows(IllegalArgumentException.class, () -> solver.solve(new double[80]));
        assertThrows(IllegalArgumentException.class, () -> solver.solve(null));
        double[] f = new double[81];
        f[40] = Double.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> solver.solve(f));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PoissonSolver(Grid2D.periodic(8, 1.0)));
    }

    @Test
    void tinyGridsWithoutUnknownsReturnTheBoundary() {
        Grid2D grid = Grid2D.nodes(2, 1.0);
        double[] g = {1, 2, 3, 4};
        assertEquals(0.0, maxError(new PoissonSolver(grid).solve(new double[4], g), g));
    }
}
