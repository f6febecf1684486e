package org.pdeflow.solvers.schedule;

/**
 * The variance-preserving (VP) schedule of Song et al. (2021), "Score-based generative modeling through
 * stochastic differential equations", written in EDM's sigma (Karras et al. 2022, Table 1, VP column):
 * <pre>
 *   sigma(t) = sqrt(exp(beta_d t^2 / 2 + beta_min t) - 1),   t_i = 1 + i / (N - 1) (eps_s - 1),  i = 0 .. N-1,
 * </pre>
 * then sigma_N = 0. The VP state is x_vp = s(t) x with s(t) = 1 / sqrt(1 + sigma(t)^2) (so the VP
 * signal coefficient is alpha-bar = 1 / (1 + sigma^2)). Defaults beta_d = 19.9, beta_min = 0.1,
 * eps_s = 1e-3 give sigma from about 152.2 down to about 0.0105.
 *
 * @param betaD beta_d &gt; 0
 * @param betaMin beta_min &gt;= 0
 * @param epsS smallest time, in (0, 1)
 */
public record VpSchedule(double betaD, double betaMin, double epsS) implements NoiseSchedule {

    /** Song et al.'s defaults (beta_d = 19.9, beta_min = 0.1, eps_s = 1e-3). */
    public static VpSchedule standard() {
        return new VpSchedule(19.9, 0.1, 1e-3);
    }

    public VpSchedule {
        if (!(betaD > 0)
                || !(betaMin >= 0)
                || !(epsS > 0 && epsS < 1)
                || Double.isInfinite(betaD)
                || Double.isInfinite(betaMin)) {
            throw new IllegalArgumentException(
                    "need beta_d > 0, beta_min >= 0 and 0 < eps_s < 1, got " + betaD + ", " + betaMin + ", " + epsS);
        }
    }

    /** sigma(t). */
    public double sigma(double t) {
        return Math.sqrt(Math.expm1(0.5 * betaD * t * t + betaMin * t));
    }

    @Override
    public double[] sigmas(int steps) {
        NoiseSchedule.checkSteps(steps);
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            double r = steps == 1 ? 0.0 : (double) i / (steps - 1);
            s[i] = sigma(1 + r * (epsS - 1));
        }
        return NoiseSchedule.withFinalZero(s);
    }
}
