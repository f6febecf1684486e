package org.pdeflow.pde.elliptic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;

/** Test helper: max-norm errors on successively halved grids and the check of second order. */
public final class ConvergenceCheck {

    /**
     * Accepted band for the error ratio per halving of h of a second-order scheme: 4 within 10 %,
     * wide enough for the O(h^4) remainder on the coarsest grid (s = 17), narrow enough to reject
     * first order (ratio 2) and an accidentally fourth-order or exact result (ratio 16 or noise).
     */
    public static final double LOW = 3.6;

    public static final double HIGH = 4.4;

    private ConvergenceCheck() {}

    /**
     * Computes {@code error.apply(s)} for each s, prints them and asserts every ratio lies in [LOW, HIGH].
     *
     * @return the errors
     */
    public static double[] assertSecondOrder(String label, int[] sizes, IntFunction<Double> error) {
        double[] e = new double[sizes.length];
        StringBuilder line = new StringBuilder(label).append(": max errors");
        for (int k = 0; k < sizes.length; k++) {
            e[k] = error.apply(sizes[k]);
            line.append(String.format(" s=%d %.3e", sizes[k], e[k]));
        }
        line.append(" | ratios");
        for (int k = 1; k < sizes.length; k++) {
            line.append(String.format(" %.3f", e[k - 1] / e[k]));
        }
        System.out.println(line);
        for (int k = 1; k < sizes.length; k++) {
            double ratio = e[k - 1] / e[k];
            assertTrue(
                    ratio >= LOW && ratio <= HIGH,
                    label + ": error ratio " + ratio + " between s=" + sizes[k - 1] + " and s=" + sizes[k]
                            + " is outside [" + LOW + ", " + HIGH + "]; " + line);
        }
        return e;
    }
}
