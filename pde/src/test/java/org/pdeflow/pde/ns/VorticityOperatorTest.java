package org.pdeflow.pde.ns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.spectral.RealFft2D;

class VorticityOperatorTest {

    /** A sum of plane waves ω = Σ A cos(αx + βy + φ) with every derived quantity known in closed form. */
    private static final class Waves {
        final double[][] modes; // {alpha, beta, amplitude, phase}

        Waves(Grid2D grid, int maxM1, int maxM2, long seed) {
            Random random = new Random(seed);
            List<double[]> list = new ArrayList<>();
            for (int m1 = -maxM1; m1 <= maxM1; m1++) {
                for (int m2 = 0; m2 <= maxM2; m2++) {
                    if (m2 == 0 && m1 <= 0) {
                        continue;
                    }
                    list.add(new double[] {
                        2 * Math.PI * m1 / grid.lx(),
                        2 * Math.PI * m2 / grid.ly(),
                        random.nextGaussian(),
                        2 * Math.PI * random.nextDouble()
                    });
                }
            }
            modes = list.toArray(new double[0][]);
        }

        /** {ω, u, v, ∂ω/∂x, ∂ω/∂y} at (x, y). */
        double[] at(double x, double y) {
            double[] r = new double[5];
            for (double[] m : modes) {
                double theta = m[0] * x + m[1] * y + m[3];
                double k2 = m[0] * m[0] + m[1] * m[1];
                double c = Math.cos(theta);
                double s = Math.sin(theta);
                r[0] += m[2] * c;
                r[1] += -m[2] * m[1] / k2 * s;
                r[2] += m[2] * m[0] / k2 * s;
                r[3] += -m[2] * m[0] * s;
                r[4] += -m[2] * m[1] * s;
            }
            return r;
        }

        double[] sample(Grid2D grid, int component) {
            double[] f = new double[grid.size()];
            for (int i = 0; i < grid.nx(); i++) {
                for (int j = 0; j < grid.ny(); j++) {
                    f[grid.index(i, j)] = at(grid.x(i), grid.y(j))[component];
                }
            }
            return f;
        }

        double[] advection(Grid2D grid) {
            double[] f = new double[grid.size()];
            for (int i = 0; i < grid.nx(); i++) {
                for (int j = 0; j < grid.ny(); j++) {
                    double[] q = at(grid.x(i), grid.y(j));
                    f[grid.index(i, j)] = q[1] * q[3] + q[2] * q[4];
                }
            }
            return f;
        }
    }

    @Test
    void explicitTermEqualsAnalyticAdvectionOnARectangle() {
        // Non-square grid and domain, so that any x/y mix-up in wavenumbers or layout shows.
        Grid2D grid = new Grid2D(32, 16, 2.0, 1.0, Layout.PERIODIC);
        // |m1| <= 4, m2 <= 2: the product has |m1| <= 8 <= 32/3 and m2 <= 4 <= 16/3, so the 2/3 rule
        // removes nothing and the pseudo-spectral term must equal the exact one to rounding.
        Waves waves = new Waves(grid, 4, 2, 11);
        NavierStokes2D equation = new NavierStokes2D(grid, 0.01, Forcing.none());
        VorticityOperator operator = equation.newOperator();
        double[] hat = new double[operator.spectrumLength()];
        operator.toSpectrum(waves.sample(grid, 0), hat);
        double[] out = new double[hat.length];
        double speed = operator.explicitTerm(hat, out);
        double[] got = new double[grid.size()];
        operator.toField(out, got);
        double[] expected = waves.advection(grid);
        double scale = 0;
        double maxSpeed = 0;
        for (int p = 0; p < expected.length; p++) {
            scale = Math.max(scale, Math.abs(expected[p]));
        }
        double[] u = waves.sample(grid, 1);
        double[] v = waves.sample(grid, 2);
        for (int p = 0; p < expected.length; p++) {
            // Rounding of five FFTs on 512 points: 1e-12 of the largest value is generous.
            assertEquals(-expected[p], got[p], 1e-12 * scale);
            maxSpeed = Math.max(maxSpeed, Math.hypot(u[p], v[p]));
        }
        assertEquals(maxSpeed, speed, 1e-12 * maxSpeed);
    }

