package org.pdeflow.examples.demo;

import java.util.ArrayList;
import java.util.List;
import org.pdeflow.examples.inverse.InverseResults;
import org.pdeflow.examples.inverse.InverseRun;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.problem.DarcyPushForward;
import org.pdeflow.inverse.problem.TwoPhaseCoefficient;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.Timings;
import org.pdeflow.pde.grf.DarcyCoefficient;

/**
 * What one method of {@code pdeflow demo} found, measured against the truth.
 *
 * <p>Every method is judged by the pressure its permeability implies: each sample of a is pushed
 * through the reference solver, u_k = {@code DarcySolver.solve}(a_k), and the mean of the u_k is
 * compared with the true u and with the readings. A method with a joint (a, u) prior also has its own
 * u (the prior's pressure channel), compared with the truth as well. Samples of a from a diffusion
 * prior are not constrained to be positive; before solving they are limited below by
 * {@link #A_FLOOR}.
 *
 * @param method the method's name (as {@code pdeflow solve --method})
 * @param run the run
 * @param fields the method's own fields (log_a and a, or a and u), then {@code u_solved}
 * @param errorA relative L2 error of the mean of a
 * @param errorRateA the fraction of nodes where the mean of a lies on the other side of 7.5 than the truth
 *     (the phase error rate, {@code benchmark inverse}'s headline for darcy-inverse)
 * @param errorU relative L2 error of the mean of u_solved
 * @param errorUPrior relative L2 error of the prior's own u, NaN when the method has none
 * @param residualRms RMS of (P u_solved - y) / sigma over the readings (about 1 at the noise level)
 * @param networkEvaluations denoiser calls (batched over samples), 0 for the classical methods
 */
public record DemoMethodResult(
        String method,
        InverseRun run,
        List<InverseResults.FieldResult> fields,
        double errorA,
        double errorRateA,
        double errorU,
        double errorUPrior,
        double residualRms,
        double networkEvaluations) {

    /** Smallest permeability passed to the solver: a tenth of the data's smaller value. */
    public static final double A_FLOOR = DarcyCoefficient.FNO_LOW / 10;

    /** Name of the field of solver pressures. */
    public static final String U_SOLVED = "u_solved";

    public static DemoMethodResult of(String method, InverseRun run, DarcyDemoCase c) {
        Reconstruction r = run.reconstruction();
        List<InverseResults.FieldResult> fields = new ArrayList<>(InverseResults.fields(r));
        InverseResults.FieldResult a = find(fields, "a");
        double[][] u = new DarcyPushForward(c.grid(), A_FLOOR, 1.0).pressures(a.samples());
        InverseResults.FieldResult solved = InverseResults.fromSamples(U_SOLVED, c.grid(), u);
        InverseResults.FieldResult own =
                fields.stream().filter(f -> f.name().equals("u")).findFirst().orElse(null);
        fields.add(solved);
        double[] predicted = new double[c.count()];
        c.points().apply(solved.mean(), predicted);
        double rms = Math.sqrt(2 * c.observations().misfit(predicted) / c.count());
        return new DemoMethodResult(
                method,
                run,
                List.copyOf(fields),
                InverseResults.relativeL2(a.mean(), c.a()),
                TwoPhaseCoefficient.FNO_DARCY.errorRate(a.mean(), c.a()),
                InverseResults.relativeL2(solved.mean(), c.u()),
                own == null ? Double.NaN : InverseResults.relativeL2(own.mean(), c.u()),
                rms,
                r.statistics().getOrDefault("denoiserCalls", 0.0));
    }

    /** One of the fields by name. */
    public InverseResults.FieldResult field(String name) {
        return find(fields, name);
    }

    /**
     * Darcy solves (forward and adjoint) the method ran; a joint prior's forward model only reads its
     * u channel at the readings, so it runs none. The solves of u_solved afterwards are not counted.
     */
    public long pdeSolves() {
        if (!(run.problem().forward() instanceof DarcyForwardModel)) {
            return 0;
        }
        Timings t = run.reconstruction().timings();
        return t.forwardEvaluations() + t.gradientEvaluations();
    }

    /** Whether the method has its own u (a joint prior). */
    public boolean hasOwnU() {
        return !Double.isNaN(errorUPrior);
    }

    private static InverseResults.FieldResult find(List<InverseResults.FieldResult> fields, String name) {
        return fields.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no field " + name + " in "
                        + fields.stream().map(InverseResults.FieldResult::name).toList()));
    }
}
