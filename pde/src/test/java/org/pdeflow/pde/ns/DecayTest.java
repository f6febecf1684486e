package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

/**
 * Energy and enstrophy laws of unforced flow. For the 2/3-box Galerkin truncation with ω inside the
 * kept modes, advection conserves E = ½∫|u|² and Z = ½∫ω² exactly, so dE/dt = -2νZ and
 * dZ/dt = -ν∫|∇ω|² &lt; 0 (Kraichnan &amp; Montgomery 1980, Rep. Prog. Phys. 43, 547).
 */
class DecayTest {

    private static final Grid2D GRID = Grid2D.periodic(32, 2 * Math.PI);

    private static double[] times(int count, double end) {
        double[] t = new double[count];
        for (int k = 0; k < count; k++) {
            t[k] = end * (k + 1) / count;
        }
        return t;
    }

    @Test
    void energyAndEnstrophyDecreaseMonotonicallyWithoutForcing() {
        NavierStokes2D equation = new NavierStokes2D(GRID, 0.01, Forcing.none());
        double[] omega0 = Flows.randomModes(GRID, 4, 3.0, 17);
        double[] times = times(40, 2.0);
        for (VorticityIntegrator integrator :
                List.of(ImexCrankNicolsonHeun.adaptive(0.5, 0.05), MethodOfLinesIntegrator.dormandPrince853(1e-9))) {
            double[][] w = integrator.integrate(equation, omega0, times, ProgressListener.NONE);
            double e = equation.kineticEnergy(omega0);
            double z = equation.enstrophy(omega0);
            for (int k = 0; k < times.length; k++) {
                double e1 = equation.kineticEnergy(w[k]);
                double z1 = equation.enstrophy(w[k]);
                assertTrue(e1 < e, integrator + ": energy rose at t=" + times[k]);
                assertTrue(z1 < z, integrator + ": enstrophy rose at t=" + times[k]);
                e = e1;
                z = z1;
            }
        }
    }

    @Test
    void energyBudgetCloses() {
        double nu = 0.02;
        NavierStokes2D equation = new NavierStokes2D(GRID, nu, Forcing.none());
        double[] omega0 = Flows.randomModes(GRID, 4, 3.0, 5);
        int count = 40;
        double end = 1.0;
        double[][] w = MethodOfLinesIntegrator.dormandPrince853(1e-11)
                .integrate(equation, omega0, times(count, end), ProgressListener.NONE);
        // E(T) - E(0) = -2ν ∫ Z dt, integrated by Simpson's rule over the 41 snapshots (including t = 0).
        double h = end / count;
        double integral = equation.enstrophy(omega0) + equation.enstrophy(w[count - 1]);
        for (int k = 1; k < count; k++) {
            integral += (k % 2 == 1 ? 4 : 2) * equation.enstrophy(w[k - 1]);
        }
        integral *= h / 3;
        double change = equation.kineticEnergy(w[count - 1]) - equation.kineticEnergy(omega0);
        double mismatch = Math.abs(change + 2 * nu * integral) / Math.abs(change);
        System.out.printf(
                "energy budget: dE = %.6e, -2 nu int Z = %.6e, relative mismatch %.2e%n",
                change, -2 * nu * integral, mismatch);
        // Simpson's error with h = 0.025 on a Z(t) varying on a time scale ~1 is ~h⁴ ~ 4e-7 relative at
        // most; the law itself is exact. Without dealiasing the mismatch is ~1e-3.
        assertTrue(mismatch < 1e-6, "mismatch " + mismatch);
    }

    @Test
    void inviscidFlowConservesEnergyAndEnstrophyWithTheBoxRule() {
        NavierStokes2D equation = new NavierStokes2D(GRID, 0.0, Forcing.none(), Dealiasing.BOX_TWO_THIRDS);
        double[] omega0 = Flows.randomModes(GRID, 6, 3.0, 9);
        double[] w = MethodOfLinesIntegrator.dormandPrince853(1e-11)
                .integrate(equation, omega0, new double[] {1.0}, ProgressListener.NONE)[0];
        double de = Math.abs(equation.kineticEnergy(w) / equation.kineticEnergy(omega0) - 1);
        double dz = Math.abs(equation.enstrophy(w) / equation.enstrophy(omega0) - 1);
        System.out.printf("inviscid T=1: relative energy drift %.2e, enstrophy drift %.2e%n", de, dz);
        // Exact invariants of the truncated system: only the integrator's error (tolerance 1e-11) remains.
        assertTrue(de < 1e-8 && dz < 1e-8, "drift E " + de + " Z " + dz);
    }
}
