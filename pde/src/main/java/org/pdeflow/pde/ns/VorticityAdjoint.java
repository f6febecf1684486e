package org.pdeflow.pde.ns;

import java.util.Arrays;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.spectral.RealFft2D;

/**
 * The fixed-step {@link ImexCrankNicolsonHeun} flow map {@code ω(0) -> ω(T)} and its discrete adjoint, in double
 * precision on the CPU: the gradient of {@code <g, ω(T)>} with respect to ω(0) for any g, exact for the discrete
 * scheme (not a discretisation of the continuous adjoint equation), so that 4D-Var and guided samplers minimise the
 * same function they evaluate.
 *
 * <p><b>Scheme</b> (that of {@link ImexCrankNicolsonHeun#fixedStep}, step for step): with {@code N = ceil(T / hMax)}
 * steps {@code h = T / N}, {@code a = 1 + hL/2}, {@code b = 1 / (1 - hL/2)}, {@code L = -ν|k|²} and the explicit term
 * {@code E(c) = f̂ - P F[(U c)(G_x c) + (V c)(G_y c)]} of {@link VorticityOperator} (U, V, G_x, G_y the Fourier
 * multipliers giving u, v, ∂ω/∂x, ∂ω/∂y from the dealiased coefficients; F the normalised forward transform; P the
 * dealiasing mask):
 * <pre>
 *   e0 = E(c),   s = b (a c + h e0),   e1 = E(s),   c' = b (a c + h (e0 + e1) / 2).
 * </pre>
 *
 * <p><b>Adjoint.</b> In the inner product {@code <μ, c> = Σ_k Re(conj μ_k c_k)} over the full spectrum (Parseval:
 * {@code (1 / N_grid) Σ_x μ(x) c(x)}), a real diagonal multiplier is its own adjoint, the purely imaginary, odd
 * multipliers U, V, G_x, G_y are minus theirs, and the linearised explicit term has the adjoint
 * <pre>
 *   dE(c)* μ = U F(m G_x c) + G_x F(m U c) + V F(m G_y c) + G_y F(m V c),    m = F⁻¹(P μ),
 * </pre>
 * (products pointwise on the grid, the fields of c those of the forward pass). One step backwards, from the cotangent
 * μ' of c':
 * <pre>
 *   ν = b μ',   μ_e = h ν / 2,   ν_s = b dE(s)* μ_e,   μ = a ν + a ν_s + dE(c)* (μ_e + h ν_s).
 * </pre>
 * Starting from {@code μ_T = F g}, the gradient is {@code F⁻¹ μ_0}.
 *
 * <p><b>Cost and memory.</b> A solve costs 10 real 2-D FFTs per step (as {@link ImexCrankNicolsonHeun}); the adjoint
 * costs 10 more, because a {@linkplain #solve(double[], boolean) recording solve} keeps the four grid fields of each
 * of the two stages: {@code 8 N nx ny} doubles (128 MiB for 500 steps at 64²), allocated once per instance on the
 * first recording solve. No divergence check is made (a fixed step is the caller's choice); a diverged solve returns
 * non-finite values.
 *
 * <p>Not thread-safe: an instance owns its buffers. Create one per thread.
 */
public final class VorticityAdjoint {

    private final NavierStokes2D equation;
    private final double endTime;
    private final int steps;
    private final double step;
    private final RealFft2D fft;
    private final int count;
    private final int points;
    private final int lastColumn;
    private final double[] explicitA;
    private final double[] implicitB;
    private final double[] multiplierU;
    private final double[] multiplierV;
    private final double[] multiplierX;
    private final double[] multiplierY;
    private final double[] mask;
    /** The forward pass's explicit term, the one {@link ImexCrankNicolsonHeun} integrates. */
    private final VorticityOperator operator;

    private final double[] c;
    private final double[] star;
    private final double[] e0;
    private final double[] e1;
    private final double[][] scratchFields;
    private final double[] work;
    private final double[] spectrumWork;
    private final double[] nu;
    private final double[] nuStar;
    private final double[] accumulated;

    /** The grid fields (u, v, ∂ω/∂x, ∂ω/∂y) of stage j of step n at index 2n + j; null until a recording solve. */
    private double[][][] trajectory;

    private boolean recorded;

