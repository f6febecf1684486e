package org.pdeflow.datasets.generate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.pde.elliptic.HelmholtzSolver;
import org.pdeflow.pde.elliptic.PoissonSolver;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The Poisson and Helmholtz tasks of DiffusionPDE (Huang et al., "DiffusionPDE: generative
 * PDE-solving under partial observation", NeurIPS 2024): a random source a and the solution u of
 * <pre>
 *   Poisson:     -Laplace u     = a   in (0, 1)^2,   u = 0 on the boundary,
 *   Helmholtz:   -Laplace u + u = a   in (0, 1)^2,   u = 0 on the boundary
 * </pre>
 * on s x s nodes (boundary included), by five-point finite differences ({@link PoissonSolver},
 * resp. {@link HelmholtzSolver} with k^2 = -1).
 *
 * <p>The source is a Gaussian random field on the nodes, {@link NeumannGaussianField} with the
 * FNO Darcy covariance {@link GrfSpec#darcyFno()} (sigma^2 (-Laplacian + 9)^(-2), sigma = 3, zero
 * mean), not thresholded. This is pdeflow's documented choice of the source distribution; the
 * DiffusionPDE paper describes its sources only as random fields. Fields: {@code a} and {@code u},
 * both [s, s], axes x, y.
 */
public final class SourceProblem implements SampleProblem {

    private final String preset;
    private final int s;
    private final double kSquared;
    private final NeumannGaussianField source;

    private SourceProblem(String preset, int s, double kSquared, GrfSpec spec) {
        if (s < 3) {
            throw new IllegalArgumentException(preset + " resolution must be at least 3, got " + s);
        }
        this.preset = preset;
        this.s = s;
        this.kSquared = kSquared;
        this.source = new NeumannGaussianField(Grid2D.nodes(s, 1.0), spec);
    }

    /** -Laplace u = a with the default source distribution. */
    public static SourceProblem poisson(int s) {
        return new SourceProblem("poisson", s, 0.0, GrfSpec.darcyFno());
    }

    /** -Laplace u + u = a with the default source distribution. */
    public static SourceProblem helmholtz(int s) {
        return new SourceProblem("helmholtz", s, -1.0, GrfSpec.darcyFno());
    }

    /** The k^2 of -Laplace u - k^2 u = a: 0 for Poisson, -1 for the DiffusionPDE Helmholtz task. */
    public double kSquared() {
        return kSquared;
    }

    @Override
    public String preset() {
        return preset;
    }

    @Override
    public List<DatasetField> fields() {
        String eq = kSquared == 0 ? "-Laplace u = a" : "-Laplace u + u = a";
        return List.of(
                new DatasetField("a", new int[] {s, s}, List.of("x", "y"), "source a(x, y), a Gaussian random field"),
                new DatasetField(
                        "u",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "solution u(x, y) of " + eq + ", u = 0 on the boundary"));
    }

    @Override
    public List<Coordinate> coordinates() {
        double[] c = Coordinate.nodes(s, 1.0);
        return List.of(
                new Coordinate("x", c, "node abscissa, first array axis (dimensionless, [0, 1])"),
                new Coordinate("y", c.clone(), "node ordinate, second array axis (dimensionless, [0, 1])"));
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "equation",
                (kSquared == 0 ? "-Laplace u = a" : "-Laplace u + u = a") + " in (0,1)^2, u = 0 on the boundary");
        p.put("reference", "Huang et al. 2024, DiffusionPDE: generative PDE-solving under partial observation");
        p.put("resolution", s);
        p.put("domain_length", 1.0);
        p.put("grid", "nodes, boundary included, h = 1/(s-1)");
        p.put("k_squared", kSquared);
        DarcyProblem.putGrf(p, source.spec(), "NeumannGaussianField: cosine (zero Neumann) basis on the nodes");
        p.put(
                "solver",
                kSquared == 0
                        ? "PoissonSolver: 5-point finite differences, sparse Cholesky"
                        : "HelmholtzSolver(k^2 = -1): 5-point finite differences, sparse Cholesky");
        return p;
    }

    @Override
    public Solver newSolver() {
        Grid2D grid = Grid2D.nodes(s, 1.0);
        if (kSquared == 0) {
            PoissonSolver solver = new PoissonSolver(grid);
            return (rng, out) -> {
                source.sample(rng, out[0]);
                solver.solve(out[0], null, out[1]);
            };
        }
        HelmholtzSolver solver = new HelmholtzSolver(grid, kSquared);
        return (rng, out) -> {
            source.sample(rng, out[0]);
            solver.solve(out[0], null, out[1]);
        };
    }
}
