package org.pdeflow.solvers.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.NoiseLevels;
import org.pdeflow.solvers.denoise.VelocityField;

/**
 * High-accuracy reference solutions of the sampling ODEs with Hipparchus' adaptive
 * Dormand-Prince 8(5,3) integrator (Hairer, Norsett and Wanner, "Solving ordinary differential
 * equations I", section II.10) on the flattened state, for convergence tests of the samplers.
 *
 * <p>The state is carried as double[] of length B C H W (row-major, the layout of the NDArray);
 * each right-hand-side evaluation copies it into a float64 NDArray in a scratch manager, calls the
 * denoiser or velocity field, and copies the result back, so the reference is as accurate as the
 * model evaluated in double precision allows. The probability-flow ODE is integrated in
 * s = ln sigma, where it reads dx/ds = x - D(x; e^s) (smooth in s down to small sigma).
 */
public final class OdeReference {

    private final double relativeTolerance;
    private final double absoluteTolerance;

    /**
     * @param relativeTolerance DP853's relative tolerance (e.g. 1e-12)
     * @param absoluteTolerance DP853's absolute tolerance (e.g. 1e-12)
     */
    public OdeReference(double relativeTolerance, double absoluteTolerance) {
        if (!(relativeTolerance > 0) || !(absoluteTolerance > 0)) {
            throw new IllegalArgumentException(
                    "tolerances must be positive, got " + relativeTolerance + ", " + absoluteTolerance);
        }
        this.relativeTolerance = relativeTolerance;
        this.absoluteTolerance = absoluteTolerance;
    }

    /** Tolerances 1e-12 (relative and absolute). */
    public static OdeReference tight() {
        return new OdeReference(1e-12, 1e-12);
    }

    /**
     * Solves the probability-flow ODE dx/dsigma = (x - D(x; sigma)) / sigma from sigmaFrom to sigmaTo.
     *
     * @param x states at sigmaFrom (B, C, H, W)
     * @param sigmaFrom start level &gt; 0
     * @param sigmaTo end level &gt; 0 (the ODE is singular at 0; a final step to 0 is one evaluation of D)
     * @return the states at sigmaTo, a new array of x's type in x's manager
     */
    public NDArray probabilityFlow(Denoiser denoiser, NDArray x, double sigmaFrom, double sigmaTo) {
        if (!(sigmaFrom > 0) || !(sigmaTo > 0) || Double.isInfinite(sigmaFrom) || Double.isInfinite(sigmaTo)) {
            throw new IllegalArgumentException(
                    "reference levels must be positive and finite, got " + sigmaFrom + ", " + sigmaTo);
        }
        Shape shape = x.getShape();
        NDManager parent = x.getManager();
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return Math.toIntExact(shape.size());
            }

            @Override
            public double[] computeDerivatives(double s, double[] y) {
                try (NDManager scope = parent.newSubManager()) {
                    NDArray state = scope.create(y, shape);
                    NDArray sigma = NoiseLevels.full(scope, shape.get(0), Math.exp(s), DataType.FLOAT64);
                    return state.sub(denoiser.denoise(state, sigma)).toDoubleArray();
                }
            }
        };
        return integrate(ode, x, Math.log(sigmaFrom), Math.log(sigmaTo));
    }

    /**
     * Solves dx/dt = v(x, t) from tFrom to tTo (both in [0, 1]).
     *
     * @return the states at tTo, a new array of x's type in x's manager
     */
    public NDArray flow(VelocityField field, NDArray x, double tFrom, double tTo) {
        if (!(tFrom >= 0 && tFrom <= 1) || !(tTo >= 0 && tTo <= 1)) {
            throw new IllegalArgumentException("times must lie in [0, 1], got " + tFrom + ", " + tTo);
        }
        Shape shape = x.getShape();
        NDManager parent = x.getManager();
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return Math.toIntExact(shape.size());
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                try (NDManager scope = parent.newSubManager()) {
                    NDArray state = scope.create(y, shape);
                    NDArray time = NoiseLevels.full(scope, shape.get(0), t, DataType.FLOAT64);
                    return field.velocity(state, time).toDoubleArray();
                }
            }
        };
        return integrate(ode, x, tFrom, tTo);
    }

    private NDArray integrate(OrdinaryDifferentialEquation ode, NDArray x, double from, double to) {
        double[] y0;
        try (NDArray copy = x.toType(DataType.FLOAT64, true)) {
            y0 = copy.toDoubleArray();
        }
        if (from == to) {
            return x.duplicate();
        }
        double span = Math.abs(to - from);
        DormandPrince853Integrator integrator =
                new DormandPrince853Integrator(1e-12 * span, span, absoluteTolerance, relativeTolerance);
        ODEStateAndDerivative end = integrator.integrate(ode, new ODEState(from, y0), to);
        NDArray out = x.getManager().create(end.getPrimaryState(), x.getShape());
        if (x.getDataType() == DataType.FLOAT64) {
            return out;
        }
        NDArray cast = out.toType(x.getDataType(), false);
        out.close();
        return cast;
    }
}
