package org.pdeflow.pde.wave;

import java.util.Arrays;
import org.pdeflow.pde.wave.AcousticWave2D.PointStencil;

/**
 * The leapfrog recursion of one run on the padded grid of an {@link AcousticWave2D}:
 *
 * <pre>
 *   (u^{n+1} - 2 u^n + u^{n-1}) / dt^2 + sigma (u^{n+1} - u^{n-1}) / (2 dt) = c^2 Lap_h u^n + f(t_n)
 *   u^{n+1} = [2 u^n - (1 - sigma dt / 2) u^{n-1} + dt^2 (c^2 Lap_h u^n + f(t_n))] / (1 + sigma dt / 2)
 * </pre>
 *
 * (e.g. Cohen, "Higher-Order Numerical Methods for Transient Wave Equations", 2002, ch. 1; the
 * centred damping term keeps the scheme second order and is unconditionally stable in sigma). The
 * first step uses the Taylor start {@code u^1 = u^0 + dt v^0 + dt^2/2 (c^2 Lap_h u^0 - sigma v^0 + f(0))}.
 * Without damping and sources the energy
 * {@code E^{n+1/2} = 1/2 |(u^{n+1}-u^n)/dt|^2_{1/c^2} + 1/2 <grad_h u^{n+1}, grad_h u^n>} is conserved exactly.
 *
 * <p>Two arrays hold u^{n-1} and u^n; the new level overwrites u^{n-1} in place (each node reads only
 * its own old value) and the two swap. Not thread-safe; one per run.
 */
final class LeapfrogStepper {

    private final AcousticWave2D eq;
    private final int pnx;
    private final int pny;
    private final int pad;
    private final int nx;
    private final int ny;
    private final double dt;
    /** dx^2 / dy^2, so that Lap_h u dx^2 = (x-differences) + ratio (y-differences). */
    private final double ratio;
    /** c^2 dt^2 / dx^2. */
    private final double[] q;
    /** 1 / (1 + sigma dt / 2), or null without damping. */
    private final double[] a;
    /** 1 - sigma dt / 2, or null without damping. */
    private final double[] b;

    private final PointStencil[] sources;
    private final RickerWavelet[] wavelets;
    /** dt^2 / (dx dy) times the bilinear weight times a at that node, per source. */
    private final double[][] sourceGain;

    private double[] prev;
    private double[] cur;
    private long n;

    LeapfrogStepper(AcousticWave2D eq, double dt, Acquisition acq) {
        this.eq = eq;
        this.pnx = eq.paddedNx();
        this.pny = eq.paddedNy();
        this.pad = eq.pad();
        this.nx = eq.grid().nx();
        this.ny = eq.grid().ny();
        this.dt = dt;
        double dx = eq.grid().dx();
        double dy = eq.grid().dy();
        this.ratio = dx * dx / (dy * dy);
        double[] c2 = eq.paddedVelocitySquared();
        this.q = new double[c2.length];
        double s = dt * dt / (dx * dx);
        for (int k = 0; k < c2.length; k++) {
            q[k] = c2[k] * s;
        }
        double[] sigma = eq.paddedDamping();
        if (sigma == null) {
            a = null;
            b = null;
        } else {
            a = new double[sigma.length];
            b = new double[sigma.length];
            for (int k = 0; k < sigma.length; k++) {
                double h = 0.5 * sigma[k] * dt;
                a[k] = 1.0 / (1.0 + h);
                b[k] = 1.0 - h;
            }
        }
        this.sources = acq.sources;
        this.wavelets = acq.wavelets;
        this.sourceGain = new double[sources.length][];
        double scale = dt * dt / (dx * dy);
        for (int i = 0; i < sources.length; i++) {
            int[] idx = sources[i].index();
            double[] w = sources[i].weight();
            sourceGain[i] = new double[idx.length];
            for (int m = 0; m < idx.length; m++) {
                sourceGain[i][m] = scale * w[m] * (a == null ? 1.0 : a[idx[m]]);
            }
        }
        this.prev = new double[pnx * pny];
        this.cur = new double[pnx * pny];
    }