    @Test
    void bothDealiasingRulesKeepExactlyTheirModesOfTheProduct() {
        Grid2D grid = Grid2D.periodic(24, 2 * Math.PI);
        // Input modes <= 6 (kept by both rules); the product reaches mode 12 = n/2 so its grid samples
        // have an exact DFT on every kept mode: the reference is the transform of the exact product.
        Waves waves = new Waves(grid, 6, 6, 5);
        RealFft2D fft = new RealFft2D(24, 24);
        double[] exact = new double[fft.spectrumLength()];
        fft.forward(waves.advection(grid), exact);
        for (Dealiasing rule : Dealiasing.values()) {
            NavierStokes2D equation = new NavierStokes2D(grid, 0.0, Forcing.none(), rule);
            VorticityOperator operator = equation.newOperator();
            double[] hat = new double[operator.spectrumLength()];
            operator.toSpectrum(waves.sample(grid, 0), hat);
            double[] out = new double[hat.length];
            operator.explicitTerm(hat, out);
            int kept = 0;
            for (int r = 0; r < 24; r++) {
                int m1 = RealFft2D.signedMode(r, 24);
                for (int s = 0; s <= 12; s++) {
                    int o = fft.offset(r, s);
                    if (rule.retains(m1, s, 24, 24)) {
                        kept++;
                        assertEquals(-exact[o], out[o], 1e-12, rule + " re " + m1 + "," + s);
                        assertEquals(-exact[o + 1], out[o + 1], 1e-12, rule + " im " + m1 + "," + s);
                    } else {
                        assertEquals(0.0, out[o], 0.0, rule + " re " + m1 + "," + s);
                        assertEquals(0.0, out[o + 1], 0.0, rule + " im " + m1 + "," + s);
                    }
                }
            }
            // Box: m1 in -8..8 (17 rows) x s in 0..8 (9 columns). Disc: lattice points of radius^2 <= 128, s >= 0.
            int expectedKept = rule == Dealiasing.BOX_TWO_THIRDS ? 17 * 9 : countDisc(128);
            assertEquals(expectedKept, kept, rule.toString());
        }
    }

