package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problems.NavierStokesInverse;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * ns-inverse's 4D-Var under two Gaussian priors: the problem's Matérn GRF (alpha 2.5, tau 3) and a stationary
 * Gaussian whose spectrum is measured from an independent archive of omega0 fields (the climatological
 * background covariance of operational 4D-Var; {@link PeriodicGaussianField#estimate}). Both start from the
 * quasi-inverse and stop by the discrepancy principle (tau = 1) or at the iteration limit, as {@code tikhonov}
 * does in {@code benchmark inverse}; readings as the benchmark makes them.
 *
 * <pre>
 * java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.NsClimatologicalMap \
 *     ns64-bench.h5 ns64-ens2048.h5 first count sigma iterations [matern|estimated|both] [members] [seed]
 *     [lbfgs-memory]
 * </pre>
 */
public final class NsClimatologicalMap {

    private NsClimatologicalMap() {}

    public static void main(String[] args) throws Exception {
        Path bench = Path.of(args[0]);
        Path archive = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        double sigma = Double.parseDouble(args[4]);
        int iterations = Integer.parseInt(args[5]);
        String which = args.length > 6 ? args[6] : "both";
        int members = args.length > 7 ? Integer.parseInt(args[7]) : Integer.MAX_VALUE;
        long seed = args.length > 8 ? Long.parseLong(args[8]) : 0;
        int memory = args.length > 9 ? Integer.parseInt(args[9]) : 10;
        List<double[]> samples = NsCase.all(archive, "a");
        if (samples.size() > members) {
            samples = samples.subList(0, members);
        }
        System.out.printf(Locale.ROOT, "spectrum estimated from %d fields of %s%n", samples.size(), archive);
        System.out.println(
                "| field | prior | penalty at the truth | rel L2 of the start | rel L2 | chi2/M | iterations "
                        + "| stopped by discrepancy | s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double[][] err = new double[2][count];
        for (int f = 0; f < count; f++) {
            NsCase c = NsCase.of(bench, first + f, sigma, seed);
            GaussianPrior estimated =
                    GaussianPrior.centred("omega0", PeriodicGaussianField.estimate(c.grid(), samples));
            GaussianPrior matern = NavierStokesInverse.grfPrior(c.problem().unknowns());
            try (NavierStokesModel model = c.model()) {
                double[] start = c.definition().firstGuess(c.problem()).orElseThrow();
                int p = 0;
                for (GaussianPrior prior : List.of(matern, estimated)) {
                    String name = prior == matern ? "matern" : "estimated";
                    if (!which.equals("both") && !which.equals(name)) {
                        p++;
                        continue;
                    }
                    double[] xi = prior.whiten(c.truth());
                    double penalty = 0.5 * Arrays.stream(xi).map(v -> v * v).sum();
                    long t0 = System.nanoTime();
                    Reconstruction r = new PriorMapInversion(1.0, new Lbfgs(memory, iterations, 1e-6, 1e-10), 1.0)
                            .invert(c.problem(), prior, start, null);
                    Map<String, Double> s = r.statistics();
                    err[p][f] = FieldStatistics.relativeL2(r.mean(), c.truth());
                    System.out.printf(
                            Locale.ROOT,
                            "| %d | %s | %.0f | %.4f | %.4f | %.2f | %d | %s | %.0f |%n",
                            c.field(),
                            name,
                            penalty,
                            FieldStatistics.relativeL2(start, c.truth()),
                            err[p][f],
                            s.get("chiSquarePerReading"),
                            s.get("iterations").intValue(),
                            s.get("stoppedByDiscrepancy") > 0 ? "yes" : "no",
                            (System.nanoTime() - t0) * 1e-9);
                    p++;
                }
            }
        }
        System.out.println("matern:    " + NsCase.meanAndSpread(err[0]));
        System.out.println("estimated: " + NsCase.meanAndSpread(err[1]));
    }
}
