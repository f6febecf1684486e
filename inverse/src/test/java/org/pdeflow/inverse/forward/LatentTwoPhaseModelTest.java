package org.pdeflow.inverse.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.pde.darcy.FaceAverage;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The smoothed latent two-phase map xi -&gt; a(L xi) -&gt; readings of the Darcy pressure: its
 * gradient against finite differences, its limit (the thresholded field of the data's generator),
 * and that it draws the data's coefficients from standard normal xi.
 */
class LatentTwoPhaseModelTest {

    private static final Grid2D GRID = Grid2D.nodes(17, 1.0);
    private static final LatentTwoPhasePrior FNO = LatentTwoPhasePrior.FNO_DARCY;

    private static PointSampling points(SplittableRandom rng, int m) {
        double[] px = new double[m];
        double[] py = new double[m];
        for (int k = 0; k < m; k++) {
            px[k] = rng.nextDouble(0.05, 0.95);
            py[k] = rng.nextDouble(0.05, 0.95);
        }
        return PointSampling.of(GRID, px, py);
    }

    private static double[] normals(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        return x;
    }

    private static double rmsStd(NeumannGaussianField field) {
        double s = 0;
        for (double v : field.pointwiseVariance()) {
            s += v;
        }
        return Math.sqrt(s / GRID.size());
    }

    /**
     * The chain-rule gradient (sigmoid, colouring, the solver's adjoint, for both a and log a inner
     * unknowns) against central differences along random directions at a prior draw of xi, with
     * Richardson extrapolation over steps h and h/2 (error O(h^4)): agreement to 1e-6 relative.
     */
    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(21);
        NeumannGaussianField field = FNO.field(GRID);
        double eps = 0.1 * rmsStd(field);
        for (CoefficientParameterisation p : CoefficientParameterisation.values()) {
            DarcyForwardModel darcy = new DarcyForwardModel(points(rng, 30), p);
            LatentTwoPhaseModel model =
                    new LatentTwoPhaseModel(darcy, field, FNO.threshold(), FNO.low(), FNO.high(), eps);
            assertEquals("xi", model.unknowns().names().get(0));
            double[] xi = normals(rng, GRID.size());
            Observations obs = Observations.of(model.apply(normals(rng, GRID.size())), 1e-3);
            MisfitGradient mg = model.misfitAndGradient(xi, obs);
            assertEquals(obs.misfit(model.apply(xi)), mg.misfit(), 1e-12 * mg.misfit());
            double[] w = normals(rng, model.outputSize());
            double[] vjp = model.vjp(xi, w);
            for (int trial = 0; trial < 3; trial++) {
                double[] d = normals(rng, GRID.size());
                double h = 1e-4;
                double fdMisfit = richardson(h, t -> obs.misfit(model.apply(axpy(xi, t, d))));
                double adjMisfit = dot(mg.gradient(), d);
                assertEquals(
                        fdMisfit, adjMisfit, 1e-6 * Math.abs(fdMisfit), p + ": FD " + fdMisfit + " vs " + adjMisfit);
                double fd = richardson(h, t -> dot(w, model.apply(axpy(xi, t, d))));
                double adj = dot(vjp, d);
                assertEquals(fd, adj, 1e-6 * Math.abs(fd), p + " vjp: FD " + fd + " vs " + adj);
            }
        }
    }

    /** As eps shrinks, a(L xi) becomes the generator's thresholded field away from the interface. */
    @Test
    void smallWidthGivesTheThresholdedField() {
        SplittableRandom rng = new SplittableRandom(4);
        NeumannGaussianField field = FNO.field(GRID);
        double std = rmsStd(field);
        DarcyForwardModel darcy = new DarcyForwardModel(points(rng, 5), CoefficientParameterisation.LOG);
        LatentTwoPhaseModel model = new LatentTwoPhaseModel(darcy, field, 0.0, 3.0, 12.0, 1e-3 * std);
        double[] xi = normals(rng, GRID.size());
        double[] z = model.latent(xi);
        double[] thresholded = FNO.coefficient(z);
        double[] a = model.coefficient(xi);
        int compared = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(z[i]) > 0.05 * std) {
                // s(50) differs from 1 by e^-50.
                assertEquals(thresholded[i], a[i], 1e-12, "node " + i);
                compared++;
            }
        }
        assertTrue(compared > 0.8 * a.length, compared + " nodes away from the interface");
        assertArrayEquals(
                CoefficientParameterisation.LOG.parameter(a), model.innerUnknowns(xi), 0.0, "log a for the LOG model");
    }

    /**
     * Standard normal xi through the colouring and the threshold is the data generator itself: the same
     * normals give the {@link DarcyCoefficient} sample of the same seed.
     */
    @Test
    void standardNormalsGiveTheGeneratorsCoefficient() {
        double[] generated = new DarcyCoefficient(17).sample(new SplittableRandom(8));
        double[] xi = normals(new SplittableRandom(8), GRID.size());
        double[] z = new double[xi.length];
        FNO.field(GRID).colour(xi, z);
        assertArrayEquals(generated, FNO.coefficient(z), 0.0);
    }

    /**
     * The one-solve pullback and the batched ones (the inner Darcy model on two threads) against apply and vjp, the
     * two-solve definition, to the bit; and the batched forward against apply.
     */
    @Test
    void pullbacksAndBatchesAreApplyAndVjp() {
        SplittableRandom rng = new SplittableRandom(6);
        NeumannGaussianField field = FNO.field(GRID);
        DarcyForwardModel darcy = new DarcyForwardModel(
                points(rng, 7), CoefficientParameterisation.LOG, null, FaceAverage.ARITHMETIC, new BatchExecutor(2));
        LatentTwoPhaseModel model = new LatentTwoPhaseModel(darcy, field, 0.0, 3.0, 12.0, 0.3 * rmsStd(field));
        double[][] xis = {normals(rng, GRID.size()), normals(rng, GRID.size()), normals(rng, GRID.size())};
        UnaryOperator<double[]> doubled = pred -> {
            double[] w = pred.clone();
            for (int k = 0; k < w.length; k++) {
                w[k] *= 2;
            }
            return w;
        };
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ForwardModel.Pullback[] batch = model.pullbackBatch(xis, pred -> {
            threads.add(Thread.currentThread().getName());
            return doubled.apply(pred);
        });
        assertTrue(threads.size() > 1, "the inner batch ran on " + threads);
        double[][] forward = model.applyBatch(xis);
        for (int i = 0; i < xis.length; i++) {
            double[] predicted = model.apply(xis[i]);
            double[] gradient = model.vjp(xis[i], doubled.apply(predicted));
            ForwardModel.Pullback one = model.pullback(xis[i], doubled);
            assertArrayEquals(predicted, one.predicted(), 0.0);
            assertArrayEquals(gradient, one.gradient(), 0.0);
            assertArrayEquals(predicted, batch[i].predicted(), 0.0);
            assertArrayEquals(gradient, batch[i].gradient(), 0.0);
            assertArrayEquals(predicted, forward[i], 0.0);
        }
    }

    @Test
    void rejectsBadArguments() {
        NeumannGaussianField field = FNO.field(GRID);
        DarcyForwardModel darcy =
                new DarcyForwardModel(points(new SplittableRandom(1), 3), CoefficientParameterisation.LOG);
        assertThrows(IllegalArgumentException.class, () -> new LatentTwoPhaseModel(darcy, field, 0, 3, 12, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new LatentTwoPhaseModel(darcy, field, 0, 12, 3, 0.1));
        NeumannGaussianField other = FNO.field(Grid2D.nodes(9, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new LatentTwoPhaseModel(darcy, other, 0, 3, 12, 0.1));
    }

    private static double richardson(double h, DoubleUnaryOperator f) {
        double coarse = (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
        double fine = (f.applyAsDouble(h / 2) - f.applyAsDouble(-h / 2)) / h;
        return (4 * fine - coarse) / 3;
    }

    private static double[] axpy(double[] x, double h, double[] d) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += h * d[i];
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
