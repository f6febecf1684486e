package org.pdeflow.inverse.forward;

/** The one check every vector-Jacobian product makes of its cotangent. */
final class Cotangents {

    private Cotangents() {}

    /**
     * @param w a cotangent on a model's predictions
     * @param outputSize m, the number of predictions
     * @return {@code w}
     * @throws IllegalArgumentException when {@code w} is null or not of length m
     */
    static double[] require(double[] w, int outputSize) {
        if (w == null || w.length != outputSize) {
            throw new IllegalArgumentException("cotangent must have " + outputSize + " values");
        }
        return w;
    }
}
