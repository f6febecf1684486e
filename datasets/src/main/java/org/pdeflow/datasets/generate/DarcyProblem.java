package org.pdeflow.datasets.generate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The Darcy benchmark of the Fourier Neural Operator paper (Li et al., "Fourier neural operator for
 * parametric partial differential equations", ICLR 2021, sec. 5.2): {@code -div(a grad u) = 1} on
 * [0, 1]^2 with u = 0 on the boundary, on s x s nodes (boundary included, h = 1/(s-1)).
 *
 * <p>Each sample draws a = 12 where a Gaussian field N(0, (-Laplacian + 9 I)^(-2)) (zero Neumann
 * conditions, {@link GrfSpec#darcyFno()}) is &gt;= 0 and a = 3 elsewhere ({@link DarcyCoefficient}),
 * and solves for u with {@link DarcySolver} (conservative five-point finite differences, arithmetic
 * face averages, sparse Cholesky). Fields: {@code a} [s, s] and {@code u} [s, s], axes x, y.
 */
public final class DarcyProblem implements SampleProblem {

    private final int s;
    private final DarcyCoefficient coefficient;

    /** @param s nodes per axis, &gt;= 3 */
    public DarcyProblem(int s) {
        if (s < 3) {
            throw new IllegalArgumentException("Darcy resolution must be at least 3, got " + s);
        }
        this.s = s;
        this.coefficient = new DarcyCoefficient(s);
    }

    @Override
    public String preset() {
        return "darcy";
    }

    @Override
    public List<DatasetField> fields() {
        return List.of(
                new DatasetField("a", new int[] {s, s}, List.of("x", "y"), "permeability a(x, y), values 12 and 3"),
                new DatasetField(
                        "u",
                        new int[] {s, s},
                        List.of("x", "y"),
                        "pressure u(x, y) solving -div(a grad u) = 1, u = 0 on the boundary"));
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
        GrfSpec g = coefficient.field().spec();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("equation", "-div(a grad u) = f in (0,1)^2, u = 0 on the boundary");
        p.put("reference", "Li et al. 2021, Fourier neural operator for parametric PDEs, sec. 5.2");
        p.put("resolution", s);
        p.put("domain_length", 1.0);
        p.put("grid", "nodes, boundary included, h = 1/(s-1)");
        p.put("source_f", 1.0);
        p.put("coefficient", "a = a_high where GRF >= threshold, a_low elsewhere");
        p.put("a_high", coefficient.high());
        p.put("a_low", coefficient.low());
        p.put("threshold", coefficient.threshold());
        putGrf(p, g, "NeumannGaussianField: cosine (zero Neumann) basis on the nodes");
        p.put(
                "solver",
                "DarcySolver: conservative 5-point finite differences, arithmetic face averages, sparse Cholesky");
        return p;
    }

    static void putGrf(Map<String, Object> p, GrfSpec g, String sampler) {
        p.put("grf_covariance", "sigma^2 (-Laplacian + tau^2)^(-alpha)");
        p.put("grf_alpha", g.alpha());
        p.put("grf_tau", g.tau());
        p.put("grf_sigma", g.sigma());
        p.put("grf_zero_mean", g.zeroMean());
        p.put("grf_sampler", sampler);
    }

    @Override
    public Solver newSolver() {
        DarcySolver solver = new DarcySolver(Grid2D.nodes(s, 1.0));
        double[] f = new double[s * s];
        Arrays.fill(f, 1.0);
        return (rng, out) -> {
            coefficient.sample(rng, out[0]);
            solver.solve(out[0], f, null, out[1]);
        };
    }
}
