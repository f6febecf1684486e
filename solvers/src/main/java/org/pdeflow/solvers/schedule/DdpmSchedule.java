package org.pdeflow.solvers.schedule;

/**
 * The discrete DDPM noise levels (Ho et al. 2020, linear beta from 1e-4 to 0.02 over T = 1000 steps),
 * respaced for DDIM (Song, Meng and Ermon 2021, "Denoising diffusion implicit models", section 4.2,
 * the "uniform" sub-sequence tau_i = i * floor(T / N), i = 0 .. N-1) and expressed in EDM's sigma.
 *
 * <p><b>The mapping.</b> DDPM's state x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, with
 * abar_t = prod_{s &lt;= t} (1 - beta_s), divided by sqrt(abar_t) is x = x0 + sigma_t eps with
 * <pre>
 *   sigma_t = sqrt((1 - abar_t) / abar_t),   abar_t = 1 / (1 + sigma_t^2),   x_vp = x / sqrt(1 + sigma^2).
 * </pre>
 * An epsilon-prediction network eps(x_vp, t) thus gives the denoiser D(x; sigma_t) = x - sigma_t
 * eps(x / sqrt(1 + sigma_t^2), t). The levels returned are sigma at t = tau_{N-1}, ..., tau_0, then 0.
 *
 * @param trainSteps T
 * @param betaStart beta_1
 * @param betaEnd beta_T
 */
public record DdpmSchedule(int trainSteps, double betaStart, double betaEnd) implements NoiseSchedule {

    /** Ho et al.'s schedule: T = 1000, beta from 1e-4 to 0.02. */
    public static DdpmSchedule linear() {
        return new DdpmSchedule(1000, 1e-4, 0.02);
    }

    public DdpmSchedule {
        if (trainSteps < 2 || !(betaStart > 0) || !(betaEnd >= betaStart) || !(betaEnd < 1)) {
            throw new IllegalArgumentException("need T >= 2 and 0 < beta_start <= beta_end < 1, got T = " + trainSteps
                    + ", betas " + betaStart + " .. " + betaEnd);
        }
    }

    /** sigma at discrete time index t (0-based: t = 0 is the first, least noisy step). */
    public double sigmaAt(int t) {
        if (t < 0 || t >= trainSteps) {
            throw new IllegalArgumentException("time index must be in [0, " + trainSteps + "), got " + t);
        }
        double logAbar = 0;
        for (int s = 0; s <= t; s++) {
            double beta = trainSteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * s / (trainSteps - 1);
            logAbar += Math.log1p(-beta);
        }
        // (1 - abar) / abar = 1 / abar - 1 = exp(-log abar) - 1
        return Math.sqrt(Math.expm1(-logAbar));
    }

    @Override
    public double[] sigmas(int steps) {
        NoiseSchedule.checkSteps(steps);
        if (steps > trainSteps) {
            throw new IllegalArgumentException(
                    "DDIM cannot take more steps (" + steps + ") than the " + trainSteps + " training steps");
        }
        int skip = trainSteps / steps;
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = sigmaAt((steps - 1 - i) * skip);
        }
        return NoiseSchedule.withFinalZero(s);
    }
}