    /**
     * @param equation the equation (grid, viscosity, forcing, dealiasing rule)
     * @param endTime T &gt; 0
     * @param maxStep the largest step; the steps are {@code T / ceil(T / maxStep)}, as
     *     {@code ImexCrankNicolsonHeun.fixedStep(maxStep)} integrates to a single snapshot time T
     */
    public VorticityAdjoint(NavierStokes2D equation, double endTime, double maxStep) {
        if (equation == null) {
            throw new IllegalArgumentException("equation is required");
        }
        if (!(endTime > 0) || Double.isInfinite(endTime)) {
            throw new IllegalArgumentException("end time must be positive and finite, got " + endTime);
        }
        if (!(maxStep > 0) || Double.isInfinite(maxStep)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + maxStep);
        }
        this.equation = equation;
        this.endTime = endTime;
        this.steps = ImexCrankNicolsonHeun.fixedStepCount(endTime, maxStep);
        this.step = endTime / steps;
        int nx = equation.grid().nx();
        int ny = equation.grid().ny();
        this.fft = new RealFft2D(nx, ny);
        this.count = fft.coefficientCount();
        this.points = nx * ny;
        this.lastColumn = equation.lastRetainedColumn();
        this.mask = equation.mask();
        this.operator = equation.newOperator();
        double[] kx = equation.kx();
        double[] ky = equation.ky();
        double[] inverse = equation.inverseKSquared();
        double[] kSquared = equation.kSquared();
        explicitA = new double[count];
        implicitB = new double[count];
        // Imaginary parts of the multipliers: U = i ky P / |k|², V = -i kx P / |k|², G_x = i kx P, G_y = i ky P.
        multiplierU = new double[count];
        multiplierV = new double[count];
        multiplierX = new double[count];
        multiplierY = new double[count];
        double half = 0.5 * step;
        for (int e = 0; e < count; e++) {
            double rate = -equation.viscosity() * kSquared[e];
            explicitA[e] = 1 + half * rate;
            implicitB[e] = 1 / (1 - half * rate);
            multiplierU[e] = ky[e] * mask[e] * inverse[e];
            multiplierV[e] = -kx[e] * mask[e] * inverse[e];
            multiplierX[e] = kx[e] * mask[e];
            multiplierY[e] = ky[e] * mask[e];
        }
        int length = fft.spectrumLength();
        c = new double[length];
        star = new double[length];
        e0 = new double[length];
        e1 = new double[length];
        scratchFields = new double[4][points];
        work = new double[points];
        spectrumWork = new double[length];
        nu = new double[length];
        nuStar = new double[length];
        accumulated = new double[length];
    }

    /** The equation. */
    public NavierStokes2D equation() {
        return equation;
    }

    /** T. */
    public double endTime() {
        return endTime;
    }

    /** Number of steps N. */
    public int steps() {
        return steps;
    }

    /** The step h = T / N. */
    public double step() {
        return step;
    }

    /**
     * Bytes a {@linkplain #solve(double[], boolean) recording solve} of {@code steps} steps on {@code grid} keeps:
     * {@code 8 N nx ny} doubles.
     */
    public static long trajectoryBytes(Grid2D grid, int steps) {
        return 8L * Double.BYTES * steps * grid.size();
    }

    /**
     * Integrates from ω(0) to ω(T).
     *
     * @param omega0 vorticity at t = 0, length {@code nx * ny} (not modified)
     * @param record keep what {@link #gradient} needs (8 N grid fields)
     * @return ω(T)
     */
    public double[] solve(double[] omega0, boolean record) {
        equation.checkField(omega0);
        if (record && trajectory == null) {
            trajectory = new double[2 * steps][4][points];
        }
        recorded = false;
        fft.forward(omega0, c);
        double h = step;
        double half = 0.5 * h;
        for (int n = 0; n < steps; n++) {
            operator.explicitTerm(c, e0, record ? trajectory[2 * n] : scratchFields);
            for (int e = 0; e < count; e++) {
                double a = explicitA[e];
                double b = implicitB[e];
                star[2 * e] = (a * c[2 * e] + h * e0[2 * e]) * b;
                star[2 * e + 1] = (a * c[2 * e + 1] + h * e0[2 * e + 1]) * b;
            }
            operator.explicitTerm(star, e1, record ? trajectory[2 * n + 1] : scratchFields);
            for (int e = 0; e < count; e++) {
                double a = explicitA[e];
                double b = implicitB[e];
                c[2 * e] = (a * c[2 * e] + half * (e0[2 * e] + e1[2 * e])) * b;
                c[2 * e + 1] = (a * c[2 * e + 1] + half * (e0[2 * e + 1] + e1[2 * e + 1])) * b;
            }
        }
        double[] omega = new double[points];
        fft.inverse(c, omega);
        recorded = record;
        return omega;
    }

    /**
     * The gradient of {@code <g, ω(T)>} (sum over grid points) with respect to ω(0), at the ω(0) of the last
     * recording {@link #solve}.
     *
     * @param cotangent g, length {@code nx * ny} (not modified)
     * @return the gradient, length {@code nx * ny}
     * @throws IllegalStateException when the last solve did not record
     */
    public double[] gradient(double[] cotangent) {
        equation.checkField(cotangent);
        if (!recorded) {
            throw new IllegalStateException("gradient needs a recording solve first (solve(omega0, true))");
        }
        double[] mu = c;
        fft.forward(cotangent, mu);
        double h = step;
        double half = 0.5 * h;
        for (int n = steps - 1; n >= 0; n--) {
            for (int e = 0; e < count; e++) {
                double b = implicitB[e];
                nu[2 * e] = b * mu[2 * e];
                nu[2 * e + 1] = b * mu[2 * e + 1];
                // the cotangent of e1 (and the first part of e0's): h ν / 2
                e1[2 * e] = half * nu[2 * e];
                e1[2 * e + 1] = half * nu[2 * e + 1];
            }
            adjointExplicitTerm(e1, trajectory[2 * n + 1], star);
            for (int e = 0; e < count; e++) {
                double a = explicitA[e];
                double b = implicitB[e];
                double sr = b * star[2 * e];
                double si = b * star[2 * e + 1];
                nuStar[2 * e] = sr;
                nuStar[2 * e + 1] = si;
                e0[2 * e] = e1[2 * e] + h * sr;
                e0[2 * e + 1] = e1[2 * e + 1] + h * si;
                accumulated[2 * e] = a * (nu[2 * e] + sr);
                accumulated[2 * e + 1] = a * (nu[2 * e + 1] + si);
            }
            adjointExplicitTerm(e0, trajectory[2 * n], star);
            for (int e = 0; e < 2 * count; e++) {
                mu[e] = accumulated[e] + star[e];
            }
        }
        double[] gradient = new double[points];
        fft.inverse(mu, gradient);
        // c was used as the adjoint state: the recorded trajectory stays valid, the final state does not matter.
        return gradient;
    }

    /** {@code out = dE(c)* mu} with the grid fields of c from the forward pass. */
    private void adjointExplicitTerm(double[] mu, double[][] fields, double[] out) {
        double[] w = spectrumWork;
        for (int e = 0; e < count; e++) {
            w[2 * e] = mask[e] * mu[2 * e];
            w[2 * e + 1] = mask[e] * mu[2 * e + 1];
        }
        double[] m = scratchFields[0];
        fft.inverse(w, m, lastColumn);
        Arrays.fill(out, 0.0);
        // U F(m ∂ω/∂x) + V F(m ∂ω/∂y) + G_x F(m u) + G_y F(m v)
        accumulateProduct(m, fields[2], multiplierU, out);
        accumulateProduct(m, fields[3], multiplierV, out);
        accumulateProduct(m, fields[0], multiplierX, out);
        accumulateProduct(m, fields[1], multiplierY, out);
    }

    /** {@code out += i k F(m f)} for the multiplier with imaginary part {@code k}. */
    private void accumulateProduct(double[] m, double[] f, double[] k, double[] out) {
        for (int p = 0; p < points; p++) {
            work[p] = m[p] * f[p];
        }
        double[] w = spectrumWork;
        fft.forward(work, w, lastColumn);
        for (int e = 0; e < count; e++) {
            double im = k[e];
            // i k (re + i im) = -k im + i k re
            out[2 * e] -= im * w[2 * e + 1];
            out[2 * e + 1] += im * w[2 * e];
        }
    }
}
