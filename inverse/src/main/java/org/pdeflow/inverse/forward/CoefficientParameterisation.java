package org.pdeflow.inverse.forward;

/**
 * How the unknown vector x stands for a positive coefficient field a (a permeability).
 * Optimisers and ensemble methods move x freely; {@link #LOG} keeps a = exp(x) positive whatever x,
 * the usual choice for Darcy inversion (e.g. Iglesias, Law &amp; Stuart 2013, sec. 5).
 */
public enum CoefficientParameterisation {

    /** x = a; the forward model rejects non-positive values. */
    IDENTITY("a"),

    /** x = log a. */
    LOG("log_a");

    private final String fieldName;

    CoefficientParameterisation(String fieldName) {
        this.fieldName = fieldName;
    }

    /** The conventional name of the unknown field, {@code "a"} or {@code "log_a"}. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * The parameterisation whose unknown field has this name.
     *
     * @throws IllegalArgumentException for a name that is neither {@code a} nor {@code log_a}
     */
    public static CoefficientParameterisation ofField(String name) {
        for (CoefficientParameterisation p : values()) {
            if (p.fieldName.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a coefficient field (a or log_a)");
    }

    /** a from x (a new array). */
    public double[] coefficient(double[] x) {
        double[] a = x.clone();
        if (this == LOG) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.exp(a[i]);
            }
        }
        return a;
    }

    /** x from a (a new array). */
    public double[] parameter(double[] a) {
        double[] x = a.clone();
        if (this == LOG) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.log(x[i]);
            }
        }
        return x;
    }

    /**
     * Turns a gradient with respect to a into one with respect to x, in place:
     * {@code dPhi/dx = a dPhi/da} for {@link #LOG}.
     */
    void chain(double[] a, double[] gradient) {
        if (this == LOG) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= a[i];
            }
        }
    }
}
