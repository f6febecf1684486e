package org.pdeflow.inverse.problems;

/**
 * One error a benchmark reports for a problem, computed on the posterior mean of a field.
 *
 * @param label the column name, e.g. {@code "a error rate"}
 * @param field the result field it is computed on ({@code a}, {@code u}, {@code omega0}, or
 *     {@link #SOLVER_U}, the pressure the reference solver gives for each reconstructed a)
 * @param kind what is computed
 */
public record ReportedMetric(String label, String field, Kind kind) {

    /** The field name of the pressure obtained from the reconstructed permeability by the reference solver. */
    public static final String SOLVER_U = "u_solver";

    /** The computations. */
    public enum Kind {
        /** |mean - truth| / |truth|; for {@link #SOLVER_U} the truth is the true u. */
        RELATIVE_L2,
        /** Fraction of nodes on the wrong side of the two-phase threshold (FunDPS' Darcy metric). */
        PHASE_ERROR_RATE
    }

    /** The relative L2 error of a field, labelled {@code "<field> rel L2"}. */
    public static ReportedMetric relativeL2(String field) {
        return new ReportedMetric(field + " rel L2", field, Kind.RELATIVE_L2);
    }
}
