package org.pdeflow.pde.elliptic;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.csc.decomposition.chol.CholeskyUpLooking_DSCC;
import org.ejml.sparse.csc.misc.TriangularSolver_DSCC;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Not a unit test (no assertions on time): the measurement behind the choice of linear solver in
 * {@link DarcySolver}, {@link PoissonSolver} and {@link HelmholtzSolver}. Compares, for the Darcy
 * system with a piecewise-constant {12, 3} permeability,
 * <ol>
 *   <li>nested-dissection ordered sparse Cholesky with locked symbolic structure (the solvers' method),</li>
 *   <li>EJML sparse Cholesky in the natural row-major order (banded fill),</li>
 *   <li>conjugate gradients preconditioned by incomplete Cholesky IC(0), relative residual 1e-10,</li>
 * </ol>
 * printing medians over repeated runs after warm-up, then the per-solve cost of {@link PoissonSolver}
 * and {@link HelmholtzSolver}. Run after {@code ./mvnw -q -pl pde test-compile} with
 * {@code ./mvnw -q -pl pde dependency:build-classpath -Dmdep.outputFile=cp.txt} and
 * {@code java -cp pde/target/classes:pde/target/test-classes:$(cat cp.txt)
 * org.pdeflow.pde.elliptic.EllipticSolverBenchmark [sizes...]} (one command line).
 */
public final class EllipticSolverBenchmark {

    private EllipticSolverBenchmark() {}

    public static void main(String[] args) {
        int[] sizes = args.length == 0
                ? new int[] {64, 128, 256}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("   s | ND-Chol assemble factor solve | ND-Chol total | natural-order Chol factor+solve"
                + " | IC(0)-PCG rtol 1e-10 | max|u_ND - u_natural| / |u_ND - u_PCG|");
        for (int s : sizes) {
            run(s);
        }
        for (int s : sizes) {
            runConstant(s);
        }
    }

    /**
     * One size: the three methods are run alternately within each repetition, so that load from
     * other processes on a shared machine hits them alike; medians of wall time and of thread CPU
     * time are printed.
     */
    private static void run(int s) {
        Grid2D grid = Grid2D.nodes(s, 1.0);
        double[] a = layeredPermeability(grid, 42L);
        int reps = s >= 256 ? 7 : 15;
        int warm = s >= 256 ? 2 : 10;
        boolean withNatural = true;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();

        DarcySolver darcy = new DarcySolver(grid);
        IncompleteCholeskyCg pcg = new IncompleteCholeskyCg(grid);
        DMatrixSparseCSC natural = naturalOrderMatrix(grid, a);
        CholeskyUpLooking_DSCC chol = new CholeskyUpLooking_DSCC();
        int m = s - 2;
        double[] x = new double[m * m];
        double[] u = null;
        double[] up = null;
        long[] asm = new long[reps];
        long[] fac = new long[reps];
        long[] sol = new long[reps];
        long[] tot = new long[reps];
        long[] totCpu = new long[reps];
        long[] nat = new long[reps];
        long[] natCpu = new long[reps];
        long[] cg = new long[reps];
        long[] cgCpu = new long[reps];
        for (int r = -warm; r < reps; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            u = darcy.solve(a);
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            up = pcg.solve(a, 1e-10);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            boolean runNatural = withNatural && (s < 256 || r >= reps - 3);
            if (runNatural) {
                if (!chol.decompose(natural)) {
                    throw new IllegalStateException("natural Cholesky failed");
                }
                chol.setStructureLocked(true);
                Arrays.fill(x, 1.0);
                TriangularSolver_DSCC.solveL(chol.getL(), x);
                TriangularSolver_DSCC.solveTranL(chol.getL(), x);
            }
            long t3 = System.nanoTime();
            long c3 = cpu.getCurrentThreadCpuTime();
            if (r >= 0) {
                SolveTimings t = darcy.lastTimings();
                asm[r] = t.assemblyNanos();
                fac[r] = t.factorNanos();
                sol[r] = t.solveNanos();
                tot[r] = t1 - t0;
                totCpu[r] = c1 - c0;
                cg[r] = t2 - t1;
                cgCpu[r] = c2 - c1;
                nat[r] = runNatural ? t3 - t2 : Long.MAX_VALUE;
                natCpu[r] = runNatural ? c3 - c2 : Long.MAX_VALUE;
            }
        }
        double diffNatural = 0;
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= m; j++) {
                diffNatural = Math.max(diffNatural, Math.abs(u[grid.index(i, j)] - x[(i - 1) * m + (j - 1)]));
            }
        }
        double diffCg = 0;
        for (int k = 0; k < u.length; k++) {
            diffCg = Math.max(diffCg, Math.abs(u[k] - up[k]));
        }
        System.out.printf(
                "%4d | %7.3f ms %7.2f ms %6.2f ms | %7.2f ms (cpu %7.2f) | %8.2f ms (cpu %8.2f) nnzL %d vs ND %d"
                        + " | %7.2f ms (cpu %7.2f) %d it | %.1e / %.1e%n",
                s,
                ms(asm),
                ms(fac),
                ms(sol),
                ms(tot),
                ms(totCpu),
                msFinite(nat),
                msFinite(natCpu),
                chol.getL().nz_length,
                ndFill(darcy),
                ms(cg),
                ms(cgCpu),
                pcg.iterations,
                diffNatural,
                diffCg);
    }

    private static double msFinite(long[] nanos) {
        return ms(Arrays.stream(nanos).filter(v -> v != Long.MAX_VALUE).toArray());
    }

    private static long ndFill(DarcySolver darcy) {
        SparseFactorization f = SparseFactorization.cholesky();
        f.factor(darcy.system().matrix());
        return f.factorEntries();
    }

    private static void runConstant(int s) {
        Grid2D grid = Grid2D.nodes(s, 1.0);
        long c0 = System.nanoTime();
        PoissonSolver poisson = new PoissonSolver(grid);
        long c1 = System.nanoTime();
        HelmholtzSolver helmholtz = new HelmholtzSolver(grid, 400.0);
        long c2 = System.nanoTime();
        double[] f = new double[grid.size()];
        Arrays.fill(f, 1.0);
        int reps = 11;
        long[] pt = new long[reps];
        long[] ps = new long[reps];
        long[] ht = new long[reps];
        long[] hs = new long[reps];
        for (int r = -3; r < reps; r++) {
            long t0 = System.nanoTime();
            poisson.solve(f);
            long t1 = System.nanoTime();
            helmholtz.solve(f);
            long t2 = System.nanoTime();
            if (r >= 0) {
                pt[r] = t1 - t0;
                ps[r] = poisson.lastTimings().sparseSolveNanos();
                ht[r] = t2 - t1;
                hs[r] = helmholtz.lastTimings().sparseSolveNanos();
            }
        }
        System.out.printf(
                "%4d | Poisson setup %.1f ms, solve %.2f ms (triangular %.2f ms)"
                        + " | Helmholtz k2=400 (LU) setup %.1f ms, solve %.2f ms (triangular %.2f ms)%n",
                s, (c1 - c0) * 1e-6, ms(pt), ms(ps), (c2 - c1) * 1e-6, ms(ht), ms(hs));
    }

    /** Thresholded random smooth field: 12 where positive, 3 elsewhere (like the FNO Darcy inputs). */
    static double[] layeredPermeability(Grid2D grid, long seed) {
        Random rnd = new Random(seed);
        int modes = 6;
        double[][] c = new double[modes][modes];
        for (double[] row : c) {
            for (int k = 0; k < modes; k++) {
                row[k] = rnd.nextGaussian();
            }
        }
        double[] a = new double[grid.size()];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                double v = 0;
                for (int p = 0; p < modes; p++) {
                    for (int q = 0; q < modes; q++) {
                        v += c[p][q]
                                / (1 + p * p + q * q)
                                * Math.cos(Math.PI * p * grid.x(i))
                                * Math.cos(Math.PI * q * grid.y(j));
                    }
                }
                a[grid.index(i, j)] = v > 0 ? 12.0 : 3.0;
            }
        }
        return a;
    }

    private static DMatrixSparseCSC naturalOrderMatrix(Grid2D grid, double[] a) {
        int s = grid.nx();
        int m = s - 2;
        double h2 = 1.0 / (grid.dx() * grid.dx());
        DMatrixSparseTriplet t = new DMatrixSparseTriplet(m * m, m * m, 3 * m * m);
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= m; j++) {
                int g = grid.index(i, j);
                int p = (i - 1) * m + (j - 1);
                double e = 0.5 * (a[g] + a[g + s]) * h2;
                double w = 0.5 * (a[g] + a[g - s]) * h2;
                double n = 0.5 * (a[g] + a[g + 1]) * h2;
                double so = 0.5 * (a[g] + a[g - 1]) * h2;
                t.addItem(p, p, e + w + n + so);
                if (i > 1) {
                    t.addItem(p - m, p, -w);
                }
                if (j > 1) {
                    t.addItem(p - 1, p, -so);
                }
            }
        }
        return DConvertMatrixStruct.convert(t, (DMatrixSparseCSC) null);
    }

    private static double ms(long[] nanos) {
        long[] c = nanos.clone();
        Arrays.sort(c);
        return c[c.length / 2] * 1e-6;
    }

    /** IC(0)-preconditioned CG on the Darcy five-point system, natural order, grid arrays. */
    static final class IncompleteCholeskyCg {
        private final int s;
        private final int m;
        private final double h2;
        private final double[] ce;
        private final double[] cn;
        private final double[] diag;
        private final double[] d;
        private final double[] x;
        private final double[] r;
        private final double[] z;
        private final double[] p;
        private final double[] q;
        int iterations;

        IncompleteCholeskyCg(Grid2D grid) {
            s = grid.nx();
            m = s - 2;
            h2 = 1.0 / (grid.dx() * grid.dx());
            int n = m * m;
            ce = new double[n];
            cn = new double[n];
            diag = new double[n];
            d = new double[n];
            x = new double[n];
            r = new double[n];
            z = new double[n];
            p = new double[n];
            q = new double[n];
        }

        double[] solve(double[] a, double rtol) {
            int n = m * m;
            for (int i = 1; i <= m; i++) {
                for (int j = 1; j <= m; j++) {
                    int g = i * s + j;
                    int k = (i - 1) * m + (j - 1);
                    double e = 0.5 * (a[g] + a[g + s]) * h2;
                    double w = 0.5 * (a[g] + a[g - s]) * h2;
                    double no = 0.5 * (a[g] + a[g + 1]) * h2;
                    double so = 0.5 * (a[g] + a[g - 1]) * h2;
                    ce[k] = i < m ? e : 0;
                    cn[k] = j < m ? no : 0;
                    diag[k] = e + w + no + so;
                }
            }
            for (int k = 0; k < n; k++) {
                double v = diag[k];
                if (k >= m) {
                    v -= ce[k - m] * ce[k - m] / d[k - m];
                }
                if (k % m != 0) {
                    v -= cn[k - 1] * cn[k - 1] / d[k - 1];
                }
                d[k] = v;
            }
            Arrays.fill(x, 0);
            Arrays.fill(r, 1.0);
            double bnorm = Math.sqrt(n);
            precondition(r, z);
            System.arraycopy(z, 0, p, 0, n);
            double rz = dot(r, z);
            iterations = 0;
            while (Math.sqrt(dot(r, r)) > rtol * bnorm && iterations < 10 * n) {
                apply(p, q);
                double alpha = rz / dot(p, q);
                for (int k = 0; k < n; k++) {
                    x[k] += alpha * p[k];
                    r[k] -= alpha * q[k];
                }
                precondition(r, z);
                double rzNew = dot(r, z);
                double beta = rzNew / rz;
                rz = rzNew;
                for (int k = 0; k < n; k++) {
                    p[k] = z[k] + beta * p[k];
                }
                iterations++;
            }
            double[] u = new double[s * s];
            for (int i = 1; i <= m; i++) {
                System.arraycopy(x, (i - 1) * m, u, i * s + 1, m);
            }
            return u;
        }

        private void apply(double[] v, double[] out) {
            int n = m * m;
            for (int k = 0; k < n; k++) {
                double acc = diag[k] * v[k];
                if (k >= m) {
                    acc -= ce[k - m] * v[k - m];
                }
                if (k + m < n) {
                    acc -= ce[k] * v[k + m];
                }
                if (k % m != 0) {
                    acc -= cn[k - 1] * v[k - 1];
                }
                if ((k + 1) % m != 0) {
                    acc -= cn[k] * v[k + 1];
                }
                out[k] = acc;
            }
        }

        private void precondition(double[] rr, double[] out) {
            int n = m * m;
            for (int k = 0; k < n; k++) {
                double v = rr[k];
                if (k >= m) {
                    v += ce[k - m] * out[k - m];
                }
                if (k % m != 0) {
                    v += cn[k - 1] * out[k - 1];
                }
                out[k] = v / d[k];
            }
            for (int k = n - 1; k >= 0; k--) {
                double v = 0;
                if (k + m < n) {
                    v += ce[k] * out[k + m];
                }
                if ((k + 1) % m != 0) {
                    v += cn[k] * out[k + 1];
                }
                out[k] += v / d[k];
            }
        }

        private static double dot(double[] u, double[] v) {
            double acc = 0;
            for (int k = 0; k < u.length; k++) {
                acc += u[k] * v[k];
            }
            return acc;
        }
    }
}
