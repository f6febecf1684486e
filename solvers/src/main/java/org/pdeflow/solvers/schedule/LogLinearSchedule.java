package org.pdeflow.solvers.schedule;

/**
 * Levels uniform in log sigma (k-diffusion's {@code get_sigmas_exponential}; the time grid in which
 * DPM-Solver's lambda = -log sigma is uniform):
 * sigma_i = exp(ln sigma_max + i / (N - 1) (ln sigma_min - ln sigma_max)), i = 0 .. N-1, then 0.
 *
 * @param sigmaMin smallest positive level
 * @param sigmaMax largest level
 */
public record LogLinearSchedule(double sigmaMin, double sigmaMax) implements NoiseSchedule {

    public LogLinearSchedule {
        NoiseSchedule.checkRange(sigmaMin, sigmaMax);
    }

    @Override
    public double[] sigmas(int steps) {
        NoiseSchedule.checkSteps(steps);
        double a = Math.log(sigmaMax);
        double b = Math.log(sigmaMin);
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            double r = steps == 1 ? 0.0 : (double) i / (steps - 1);
            s[i] = Math.exp(a + r * (b - a));
        }
        s[0] = sigmaMax;
        if (steps > 1) {
            s[steps - 1] = sigmaMin;
        }
        return NoiseSchedule.withFinalZero(s);
    }
}
