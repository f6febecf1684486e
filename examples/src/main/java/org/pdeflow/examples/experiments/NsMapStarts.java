package org.pdeflow.examples.experiments;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.NavierStokesInverse;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * Where ns-inverse's 4D-Var ends from three starts (docs/results/ns64-4dvar, "Session 8: why 4D-Var stalls"): the
 * prior's mean (zero), the quasi-inverse first guess, and the truth itself, with the MAP objective
 * {@code J = 1/2 |(G(w) - y) / sigma|^2 + 1/2 |xi|^2} at the truth for comparison. If J at the truth is far
 * below J where a run from the prior's mean ends, that run stopped short of the posterior's mode (the
 * optimiser, not the readings, is the limit); a run from the truth shows how far the mode lies from it.
 * Readings as {@code benchmark inverse} makes them (every 2nd node, Gaussian noise sigma, the same random
 * stream for the same seed and field).
 *
 * <p>Run from the repository root after {@code ./mvnw -q -DskipTests package}:
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=2 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.NsMapStarts ns64.h5 field sigma iterations [seed]
 * </pre>
 */
public final class NsMapStarts {

    private NsMapStarts() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int field = Integer.parseInt(args[1]);
        double sigma = Double.parseDouble(args[2]);
        int iterations = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 0;
        NsCase c = NsCase.of(file, field, sigma, seed);
        double[] truth = c.truth();
        ProblemDefinition definition = c.definition();
        InverseProblem problem = c.problem();
        try (NavierStokesModel model = c.model()) {
            GaussianPrior prior = NavierStokesInverse.grfPrior(problem.unknowns());
            Observations y = problem.observations();
            double[] xi = prior.whiten(truth);
            double penalty = 0.5 * Arrays.stream(xi).map(v -> v * v).sum();
            double misfit = y.misfit(model.apply(truth));
            System.out.printf(
                    Locale.ROOT,
                    "field %d, sigma %.3g, %d readings: at the truth J = %.1f (misfit %.1f + penalty %.1f;"
                            + " a typical prior draw has penalty %d)%n",
                    field,
                    sigma,
                    y.size(),
                    misfit + penalty,
                    misfit,
                    penalty,
                    truth.length / 2);
            Map<String, double[]> starts = new LinkedHashMap<>();
            starts.put("prior mean", null);
            starts.put("quasi-inverse", definition.firstGuess(problem).orElseThrow());
            starts.put("truth", truth);
            System.out.println(
                    "| start | rel L2 of the start | rel L2 after | J after (misfit + penalty) | chi2/M after"
                            + " | iterations | s |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Map.Entry<String, double[]> start : starts.entrySet()) {
                long t0 = System.nanoTime();
                Reconstruction r = new PriorMapInversion(1.0, Lbfgs.defaults().withMaxIterations(iterations), 0.0)
                        .invert(problem, prior, start.getValue(), null);
                double before = start.getValue() == null ? 1.0 : FieldStatistics.relativeL2(start.getValue(), truth);
                Map<String, Double> s = r.statistics();
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.4f | %.4f | %.1f (%.1f + %.1f) | %.3f | %d | %.0f |%n",
                        start.getKey(),
                        before,
                        FieldStatistics.relativeL2(r.mean(), truth),
                        s.get("objective"),
                        s.get("objective") - s.get("penalty"),
                        s.get("penalty"),
                        s.get("chiSquarePerReading"),
                        s.get("iterations").intValue(),
                        (System.nanoTime() - t0) * 1e-9);
            }
        }
    }
}
