package org.pdeflow.inverse.methods;

import org.pdeflow.inverse.classical.Regulariser;

/**
 * The settings of the {@code tikhonov} method ({@link org.pdeflow.inverse.classical.TikhonovInversion}
 * with L-BFGS, the problem's classical prior mean as start and reference).
 *
 * @param iterations L-BFGS iterations at most, &gt;= 1
 * @param lambda penalty weight &gt;= 0
 * @param regulariser the penalty ({@link Regulariser.Kind#PRIOR}: the MAP under the problem's classical
 *     Gaussian prior, {@link org.pdeflow.inverse.classical.PriorMapInversion})
 * @param discrepancy tau of the discrepancy principle (stop at the first iterate whose misfit per reading
 *     chi^2 / M is at most tau), 0 for none
 */
public record TikhonovSettings(int iterations, double lambda, Regulariser.Kind regulariser, double discrepancy) {

    public TikhonovSettings {
        if (iterations < 1) {
            throw new IllegalArgumentException("Tikhonov needs at least one iteration, got " + iterations);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("--lambda must be finite and >= 0, got " + lambda);
        }
        if (!(discrepancy >= 0) || Double.isInfinite(discrepancy)) {
            throw new IllegalArgumentException("--discrepancy must be finite and >= 0 (0: none), got " + discrepancy);
        }
    }
}
