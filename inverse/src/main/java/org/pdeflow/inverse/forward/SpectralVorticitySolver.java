package org.pdeflow.inverse.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.ns.Dealiasing;
import org.pdeflow.pde.ns.ImexCrankNicolsonHeun;
import org.pdeflow.pde.ns.NavierStokes2D;

/**
 * A batched, differentiable pseudo-spectral solver of the 2D Navier-Stokes vorticity equation in DJL:
 * the float32 twin of {@code org.pdeflow.pde.ns.ImexCrankNicolsonHeun} with a fixed step, so that
 * DJL autograd through {@link #solve} is the exact discrete adjoint of the scheme.
 *
 * <p><b>Equation and scheme</b> (those of {@link NavierStokes2D} and the pde integrator, step for step):
 * <pre>
 *   dω/dt + u·∇ω = ν Δω + f,   u = (∂ψ/∂y, -∂ψ/∂x),   -Δψ = ω,
 *   dc/dt = -ν|k|² c + E(c),   E(c) = f̂ - P[ (P u)·∇(P ω) ]^,
 *   c*     = [(1 + hL/2) c + h E(c)] / (1 - hL/2),
 *   c_next = [(1 + hL/2) c + h (E(c) + E(c*)) / 2] / (1 - hL/2),      L = -ν|k|²,
 * </pre>
 * i.e. Crank-Nicolson for viscosity and Heun for advection and forcing (Chandler &amp; Kerswell
 * 2013, sec. 3), with P the projection onto the modes kept by the equation's {@link Dealiasing}
 * rule (input and output of the product), first-derivative wavenumbers zeroed at the Nyquist
 * modes, ψ without its mean. With {@code NavierStokesPreset.KOLMOGOROV} this is the InverseBench
 * Navier-Stokes set-up (L = 2π, Re = 200, f = -4 cos 4y) with the scheme of its solver, except that
 * the advection term here is u·∇ω (pdeflow's reference form) rather than InverseBench's ∇·(uω).
 *
 * <p><b>Steps.</b> Fixed: {@code N = ceil(T / maxStep)} equal steps {@code h = T / N}, exactly as
 * {@code ImexCrankNicolsonHeun.fixedStep(maxStep)} integrates to a single snapshot time T.
 *
 * <p><b>Complex arithmetic in DJL.</b> Fields are transformed with {@code rfft} along y then
 * {@code fft} along x (DJL has no rfft2) and back with {@code ifft}, {@code irfft}; every
 * spectral operator (i k_x, i k_y / |k|², masks) is a complex64 constant built once from real
 * (re, im) pairs with {@code complex()}, which is never applied to data, because DJL's
 * {@code complex()} is not differentiable. Products complex × complex and complex × real are,
 * so gradients flow from ω(T) back to ω(0). The transforms' normalisation differs from the pde
 * module's (PyTorch's unnormalised forward transform) but the scheme is linear in the spectral
 * representation, so the result does not depend on it.
 *
 * <p><b>Memory.</b> Each step runs in its own sub-manager of the input's manager; only the new state
 * survives a step, so a forward solve holds O(1) arrays. Under autograd the graph keeps what
 * backpropagation needs (a few tens of (B, nx, ny/2+1) complex arrays per step, the four stacked fields
 * counted four times).
 *
 * <p>An instance holds its constants in its own manager: {@link #close()} it when done. It is
 * thread-safe for {@link #solve} (constants are only read).
 */
public final class SpectralVorticitySolver implements AutoCloseable {

    private final NavierStokes2D equation;
    private final double maxStep;
    private final int nx;
    private final int ny;
    private final int columns;
    private final NDManager constants;
    /** (4, 1, nx, ny/2+1) complex: the spectral multipliers of u, v, ∂ω/∂x, ∂ω/∂y, stacked. */
    private final NDArray factors;
    /** -P: minus the dealiasing projection, real (nx, ny/2+1). */
    private final NDArray negativeMask;

    private final NDArray forcingSpectrum;
    private final float[] rates;

