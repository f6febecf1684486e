package org.pdeflow.inverse.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.darcy.FaceAverage;
import org.pdeflow.pde.grid.Grid2D;

class DarcyForwardModelTest {

    private static final Grid2D GRID = Grid2D.nodes(17, 1.0);

    private static double[] smoothLogA(SplittableRandom rng) {
        double[] x = new double[GRID.size()];
        double c1 = rng.nextDouble(-0.8, 0.8);
        double c2 = rng.nextDouble(-0.8, 0.8);
        for (int i = 0; i < GRID.nx(); i++) {
            for (int j = 0; j < GRID.ny(); j++) {
                x[GRID.index(i, j)] =
                        c1 * Math.sin(2.5 * GRID.x(i) + 0.3) + c2 * Math.cos(3 * GRID.y(j)) + 0.1 * rng.nextGaussian();
            }
        }
        return x;
    }

    private static PointSampling scatteredPoints(SplittableRandom rng, int m) {
        double[] px = new double[m];
        double[] py = new double[m];
        for (int k = 0; k < m; k++) {
            px[k] = rng.nextDouble(0.05, 0.95);
            py[k] = rng.nextDouble(0.05, 0.95);
        }
        return PointSampling.of(GRID, px, py);
    }

    @Test
    void forwardEqualsSolverFollowedByObservation() {
        SplittableRandom rng = new SplittableRandom(3);
        GridSubsampling obs = new GridSubsampling(GRID, 4);
        DarcyForwardModel model = new DarcyForwardModel(obs, CoefficientParameterisation.LOG);
        double[] x = smoothLogA(rng);
        double[] a = CoefficientParameterisation.LOG.coefficient(x);
        double[] u = new DarcySolver(GRID).solve(a);
        // Same solver, same data: the model must add nothing but the exp and the sampling.
        assertArrayEquals(obs.apply(u), model.apply(x), 0.0);
        double[][] batch = model.applyBatch(new double[][] {x, smoothLogA(rng), x});
        assertArrayEquals(batch[0], batch[2], 0.0);
        assertArrayEquals(model.apply(x), batch[0], 0.0);
    }

    /**
     * The batched pullbacks run side by side (three threads, each on its own pooled solver) and must give each
     * row's own pullback to the bit, in input order, with the cotangent computed from that row's prediction.
     */
    @Test
    void batchedPullbacksAreEachRowsOwnInOrder() {
        SplittableRandom rng = new SplittableRandom(5);
        PointSampling points = scatteredPoints(rng, 12);
        DarcyForwardModel model = new DarcyForwardModel(
                points, CoefficientParameterisation.LOG, null, FaceAverage.ARITHMETIC, new BatchExecutor(3));
        double[][] xs = new double[5][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = smoothLogA(rng);
        }
        UnaryOperator<double[]> squared = pred -> {
            double[] w = new double[pred.length];
            for (int k = 0; k < w.length; k++) {
                w[k] = pred[k] * pred[k];
            }
            return w;
        };
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ForwardModel.Pullback[] batch = model.pullbackBatch(xs, pred -> {
            threads.add(Thread.currentThread().getName());
            return squared.apply(pred);
        });
        assertEquals(xs.length, batch.length);
        for (int i = 0; i < xs.length; i++) {
            ForwardModel.Pullback one = model.pullback(xs[i], squared);
            assertArrayEquals(one.predicted(), batch[i].predicted(), 0.0, "prediction " + i);
            assertArrayEquals(one.gradient(), batch[i].gradient(), 0.0, "gradient " + i);
        }
        assertTrue(threads.size() > 1, "ran on " + threads);
    }

    /**
     * The adjoint gradient against central finite differences of the misfit along random directions.
     * The misfit is smooth (u depends rationally on a), so with step 1e-5 the truncation error is
     * O(1e-10) relative and rounding about 1e-16 / 1e-5: agreement to 1e-6 relative is demanded.
     */
    @ParameterizedTest
    @EnumSource(FaceAverage.class)
    void adjointGradientMatchesFiniteDifferences(FaceAverage average) {
        SplittableRandom rng = new SplittableRandom(11 + average.ordinal());
        for (CoefficientParameterisation p : CoefficientParameterisation.values()) {
            PointSampling points = scatteredPoints(rng, 25);
            DarcyForwardModel model = new DarcyForwardModel(points, p, null, average, new BatchExecutor(1));
            double[] logA = smoothLogA(rng);
            double[] x =
                    p == CoefficientParameterisation.LOG ? logA : CoefficientParameterisation.LOG.coefficient(logA);
            double[] trueLogA = smoothLogA(rng);
            double[] clean = model.apply(
                    p == CoefficientParameterisation.LOG
                            ? trueLogA
                            : CoefficientParameterisation.LOG.coefficient(trueLogA));
            Observations obs = Observations.of(clean, 0.01);
            MisfitGradient mg = model.misfitAndGradient(x, obs);
            assertEquals(obs.misfit(model.apply(x)), mg.misfit(), 1e-12 * mg.misfit());
            for (int trial = 0; trial < 3; trial++) {
                double[] d = new double[x.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = rng.nextGaussian();
                }
                double h = 1e-5;
                double plus = obs.misfit(model.apply(axpy(x, h, d)));
                double minus = obs.misfit(model.apply(axpy(x, -h, d)));
                double fd = (plus - minus) / (2 * h);
                double adj = dot(mg.gradient(), d);
                assertEquals(fd, adj, 1e-6 * Math.abs(fd), p + " " + average + ": FD " + fd + " vs adjoint " + adj);
            }
            // vjp with an arbitrary cotangent: <w, G(x + h d)> differences.
            double[] w = new double[model.outputSize()];
            for (int k = 0; k < w.length; k++) {
                w[k] = rng.nextGaussian();
            }
            double[] d = new double[x.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian();
            }
            double h = 1e-5;
            double fd = (dot(w, model.apply(axpy(x, h, d))) - dot(w, model.apply(axpy(x, -h, d)))) / (2 * h);
            double adj = dot(model.vjp(x, w), d);
            // Rounding in the differences of <w, G> (|<w, G>| ~ 1) is about 1e-16 / h = 1e-11 absolute.
            assertEquals(fd, adj, 1e-6 * Math.abs(fd) + 1e-10, p + " " + average + " vjp: FD " + fd + " vs " + adj);
        }
    }

    @Test
    void identityParameterisationRejectsNonPositivePermeability() {
        DarcyForwardModel model =
                new DarcyForwardModel(new GridSubsampling(GRID, 2), CoefficientParameterisation.IDENTITY);
        double[] a = new double[GRID.size()];
        Arrays.fill(a, 1.0);
        a[40] = -1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.apply(a));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
        assertTrue(model.hasGradient());
    }

    static double[] axpy(double[] x, double h, double[] d) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += h * d[i];
        }
        return y;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
