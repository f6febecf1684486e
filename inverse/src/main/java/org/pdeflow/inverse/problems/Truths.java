package org.pdeflow.inverse.problems;

import java.util.Map;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.Unknowns;

/** Packs true fields given by name into a problem's unknowns. */
final class Truths {

    private Truths() {}

    /**
     * The packed truth of the unknowns, log a derived from a truth of a, or null when some unknown
     * has no truth.
     */
    static double[] pack(Unknowns unknowns, Map<String, double[]> truth) {
        double[][] parts = new double[unknowns.count()][];
        for (int k = 0; k < parts.length; k++) {
            String name = unknowns.fields().get(k).name();
            if (name.equals("log_a") && truth.containsKey("a")) {
                parts[k] = CoefficientParameterisation.LOG.parameter(truth.get("a"));
            } else if (truth.containsKey(name)) {
                parts[k] = truth.get(name);
            } else {
                return null;
            }
        }
        return unknowns.pack(parts);
    }

    /** The RMS of a field. */
    static double rms(double[] field) {
        double rms = 0;
        for (double v : field) {
            rms += v * v / field.length;
        }
        return Math.sqrt(rms);
    }
}
