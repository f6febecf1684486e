package org.pdeflow.pde.ns;

import java.util.Random;
import org.pdeflow.pde.grid.Grid2D;

/** Initial conditions and error measures shared by the Navier-Stokes tests. */
final class Flows {

    private Flows() {}

    /**
     * A smooth vorticity field made of the modes with |m1|, |m2| &lt;= maxMode (m2 &gt;= 0 to avoid
     * duplicates), random amplitudes decaying like 1 / (1 + |m|²) and random phases, without mean.
     */
    static double[] randomModes(Grid2D grid, int maxMode, double amplitude, long seed) {
        Random random = new Random(seed);
        double[] omega = new double[grid.size()];
        double bx = 2 * Math.PI / grid.lx();
        double by = 2 * Math.PI / grid.ly();
        for (int m1 = -maxMode; m1 <= maxMode; m1++) {
            for (int m2 = 0; m2 <= maxMode; m2++) {
                if (m2 == 0 && m1 <= 0) {
                    continue;
                }
                double a = amplitude * random.nextGaussian() / (1 + m1 * m1 + m2 * m2);
                double phase = 2 * Math.PI * random.nextDouble();
                for (int i = 0; i < grid.nx(); i++) {
                    for (int j = 0; j < grid.ny(); j++) {
                        omega[grid.index(i, j)] += a * Math.cos(bx * m1 * grid.x(i) + by * m2 * grid.y(j) + phase);
                    }
                }
            }
        }
        return omega;
    }

    /** Taylor-Green vorticity 2 k² A sin(kx) sin(ky), stream function A sin(kx) sin(ky). */
    static double[] taylorGreen(Grid2D grid, int k, double amplitude) {
        double[] omega = new double[grid.size()];
        double kk = 2 * Math.PI * k / grid.lx();
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                omega[grid.index(i, j)] = 2 * kk * kk * amplitude * Math.sin(kk * grid.x(i)) * Math.sin(kk * grid.y(j));
            }
        }
        return omega;
    }

    /** ||a - b||_2 / ||b||_2. */
    static double relativeError(double[] a, double[] b) {
        double num = 0;
        double den = 0;
        for (int p = 0; p < a.length; p++) {
            num += (a[p] - b[p]) * (a[p] - b[p]);
            den += b[p] * b[p];
        }
        return Math.sqrt(num / den);
    }

    /** The field shifted by (di, dj) grid cells: result(i + di, j + dj) = field(i, j). */
    static double[] roll(Grid2D grid, double[] field, int di, int dj) {
        double[] out = new double[field.length];
        for (int i = 0; i < grid.nx(); i++) {
            for (int j = 0; j < grid.ny(); j++) {
                out[grid.index((i + di) % grid.nx(), (j + dj) % grid.ny())] = field[grid.index(i, j)];
            }
        }
        return out;
    }
}
