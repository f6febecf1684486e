package org.pdeflow.pde.wave;

import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.pdeflow.pde.wave.AcousticWave2D.PointStencil;

/**
 * The semi-discrete wave equation as a first-order system for Hipparchus, state
 * {@code y = (u, v)} on the padded grid (length 2 N):
 *
 * <pre>
 *   u' = v,   v' = c^2 Lap_h u - sigma v + sum_s w_s(t) delta_h(x - x_s)
 * </pre>
 *
 * with u = v = 0 held on the outer (Dirichlet) edge. Without sigma and sources it conserves
 * {@code E(t) = 1/2 |v|^2_{1/c^2} + 1/2 |grad_h u|^2}. Not thread-safe (Hipparchus calls it from one thread).
 */
final class WaveOde implements OrdinaryDifferentialEquation {

    private final int pnx;
    private final int pny;
    private final int size;
    private final double idx2;
    private final double idy2;
    private final double[] c2;
    private final double[] sigma;
    private final PointStencil[] sources;
    private final RickerWavelet[] wavelets;
    private final double invCellArea;

    WaveOde(AcousticWave2D eq, Acquisition acq) {
        this.pnx = eq.paddedNx();
        this.pny = eq.paddedNy();
        this.size = pnx * pny;
        double dx = eq.grid().dx();
        double dy = eq.grid().dy();
        this.idx2 = 1.0 / (dx * dx);
        this.idy2 = 1.0 / (dy * dy);
        this.c2 = eq.paddedVelocitySquared();
        this.sigma = eq.paddedDamping();
        this.sources = acq.sources;
        this.wavelets = acq.wavelets;
        this.invCellArea = 1.0 / (dx * dy);
    }

    /** Number of padded grid nodes N (the state has 2 N components). */
    int nodes() {
        return size;
    }

    @Override
    public int getDimension() {
        return 2 * size;
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        double[] yDot = new double[2 * size];
        final int n = size;
        final int stride = pny;
        for (int i = 1; i < pnx - 1; i++) {
            int from = i * stride + 1;
            int to = (i + 1) * stride - 1;
            System.arraycopy(y, n + from, yDot, from, to - from);
            for (int k = from; k < to; k++) {
                double uk = y[k];
                double lap =
                        (y[k - stride] + y[k + stride] - 2.0 * uk) * idx2 + (y[k - 1] + y[k + 1] - 2.0 * uk) * idy2;
                yDot[n + k] = c2[k] * lap;
            }
            if (sigma != null) {
                for (int k = from; k < to; k++) {
                    yDot[n + k] -= sigma[k] * y[n + k];
                }
            }
        }
        for (int s = 0; s < sources.length; s++) {
            double w = wavelets[s].value(t) * invCellArea;
            int[] idx = sources[s].index();
            double[] wt = sources[s].weight();
            for (int m = 0; m < idx.length; m++) {
                yDot[n + idx[m]] += w * wt[m];
            }
        }
        return yDot;
    }
}