    private static int countDisc(int radiusSquared) {
        int n = 0;
        for (int m1 = -12; m1 < 12; m1++) {
            for (int s = 0; s <= 12; s++) {
                if (m1 * m1 + s * s <= radiusSquared) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void dealiasingRulesAtTheirEdges() {
        assertTrue(Dealiasing.BOX_TWO_THIRDS.retains(21, -21, 64, 64));
        assertFalse(Dealiasing.BOX_TWO_THIRDS.retains(22, 0, 64, 64));
        assertFalse(Dealiasing.BOX_TWO_THIRDS.retains(32, 0, 64, 64));
        // 2 (64/3)^2 = 910.2: 21^2 + 21^2 = 882 kept, 30^2 + 3^2 = 909 kept, 30^2 + 4^2 = 916 dropped.
        assertTrue(Dealiasing.CIRCULAR.retains(21, 21, 64, 64));
        assertTrue(Dealiasing.CIRCULAR.retains(-30, 3, 64, 64));
        assertFalse(Dealiasing.CIRCULAR.retains(30, 4, 64, 64));
    }

    @Test
    void timeDerivativeOfTaylorGreenIsPureViscousDecay() {
        Grid2D grid = Grid2D.periodic(16, 2 * Math.PI);
        double nu = 0.03;
        NavierStokes2D equation = new NavierStokes2D(grid, nu, Forcing.none());
        VorticityOperator operator = equation.newOperator();
        double[] omega = Flows.taylorGreen(grid, 3, 0.7);
        double[] hat = new double[operator.spectrumLength()];
        operator.toSpectrum(omega, hat);
        double[] dHat = new double[hat.length];
        operator.timeDerivative(hat, dHat);
        double[] d = new double[grid.size()];
        operator.toField(dHat, d);
        // u·∇ω = 0 exactly for Taylor-Green (ω = 2k² ψ); -νΔω = -2νk²ω with k = 3.
        for (int p = 0; p < d.length; p++) {
            assertEquals(-2 * nu * 9 * omega[p], d[p], 1e-12);
        }
    }

    @Test
    void forcingEntersTheExplicitTerm() {
        NavierStokes2D equation = NavierStokesPreset.KOLMOGOROV.equation(16);
        VorticityOperator operator = equation.newOperator();
        double[] out = new double[operator.spectrumLength()];
        operator.explicitTerm(new double[operator.spectrumLength()], out);
        double[] f = new double[equation.grid().size()];
        operator.toField(out, f);
        Grid2D grid = equation.grid();
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                assertEquals(-4 * Math.cos(4 * grid.y(j)), f[grid.index(i, j)], 1e-13);
            }
        }
    }

    @Test
    void diagnosticsOfTaylorGreenMatchClosedForms() {
        double length = 2 * Math.PI;
        Grid2D grid = Grid2D.periodic(32, length);
        NavierStokes2D equation = new NavierStokes2D(grid, 0.01, Forcing.none());
        int k = 2;
        double a = 0.8;
        double[] omega = Flows.taylorGreen(grid, k, a);
        double[][] uv = equation.velocity(omega);
        double[] psi = equation.streamFunction(omega);
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                double x = grid.x(i);
                double y = grid.y(j);
                int p = grid.index(i, j);
                assertEquals(a * Math.sin(k * x) * Math.sin(k * y), psi[p], 1e-14);
                assertEquals(a * k * Math.sin(k * x) * Math.cos(k * y), uv[0][p], 1e-13);
                assertEquals(-a * k * Math.cos(k * x) * Math.sin(k * y), uv[1][p], 1e-13);
            }
        }
        // E = ½∫|u|² = A²k²L²/4,  Z = ½∫ω² = k⁴A²L²/2,  max|u| = Ak (sampled at x = π/4, y = 0).
        assertEquals(a * a * k * k * length * length / 4, equation.kineticEnergy(omega), 1e-12);
        assertEquals(Math.pow(k, 4) * a * a * length * length / 2, equation.enstrophy(omega), 1e-11);
        assertEquals(a * k, equation.maxSpeed(omega), 1e-13);
    }

    @Test
    void presetsCarryTheirPublishedParameters() {
        assertEquals(2 * Math.PI, NavierStokesPreset.KOLMOGOROV.domainLength());
        assertEquals(1.0 / 200, NavierStokesPreset.KOLMOGOROV.viscosity());
        assertEquals(1.0, NavierStokesPreset.LI2021.domainLength());
        assertEquals(1e-3, NavierStokesPreset.LI2021.viscosity());
        NavierStokes2D li = NavierStokesPreset.LI2021.equation(8, Dealiasing.CIRCULAR);
        assertEquals(Dealiasing.CIRCULAR, li.dealiasing());
        double[] f = li.forcingValues();
        Grid2D grid = li.grid();
        double x = grid.x(3);
        double y = grid.y(5);
        assertEquals(
                0.1 * (Math.sin(2 * Math.PI * (x + y)) + Math.cos(2 * Math.PI * (x + y))), f[grid.index(3, 5)], 1e-15);
        double[] custom = new double[64];
        custom[9] = 2.5;
        assertEquals(2.5, new NavierStokes2D(grid, 0.1, Forcing.field(custom)).forcingValues()[9]);
    }

    @Test
    void rejectsInvalidSetUps() {
        Grid2D periodic = Grid2D.periodic(16, 1.0);
        assertThrows(
                IllegalArgumentException.class, () -> new NavierStokes2D(Grid2D.nodes(16, 1.0), 0.1, Forcing.none()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new NavierStokes2D(Grid2D.periodic(15, 1.0), 0.1, Forcing.none()));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2D(periodic, -0.1, Forcing.none()));
        assertThrows(IllegalArgumentException.class, () -> new NavierStokes2D(periodic, Double.NaN, Forcing.none()));
        assertThrows(
                IllegalArgumentException.class, () -> new NavierStokes2D(periodic, 0.1, Forcing.field(new double[10])));
        assertThrows(IllegalArgumentException.class, () -> Forcing.field(new double[] {Double.NaN}));
        NavierStokes2D equation = new NavierStokes2D(periodic, 0.1, Forcing.none());
        assertThrows(IllegalArgumentException.class, () -> equation.enstrophy(new double[3]));
    }
}