    /**
     * @param equation the equation (grid, viscosity, forcing, dealiasing rule)
     * @param maxStep the largest time step; the steps are T / ceil(T / maxStep)
     * @param device where the constants (and hence the computation) live
     */
    public SpectralVorticitySolver(NavierStokes2D equation, double maxStep, Device device) {
        if (equation == null || device == null) {
            throw new IllegalArgumentException("equation and device are required");
        }
        if (!(maxStep > 0) || Double.isInfinite(maxStep)) {
            throw new IllegalArgumentException("time step must be positive and finite, got " + maxStep);
        }
        this.equation = equation;
        this.maxStep = maxStep;
        Grid2D grid = equation.grid();
        this.nx = grid.nx();
        this.ny = grid.ny();
        this.columns = ny / 2 + 1;
        int count = nx * columns;
        float[] ux = new float[2 * count];
        float[] uy = new float[2 * count];
        float[] gx = new float[2 * count];
        float[] gy = new float[2 * count];
        float[] m = new float[count];
        this.rates = new float[count];
        double baseX = 2 * Math.PI / grid.lx();
        double baseY = 2 * Math.PI / grid.ly();
        Dealiasing rule = equation.dealiasing();
        double nu = equation.viscosity();
        for (int r = 0; r < nx; r++) {
            int m1 = r <= nx / 2 ? r : r - nx;
            for (int s = 0; s < columns; s++) {
                int e = r * columns + s;
                double wx = baseX * m1;
                double wy = baseY * s;
                double k2 = wx * wx + wy * wy;
                double kx = 2 * r == nx ? 0.0 : wx;
                double ky = 2 * s == ny ? 0.0 : wy;
                double keep = rule.retains(m1, s, nx, ny) ? 1.0 : 0.0;
                double inv = e == 0 ? 0.0 : 1.0 / k2;
                // u^ = i ky psi^, v^ = -i kx psi^, psi^ = P w^ / |k|^2; grad w^ = i k P w^.
                ux[2 * e + 1] = (float) (ky * keep * inv);
                uy[2 * e + 1] = (float) (-kx * keep * inv);
                gx[2 * e + 1] = (float) (kx * keep);
                gy[2 * e + 1] = (float) (ky * keep);
                m[e] = (float) keep;
                rates[e] = (float) (-nu * k2);
            }
        }
        this.constants = NDManager.newBaseManager(device);
        float[] stacked = new float[4 * 2 * count];
        System.arraycopy(ux, 0, stacked, 0, 2 * count);
        System.arraycopy(uy, 0, stacked, 2 * count, 2 * count);
        System.arraycopy(gx, 0, stacked, 4 * count, 2 * count);
        System.arraycopy(gy, 0, stacked, 6 * count, 2 * count);
        this.factors =
                constants.create(stacked, new Shape(4, 1, nx, columns, 2)).complex();
        for (int e = 0; e < count; e++) {
            m[e] = -m[e];
        }
        this.negativeMask = constants.create(m, new Shape(nx, columns));
        double[] f = equation.forcingValues();
        float[] ff = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            ff[i] = (float) f[i];
        }
        NDArray forcing = constants.create(ff, new Shape(nx, ny));
        this.forcingSpectrum = toSpectrum(forcing);
    }

    /** The equation solved. */
    public NavierStokes2D equation() {
        return equation;
    }

    /** The largest step. */
    public double maxStep() {
        return maxStep;
    }

    /** Number of steps taken to reach {@code endTime}: {@code ceil(T / maxStep)} as the pde integrator counts them. */
    public int steps(double endTime) {
        if (!(endTime > 0) || Double.isInfinite(endTime)) {
            throw new IllegalArgumentException("end time must be positive and finite, got " + endTime);
        }
        return ImexCrankNicolsonHeun.fixedStepCount(endTime, maxStep);
    }

    /**
     * Integrates from ω(0) to ω(T).
     *
     * @param omega0 initial vorticity, shape (B, nx, ny), float32, on this solver's device
     * @param endTime T &gt; 0
     * @return ω(T), shape (B, nx, ny), float32, attached to the manager of {@code omega0}
     */
    public NDArray solve(NDArray omega0, double endTime) {
        Shape s = omega0.getShape();
        if (s.dimension() != 3 || s.get(1) != nx || s.get(2) != ny) {
            throw new IllegalArgumentException(
                    "initial vorticity must have shape (B, " + nx + ", " + ny + "), got " + s);
        }
        int steps = steps(endTime);
        double h = endTime / steps;
        NDManager caller = omega0.getManager();
        float[] explicitA = new float[rates.length];
        float[] implicitB = new float[rates.length];
        for (int e = 0; e < rates.length; e++) {
            explicitA[e] = (float) (1 + 0.5 * h * rates[e]);
            implicitB[e] = (float) (1 / (1 - 0.5 * h * rates[e]));
        }
        // Everything the autograd graph multiplies by lives on the caller's manager until the
        // caller's backward pass is done: DJL creates these arrays over Java direct buffers, and a
        // buffer freed (closed scope, then GC) before backward would corrupt the gradient; DJL's
        // mul(Number) is avoided for the same reason (see GraphScalars).
        NDArray a = caller.create(explicitA, new Shape(nx, columns));
        NDArray b = caller.create(implicitB, new Shape(nx, columns));
        NDArray fullStep = caller.create((float) h);
        NDArray halfStep = caller.create((float) (0.5 * h));
        NDArray c = toSpectrum(omega0);
        for (int n = 0; n < steps; n++) {
            try (NDManager scope = caller.newSubManager()) {
                c.attach(scope);
                NDArray e0 = explicitTerm(c);
                NDArray ac = c.mul(a);
                NDArray star = ac.add(e0.mul(fullStep)).mul(b);
                NDArray e1 = explicitTerm(star);
                NDArray next = ac.add(e0.add(e1).mul(halfStep)).mul(b);
                next.attach(caller);
                c = next;
            }
        }
        try (NDManager scope = caller.newSubManager()) {
            c.attach(scope);
            NDArray omega = toField(c);
            omega.attach(caller);
            return omega;
        }
    }

    /**
     * {@code E(c) = f^ - P[(P u)·∇(P ω)]^}; every result is attached to the manager of c. The four fields u, v,
     * ∂ω/∂x, ∂ω/∂y go through one batched inverse transform: at 64² the cost of a DJL call, not the
     * transform's arithmetic, dominates, and the adjoint repeats every call.
     */
    private NDArray explicitTerm(NDArray c) {
        NDArray fields = toField(c.expandDims(0).mul(factors));
        // (u, v) · (∂ω/∂x, ∂ω/∂y): one product of the two halves and a sum over the stacking axis
        NDArray advection = toSpectrum(fields.get("0:2").mul(fields.get("2:4")).sum(new int[] {0}));
        return advection.mul(negativeMask).add(forcingSpectrum);
    }

    private NDArray toSpectrum(NDArray field) {
        return field.rfft(ny, -1).fft(nx, -2);
    }

    private NDArray toField(NDArray spectrum) {
        return spectrum.ifft(nx, -2).irfft(ny, -1);
    }

    @Override
    public void close() {
        constants.close();
    }
}
