package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.Locale;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.classical.VorticityQuasiInverse;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.observe.GridSubsampling;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.NavierStokesInverse;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;
import org.pdeflow.pde.progress.ProgressListener;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * The iterated quasi-inverse on ns-inverse (docs/results/ns64-4dvar, "Session 9"): from the quasi-inverse
 * first guess, {@code w0 += alpha [Q(F(w0) + I r) - Q(F(w0))]} with F the forward solve to T, Q the
 * quasi-inverse (a forward solve of -omega), r the residual at the readings and I their trigonometric
 * interpolation, i.e. simple backward integration of the residual (O'Connor et al. 2024, "Iterative methods for
 * Navier-Stokes inverse problems"); three solves per iteration, no adjoint. Optionally followed by 4D-Var
 * (ns-inverse's prior MAP, L-BFGS) from the result. Readings as {@code benchmark inverse} makes them for seed 0.
 *
 * <pre>
 * java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.NsIteratedQi \
 *     ns64.h5 field sigma iterations alpha [lbfgsIterations]
 * </pre>
 */
public final class NsIteratedQi {
    private NsIteratedQi() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int field = Integer.parseInt(args[1]);
        double sigma = Double.parseDouble(args[2]);
        int iterations = Integer.parseInt(args[3]);
        double alpha = Double.parseDouble(args[4]);
        NsCase c = NsCase.of(file, field, sigma, 0);
        double[] truth = c.truth();
        ProblemDefinition definition = c.definition();
        InverseProblem problem = c.problem();
        try (NavierStokesModel model = c.model()) {
            NavierStokes2D eq = model.equation();
            double step = model.maxStep();
            double t = model.endTime();
            GridSubsampling op = (GridSubsampling) model.observation();
            double[] y = problem.observations().values();
            VorticityQuasiInverse qi = new VorticityQuasiInverse(eq, t, step);
            ImexCrankNicolsonHeun integ = ImexCrankNicolsonHeun.fixedStep(step);
            double[] w = qi.estimate(op, y);
            double[] hf = new double[y.length];
            for (int it = 0; it <= iterations; it++) {
                long t0 = System.nanoTime();
                double[] f = integ.integrate(eq, w, new double[] {t}, ProgressListener.NONE)[0];
                op.apply(f, hf);
                double[] r = new double[y.length];
                double chi = 0;
                for (int i = 0; i < y.length; i++) {
                    r[i] = y[i] - hf[i];
                    chi += r[i] * r[i] / (sigma * sigma);
                }
                System.out.printf(
                        Locale.ROOT,
                        "it %d rel %.4f chi2/M %.2f%n",
                        it,
                        FieldStatistics.relativeL2(w, truth),
                        chi / y.length);
                if (it == iterations) {
                    break;
                }
                double[] ir = VorticityQuasiInverse.interpolate(op, r);
                double[] fr = f.clone();
                for (int i = 0; i < fr.length; i++) {
                    fr[i] += ir[i];
                }
                double[] a = qi.estimate(fr);
                double[] b = qi.estimate(f);
                for (int i = 0; i < w.length; i++) {
                    w[i] += alpha * (a[i] - b[i]);
                }
                System.out.printf(Locale.ROOT, "  %.1f s%n", (System.nanoTime() - t0) * 1e-9);
            }
            int lbfgs = args.length > 5 ? Integer.parseInt(args[5]) : 0;
            if (lbfgs > 0) {
                long t0 = System.nanoTime();
                GaussianPrior prior = NavierStokesInverse.grfPrior(problem.unknowns());
                double[] start = w.clone();
                for (int i = 0; i < start.length; i++) {
                    start[i] /= model.scale();
                }
                Reconstruction rec = new PriorMapInversion(1.0, Lbfgs.defaults().withMaxIterations(lbfgs), 0.0)
                        .invert(problem, prior, start, null);
                System.out.printf(
                        Locale.ROOT,
                        "4D-Var %d its: rel %.4f stats %s %.0f s%n",
                        lbfgs,
                        FieldStatistics.relativeL2(times(rec.mean(), model.scale()), truth),
                        rec.statistics(),
                        (System.nanoTime() - t0) * 1e-9);
            }
        }
    }

    private static double[] times(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s;
        }
        return out;
    }
}
