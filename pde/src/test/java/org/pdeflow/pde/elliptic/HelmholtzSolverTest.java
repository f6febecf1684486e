package org.pdeflow.pde.elliptic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pdeflow.pde.elliptic.PoissonSolverTest.maxError;
import static org.pdeflow.pde.elliptic.PoissonSolverTest.sample;

import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

class HelmholtzSolverTest {

    private static void assertSecondOrder(double k2) {
        // u = cos(2x + y) + x y^2: -Laplace u = 5 cos(2x + y) - 2x; f = -Laplace u - k^2 u. Nonzero Dirichlet data.
        DoubleBinaryOperator exact = (x, y) -> Math.cos(2 * x + y) + x * y * y;
        DoubleBinaryOperator source = (x, y) -> 5 * Math.cos(2 * x + y) - 2 * x - k2 * exact.applyAsDouble(x, y);
        ConvergenceCheck.assertSecondOrder("Helmholtz k^2=" + k2, new int[] {17, 33, 65, 129}, s -> {
            Grid2D grid = Grid2D.nodes(s, 1.0);
            double[] ue = sample(grid, exact);
            double[] u = new HelmholtzSolver(grid, k2).solve(sample(grid, source), ue);
            return maxError(u, ue);
        });
    }

    @Test
    void positiveKSquaredBelowFirstEigenvalueConverges() {
        assertTrue(new HelmholtzSolver(Grid2D.nodes(17, 1.0), 10.0).isPositiveDefinite());
        assertSecondOrder(10.0);
    }

    @Test
    void diffusionPdeConventionKSquaredMinusOneConverges() {
        // DiffusionPDE / FunDPS: -Laplace u + u = a, i.e. k^2 = -1.
        assertTrue(new HelmholtzSolver(Grid2D.nodes(17, 1.0), -1.0).isPositiveDefinite());
        assertSecondOrder(-1.0);
    }

    @Test
    void indefiniteCaseUsesLuAndConverges() {
        // k^2 = 35 lies between the eigenvalues 2 pi^2 ~ 19.7 and 5 pi^2 ~ 49.3: an indefinite system,
        // far enough from both that the resonance factor does not change with h (k^2 = 50, close to
        // 5 pi^2, shows ratios 2.6, 3.5, 3.8 because the discrete eigenvalue moves towards k^2 as h shrinks).
        assertFalse(new HelmholtzSolver(Grid2D.nodes(17, 1.0), 35.0).isPositiveDefinite());
        assertSecondOrder(35.0);
    }

    @Test
    void cubicIsExactInTheIndefiniteCase() {
        // -Laplace_h is exact on cubics and the k^2 u term is pointwise, so the discrete solution is
        // the exact one at the nodes; 1e-10 allows rounding amplified by the LU of an indefinite matrix.
        Grid2D grid = Grid2D.nodes(25, 2.0);
        double k2 = 30.0;
        DoubleBinaryOperator exact = (x, y) -> x * x * x - x * y * y + 2 * y - 1;
        DoubleBinaryOperator source = (x, y) -> -(6 * x - 2 * x) - k2 * exact.applyAsDouble(x, y);
        HelmholtzSolver solver = new HelmholtzSolver(grid, k2);
        assertFalse(solver.isPositiveDefinite());
        double[] ue = sample(grid, exact);
        double[] u = solver.solve(sample(grid, source), ue);
        assertTrue(maxError(u, ue) < 1e-10, "max error " + maxError(u, ue));
    }

    @Test
    void discreteEigenvalueIsRejected() {
        int s = 11;
        double h = 1.0 / (s - 1);
        double s1 = Math.sin(Math.PI * 1 * h / 2);
        double s2 = Math.sin(Math.PI * 2 * h / 2);
        double lambda12 = 4 * (s1 * s1 + s2 * s2) / (h * h);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new HelmholtzSolver(Grid2D.nodes(s, 1.0), lambda12));
        assertTrue(e.getMessage().contains("eigenvalue"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HelmholtzSolver(Grid2D.nodes(s, 1.0), Double.NaN));
    }
}
