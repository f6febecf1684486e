package org.pdeflow.inverse.diagnostics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;

/**
 * A {@link StepCallback} that keeps, per step, the data misfit and (with a known truth) the relative
 * L2 error |x - x_true| / |x_true| of the algorithm's current estimate, field by field: the curves of
 * convergence plots.
 *
 * <p>The estimate is what the algorithm reports in {@link StepInfo#estimate()}: the ensemble mean
 * for EKI and EnKG, the iterate for Tikhonov, the chain state for pCN, and for the guided diffusion
 * samplers the mean over samples of the denoised estimate x̂0 at that noise level. Steps that report
 * no estimate record the misfit only.
 */
public final class StepHistory implements StepCallback {

    /**
     * One step.
     *
     * @param step the step number, 1-based
     * @param misfit the data misfit Phi = 1/2 |(G(x) - y) / sigma|^2 (ensemble mean for ensembles)
     * @param relativeError relative L2 error of the estimate per unknown field; empty without a
     *     truth or an estimate
     */
    public record Step(int step, double misfit, Map<String, Double> relativeError) {
    }

    private final Unknowns unknowns;
    private final double[] truth;
    private final List<Step> steps = new ArrayList<>();

    /**
     * @param unknowns the problem's unknowns (how estimates are packed)
     * @param truth the true unknowns, packed, or null to record misfits only
     */
    public StepHistory(Unknowns unknowns, double[] truth) {
        if (truth != null) {
            unknowns.requireLength(truth, "truth");
        }
        this.unknowns = unknowns;
        this.truth = truth == null ? null : truth.clone();
    }

    @Override
    public void onStep(StepInfo info) {
        Map<String, Double> errors = new LinkedHashMap<>();
        double[] x = info.estimate();
        if (truth != null && x != null && x.length == truth.length) {
            for (String name : unknowns.names()) {
                int from = unknowns.offset(name);
                int n = unknowns.field(name).grid().size();
                double num = 0;
                double den = 0;
                for (int i = from; i < from + n; i++) {
                    num += (x[i] - truth[i]) * (x[i] - truth[i]);
                    den += truth[i] * truth[i];
                }
                errors.put(name, den > 0 ? Math.sqrt(num / den) : Double.NaN);
            }
        }
        steps.add(new Step(info.step(), info.misfit(), Collections.unmodifiableMap(errors)));
    }

    /** The steps recorded so far. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Whether any step recorded an error. */
    public boolean hasErrors() {
        return steps.stream().anyMatch(s -> !s.relativeError().isEmpty());
    }
}
