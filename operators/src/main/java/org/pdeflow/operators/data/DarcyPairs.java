package org.pdeflow.operators.data;

import java.util.List;
import java.util.SplittableRandom;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Darcy (a, u) pairs generated in-process with pdeflow's reference solver, the benchmark of Li et
 * al. 2021 (section 5.2): a thresholded Gaussian random field with values {12, 3}
 * ({@link DarcyCoefficient}) and u solving -div(a grad u) = 1 on the unit square with u = 0 on the
 * boundary ({@link DarcySolver}), both on s x s nodes.
 */
public final class DarcyPairs {

    private DarcyPairs() {}

    /**
     * Generates pairs; sample k uses the k-th split of {@code SplittableRandom(seed)}, so a data set
     * is reproducible from (n, s, seed).
     *
     * @param n number of pairs, positive
     * @param s nodes per side, at least 3
     * @param seed random seed
     * @param progress receives (samples done, n)
     * @return the pairs, channels "a" -> "u"
     */
    public static FieldPairs generate(int n, int s, long seed, ProgressListener progress) {
        if (n < 1 || s < 3) {
            throw new IllegalArgumentException("need n >= 1 samples on s >= 3 nodes, got n = " + n + ", s = " + s);
        }
        DarcyCoefficient coefficient = new DarcyCoefficient(s);
        DarcySolver solver = new DarcySolver(Grid2D.nodes(s, 1.0));
        SplittableRandom root = new SplittableRandom(seed);
        int points = s * s;
        float[] a = new float[n * points];
        float[] u = new float[n * points];
        double[] field = new double[points];
        for (int k = 0; k < n; k++) {
            coefficient.sample(root.split(), field);
            double[] sol = solver.solve(field);
            for (int p = 0; p < points; p++) {
                a[k * points + p] = (float) field[p];
                u[k * points + p] = (float) sol[p];
            }
            progress.progress(k + 1, n);
        }
        return new FieldPairs(a, u, List.of("a"), List.of("u"), s, s);
    }
}