    /**
     * Sets u^0 and takes the Taylor first step to u^1.
     *
     * @param u0 model-grid displacement or null for zero
     * @param v0 model-grid velocity or null for zero
     */
    void start(double[] u0, double[] v0) {
        Arrays.fill(prev, 0.0);
        Arrays.fill(cur, 0.0);
        if (u0 != null) {
            eq.embed(u0, prev);
        }
        double[] v = new double[pnx * pny];
        if (v0 != null) {
            eq.embed(v0, v);
        }
        double[] sigma = eq.paddedDamping();
        double half = 0.5 * dt * dt;
        for (int i = 1; i < pnx - 1; i++) {
            for (int k = i * pny + 1; k < (i + 1) * pny - 1; k++) {
                double damp = sigma == null ? 0.0 : sigma[k] * v[k];
                cur[k] = prev[k] + dt * v[k] + 0.5 * q[k] * laplacianTimesDx2(prev, k) - half * damp;
            }
        }
        // Taylor start uses f(0) dt^2 / 2, without the 1 / (1 + sigma dt / 2) factor of sourceGain.
        for (int s = 0; s < sources.length; s++) {
            double w = wavelets[s].value(0.0);
            int[] idx = sources[s].index();
            double[] wt = sources[s].weight();
            for (int m = 0; m < idx.length; m++) {
                cur[idx[m]] += half * w * wt[m] / (eq.grid().dx() * eq.grid().dy());
            }
        }
        n = 1;
    }

    private double laplacianTimesDx2(double[] u, int k) {
        double uk = u[k];
        return (u[k - pny] + u[k + pny] - 2.0 * uk) + ratio * (u[k - 1] + u[k + 1] - 2.0 * uk);
    }

    /** Advances from t_n to t_{n+1}. */
    void step() {
        advance(cur, prev, prev, n * dt);
        double[] t = prev;
        prev = cur;
        cur = t;
        n++;
    }

    /**
     * Writes u^{n+1} computed from (u = u^n, p = u^{n-1}) into out, which may be p itself
     * (node k reads p[k] before writing out[k]); out's Dirichlet edge is not touched.
     */
    private void advance(double[] u, double[] p, double[] out, double time) {
        if (a == null) {
            for (int i = 1; i < pnx - 1; i++) {
                plain(u, p, out, i * pny + 1, (i + 1) * pny - 1);
            }
        } else {
            // The model region has sigma = 0: run the cheaper kernel there.
            for (int i = 1; i < pnx - 1; i++) {
                int row = i * pny;
                if (i < pad || i >= pad + nx) {
                    damped(u, p, out, row + 1, row + pny - 1);
                } else {
                    damped(u, p, out, row + 1, row + pad);
                    plain(u, p, out, row + pad, row + pad + ny);
                    damped(u, p, out, row + pad + ny, row + pny - 1);
                }
            }
        }
        for (int s = 0; s < sources.length; s++) {
            double w = wavelets[s].value(time);
            int[] idx = sources[s].index();
            double[] g = sourceGain[s];
            for (int m = 0; m < idx.length; m++) {
                out[idx[m]] += g[m] * w;
            }
        }
    }

    private void plain(double[] u, double[] p, double[] out, int from, int to) {
        final int stride = pny;
        final double r = ratio;
        for (int k = from; k < to; k++) {
            double uk = u[k];
            double lap = (u[k - stride] + u[k + stride] - 2.0 * uk) + r * (u[k - 1] + u[k + 1] - 2.0 * uk);
            out[k] = 2.0 * uk - p[k] + q[k] * lap;
        }
    }

    private void damped(double[] u, double[] p, double[] out, int from, int to) {
        final int stride = pny;
        final double r = ratio;
        for (int k = from; k < to; k++) {
            double uk = u[k];
            double lap = (u[k - stride] + u[k + stride] - 2.0 * uk) + r * (u[k - 1] + u[k + 1] - 2.0 * uk);
            out[k] = a[k] * (2.0 * uk - b[k] * p[k] + q[k] * lap);
        }
    }

    /** Current time t_n, s. */
    double time() {
        return n * dt;
    }

    /** Number of steps taken since u^0 (the Taylor start counts as one). */
    long stepCount() {
        return n;
    }

    /** u^n on the padded grid (live array: valid until the next step). */
    double[] current() {
        return cur;
    }

    /** u^{n-1} on the padded grid (live array: valid until the next step). */
    double[] previous() {
        return prev;
    }

    /** Centred velocity (u^{n+1} - u^{n-1}) / (2 dt) on the padded grid, without advancing. */
    double[] centredVelocity() {
        double[] next = new double[pnx * pny];
        advance(cur, prev, next, n * dt);
        double inv = 0.5 / dt;
        for (int k = 0; k < next.length; k++) {
            next[k] = (next[k] - prev[k]) * inv;
        }
        return next;
    }
}
