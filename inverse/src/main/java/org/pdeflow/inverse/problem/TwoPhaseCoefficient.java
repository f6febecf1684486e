package org.pdeflow.inverse.problem;

/**
 * A coefficient field that takes one of two values, such as the FNO Darcy permeability
 * a ∈ {3, 12} (a Gaussian random field thresholded at zero; Li et al. 2021). Reconstructions of
 * such a field are continuous; this record projects them back onto the two phases and measures
 * how many nodes land in the wrong phase.
 *
 * <p>The error rate is the metric FunDPS (Yao et al. 2025, {@code generation/base.py},
 * {@code calculate_metrics}) and DiffusionPDE report for the Darcy inverse problem: the fraction
 * of grid nodes whose thresholded estimate differs from the true phase. Relative L2 errors of a
 * two-valued field are larger: with a fraction p of nodes wrong and phases near half-half,
 * |â − a| / |a| ≈ (high − low) √p / rms(a), about 1.03 √p for {3, 12}.
 *
 * @param low the low value (units of the coefficient)
 * @param high the high value, {@code > low}
 */
public record TwoPhaseCoefficient(double low, double high) {

    /** The FNO Darcy permeability: 12 where the field is positive, 3 elsewhere. */
    public static final TwoPhaseCoefficient FNO_DARCY = new TwoPhaseCoefficient(3.0, 12.0);

    /** Validates the phases. */
    public TwoPhaseCoefficient {
        if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException(
                    "two-phase coefficient needs finite low < high, got " + low + ", " + high);
        }
    }

    /** The midpoint (low + high) / 2 that separates the phases (7.5 for the FNO Darcy field, as FunDPS uses). */
    public double threshold() {
        return 0.5 * (low + high);
    }

    /**
     * The nearest phase at every node: {@code high} where {@code a > threshold()}, else {@code low}.
     *
     * @param a a coefficient estimate, any shape; not modified
     * @return a new array of the same length
     */
    public double[] project(double[] a) {
        double t = threshold();
        double[] p = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = a[i] > t ? high : low;
        }
        return p;
    }

    /**
     * The fraction of nodes whose estimate lies on the other side of the threshold than the truth.
     *
     * @param estimate the reconstructed coefficient (continuous or projected)
     * @param truth the true coefficient, same length
     * @return a number in [0, 1]
     */
    public double errorRate(double[] estimate, double[] truth) {
        if (estimate.length != truth.length || truth.length == 0) {
            throw new IllegalArgumentException("estimate has " + estimate.length + " values, truth " + truth.length);
        }
        double t = threshold();
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) {
            if ((estimate[i] > t) != (truth[i] > t)) {
                wrong++;
            }
        }
        return (double) wrong / truth.length;
    }
}
