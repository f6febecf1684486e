package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.pdeflow.inverse.classical.EnsembleKalmanInversion;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * What an ensemble drawn from the data's own distribution can do on ns-inverse (docs/results/ns64-enkg,
 * "Session 9"): the members are omega0 fields of an independent data set (a "climatological" ensemble, a
 * perfect prior's samples), and either EKI runs from them ({@code tempered} = ES-MDA, {@code perturbed},
 * {@code inversebench} with eta), reporting the best member by misfit (the best analog) beside it, or
 * ({@code span}) each truth is projected on the affine span of the members: the floor of any method whose
 * answer stays in that span (EKI, the Kalman step of EnKG).
 *
 * <pre>
 * java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.NsClimatologyEki \
 *     ns64.h5 ensemble.h5 first count sigma members tempered|perturbed|inversebench|span iterations [eta]
 * </pre>
 */
public final class NsClimatologyEki {
    private NsClimatologyEki() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path ensembleFile = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        double sigma = Double.parseDouble(args[4]);
        int members = Integer.parseInt(args[5]);
        String rule = args[6];
        int iterations = Integer.parseInt(args[7]);
        double eta = args.length > 8 ? Double.parseDouble(args[8]) : 1.0;
        double[][] truths = NsCase.truths(file, first, count);
        double[][] pool = NsCase.truths(ensembleFile, 0, members);
        if ("span".equals(rule)) {
            int size = truths[0].length;
            double[] avg = new double[size];
            for (double[] p : pool) {
                for (int i = 0; i < size; i++) {
                    avg[i] += p[i] / members;
                }
            }
            DMatrixRMaj a = new DMatrixRMaj(size, members);
            for (int p = 0; p < members; p++) {
                for (int i = 0; i < size; i++) {
                    a.set(i, p, pool[p][i] - avg[i]);
                }
            }
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
            solver.setA(a);
            for (int f = 0; f < count; f++) {
                DMatrixRMaj b = new DMatrixRMaj(size, 1);
                for (int i = 0; i < size; i++) {
                    b.set(i, 0, truths[f][i] - avg[i]);
                }
                DMatrixRMaj c = new DMatrixRMaj(members, 1);
                solver.solve(b, c);
                double[] proj = avg.clone();
                for (int i = 0; i < size; i++) {
                    for (int p = 0; p < members; p++) {
                        proj[i] += a.get(i, p) * c.get(p, 0);
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "field %d: best field in the affine span of %d members: rel L2 %.4f%n",
                        first + f,
                        members,
                        FieldStatistics.relativeL2(proj, truths[f]));
            }
            return;
        }
        double[] errors = new double[count];
        for (int f = 0; f < count; f++) {
            NsCase c = NsCase.of(file, first + f, sigma, 0);
            int field = c.field();
            double[] truth = c.truth();
            InverseProblem problem = c.problem();
            try (NavierStokesModel model = c.model()) {
                double[][] ensemble = new double[members][];
                for (int p = 0; p < members; p++) {
                    ensemble[p] = pool[p].clone();
                    for (int i = 0; i < ensemble[p].length; i++) {
                        ensemble[p][i] /= model.scale();
                    }
                }
                double[][] pred = model.applyBatch(ensemble);
                int best = 0;
                double bestMisfit = Double.POSITIVE_INFINITY;
                for (int p = 0; p < members; p++) {
                    double mis = problem.observations().misfit(pred[p]);
                    if (mis < bestMisfit) {
                        bestMisfit = mis;
                        best = p;
                    }
                }
                double[] analog = pool[best];
                long t0 = System.nanoTime();
                EnsembleKalmanInversion eki = switch (rule) {
                    case "tempered" -> EnsembleKalmanInversion.tempered(iterations);
                    case "perturbed" -> EnsembleKalmanInversion.perturbed(iterations);
                    case "inversebench" -> EnsembleKalmanInversion.inverseBench(iterations, eta);
                    default -> throw new IllegalArgumentException("unknown rule " + rule);
                };
                Reconstruction r = eki.sample(problem, ensemble, new SplittableRandom(7 + field), null);
                double[] mean = r.mean().clone();
                for (int i = 0; i < mean.length; i++) {
                    mean[i] *= model.scale();
                }
                double err = FieldStatistics.relativeL2(mean, truth);
                double meanMisfit = problem.observations().misfit(model.apply(r.mean()));
                System.out.printf(
                        Locale.ROOT,
                        "field %d: %s J %d N %d: rel L2 %.4f, misfit/M of the mean %.2f, best analog %.4f"
                                + " (misfit/M %.1f), %.0f s%n",
                        field,
                        rule,
                        members,
                        iterations,
                        err,
                        meanMisfit / problem.observations().size(),
                        FieldStatistics.relativeL2(analog, truth),
                        bestMisfit / problem.observations().size(),
                        (System.nanoTime() - t0) * 1e-9);
                errors[f] = err;
            }
        }
        System.out.println("mean rel L2 " + NsCase.meanAndSpread(errors));
    }
}
