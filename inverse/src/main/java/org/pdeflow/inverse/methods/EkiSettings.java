package org.pdeflow.inverse.methods;

/**
 * The settings of the {@code eki} method (InverseBench's ensemble Kalman inversion,
 * {@link org.pdeflow.inverse.classical.EnsembleKalmanInversion#inverseBench}, on the problem's
 * classical prior).
 *
 * @param iterations updates, &gt;= 1
 * @param eta step size &gt; 0
 */
public record EkiSettings(int iterations, double eta) {}
