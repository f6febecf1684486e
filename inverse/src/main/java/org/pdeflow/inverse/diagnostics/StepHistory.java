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
    public record Step(int step, double misfit, Map<String, Double> relativeError) {}

    private final Unknowns unknowns;
    private final Map<String, double[]> truth = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();

    /**
     * @param unknowns the problem's unknowns (how estimates are packed)
     * @param truth true values of some or all unknown fields, by field name (fields not among the
     *     unknowns are ignored); empty to record misfits only
     */
    public StepHistory(Unknowns unknowns, Map<String, double[]> truth) {
        this.unknowns = unknowns;
        for (String name : unknowns.names()) {
            double[] t = truth.get(name);
            if (t != null) {
                if (t.length != unknowns.field(name).grid().size()) {
                    throw new IllegalArgumentException("truth of '" + name + "' has " + t.length + " values, the field "
                            + unknowns.field(name).grid().size());
                }
                this.truth.put(name, t.clone());
            }
        }
    }

    @Override
    public void onStep(StepInfo info) {
        Map<String, Double> errors = new LinkedHashMap<>();
        double[] x = info.estimate();
        if (x != null && x.length == unknowns.size()) {
            for (Map.Entry<String, double[]> e : truth.entrySet()) {
                int from = unknowns.offset(e.getKey());
                double[] t = e.getValue();
                double num = 0;
                double den = 0;
                for (int i = 0; i < t.length; i++) {
                    num += (x[from + i] - t[i]) * (x[from + i] - t[i]);
                    den += t[i] * t[i];
                }
                errors.put(e.getKey(), den > 0 ? Math.sqrt(num / den) : Double.NaN);
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
