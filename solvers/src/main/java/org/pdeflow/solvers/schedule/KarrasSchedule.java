package org.pdeflow.solvers.schedule;

/**
 * The EDM time discretisation (Karras et al. 2022, eq. 5):
 * <pre>
 *   sigma_i = (sigma_max^(1/rho) + i / (N - 1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho,  i = 0 .. N-1,
 *   sigma_N = 0,
 * </pre>
 * (for N = 1 only sigma_max, then 0). rho = 7 concentrates steps at low noise; rho = 1 is uniform in
 * sigma and rho -&gt; infinity uniform in log sigma.
 *
 * @param sigmaMin smallest positive level (EDM: 0.002)
 * @param sigmaMax largest level (EDM: 80)
 * @param rho warping exponent &gt; 0 (EDM: 7)
 */
public record KarrasSchedule(double sigmaMin, double sigmaMax, double rho) implements NoiseSchedule {

    /** EDM's defaults: sigma_min = 0.002, sigma_max = 80, rho = 7. */
    public static KarrasSchedule edm() {
        return new KarrasSchedule(0.002, 80.0, 7.0);
    }

    public KarrasSchedule {
        NoiseSchedule.checkRange(sigmaMin, sigmaMax);
        if (!(rho > 0) || Double.isInfinite(rho)) {
            throw new IllegalArgumentException("rho must be positive and finite, got " + rho);
        }
    }

    @Override
    public double[] sigmas(int steps) {
        NoiseSchedule.checkSteps(steps);
        double a = Math.pow(sigmaMax, 1 / rho);
        double b = Math.pow(sigmaMin, 1 / rho);
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            double r = steps == 1 ? 0.0 : (double) i / (steps - 1);
            s[i] = Math.pow(a + r * (b - a), rho);
        }
        s[0] = sigmaMax;
        if (steps > 1) {
            s[steps - 1] = sigmaMin;
        }
        return NoiseSchedule.withFinalZero(s);
    }
}
