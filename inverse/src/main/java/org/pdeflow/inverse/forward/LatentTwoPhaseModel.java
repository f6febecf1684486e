package org.pdeflow.inverse.forward;

import java.util.function.UnaryOperator;
import org.pdeflow.pde.grf.NeumannGaussianField;

/**
 * A forward model of a two-phase coefficient through its latent Gaussian field, smoothed: the
 * unknowns are the whitened coefficients xi of the latent field z, and
 * <pre>
 *   z = L xi                                     (L: {@link NeumannGaussianField#colour}; z ~ N(0, C) for xi ~ N(0, I))
 *   a(z) = low + (high - low) s((z - t) / eps),  s(v) = 1 / (1 + exp(-v))
 *   G_xi(xi) = G(p(a(L xi)))                     (p: the inner model's parameterisation, a or log a)
 * </pre>
 * As eps &gt; 0 shrinks, a(z) tends to the thresholded field {@code high} where z &gt;= t and {@code low}
 * elsewhere (the FNO Darcy permeability for {12, 3}, t = 0 and C = (-Laplacian + 9)^-2 with Neumann
 * conditions), so a Gaussian prior on xi is the data's own generative prior, made differentiable.
 *
 * <p><b>Gradient</b> by the chain rule through the inner model's vector-Jacobian product (for Darcy
 * its adjoint state): with g_x = J_G^T w,
 * <pre>
 *   g_a = g_x / a (log a) or g_x (a),   g_z = g_a (high - low) s (1 - s) / eps,   g_xi = L^T g_z.
 * </pre>
 * One gradient costs what the inner model's does plus two cosine transforms.
 */
public final class LatentTwoPhaseModel implements ForwardModel {

    private final ForwardModel inner;
    private final CoefficientParameterisation parameterisation;
    private final NeumannGaussianField field;
    private final double threshold;
    private final double low;
    private final double high;
    private final double epsilon;
    private final Unknowns unknowns;

    /**
     * @param inner the model of the coefficient: one unknown field, named {@code a} or {@code log_a},
     *     on the latent field's grid
     * @param field the latent Gaussian field
     * @param threshold t, where a(z) is halfway between the phases
     * @param low the phase where z &lt; t, positive
     * @param high the phase where z &gt; t, above {@code low}
     * @param epsilon the smoothing width eps of z, positive
     */
    public LatentTwoPhaseModel(
            ForwardModel inner, NeumannGaussianField field, double threshold, double low, double high, double epsilon) {
        if (inner == null || field == null) {
            throw new IllegalArgumentException("an inner model and a latent field are required");
        }
        if (inner.unknowns().count() != 1) {
            throw new IllegalArgumentException("the latent two-phase model needs a single coefficient field, got "
                    + inner.unknowns().names());
        }
        FieldSpec f = inner.unknowns().fields().get(0);
        this.parameterisation = CoefficientParameterisation.ofField(f.name());
        if (f.grid().nx() != field.grid().nx() || f.grid().ny() != field.grid().ny()) {
            throw new IllegalArgumentException(
                    "the latent field is on " + field.grid().nx() + " x "
                            + field.grid().ny() + " nodes but '" + f.name() + "' on "
                            + f.grid().nx() + " x "
                            + f.grid().ny());
        }
        if (!(low > 0) || !(high > low) || Double.isInfinite(high) || !Double.isFinite(threshold)) {
            throw new IllegalArgumentException(
                    "phases need 0 < low < high and a finite threshold, got " + low + ", " + high + ", " + threshold);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("the smoothing width must be positive and finite, got " + epsilon);
        }
        this.inner = inner;
        this.field = field;
        this.threshold = threshold;
        this.low = low;
        this.high = high;
        this.epsilon = epsilon;
        this.unknowns = Unknowns.single("xi", f.grid());
    }

    /** The smoothing width eps. */
    public double epsilon() {
        return epsilon;
    }

    /** The latent field z = L xi at the nodes. */
    public double[] latent(double[] xi) {
        unknowns.requireLength(xi, "latent coefficients");
        double[] z = new double[xi.length];
        field.colour(xi, z);
        return z;
    }

    /** The coefficient a(L xi) at the nodes. */
    public double[] coefficient(double[] xi) {
        return coefficientOf(latent(xi));
    }

    /** The coefficient of a latent field z (a new array). */
    private double[] coefficientOf(double[] z) {
        double[] a = z.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = low + (high - low) * sigmoid((a[i] - threshold) / epsilon);
        }
        return a;
    }

    /** The inner model's unknowns, p(a(L xi)) (a or log a). */
    public double[] innerUnknowns(double[] xi) {
        return parameterisation.parameter(coefficient(xi));
    }

    @Override
    public Unknowns unknowns() {
        return unknowns;
    }

    @Override
    public int outputSize() {
        return inner.outputSize();
    }

    @Override
    public double[] apply(double[] xi) {
        return inner.apply(innerUnknowns(xi));
    }

    @Override
    public boolean hasGradient() {
        return inner.hasGradient();
    }

    @Override
    public double[] vjp(double[] xi, double[] cotangent) {
        if (!inner.hasGradient()) {
            return ForwardModel.super.vjp(xi, cotangent);
        }
        double[] z = latent(xi);
        double[] a = coefficientOf(z);
        return chain(z, a, inner.vjp(parameterisation.parameter(a), cotangent));
    }

    /**
     * One inner pullback (for a PDE model one solve and its adjoint, not apply's solve plus vjp's); also what the
     * interface's {@link #misfitAndGradient} uses.
     */
    @Override
    public Pullback pullback(double[] xi, UnaryOperator<double[]> cotangentOf) {
        if (!inner.hasGradient()) {
            return ForwardModel.super.pullback(xi, cotangentOf);
        }
        return pullbackBatch(new double[][] {xi}, cotangentOf)[0];
    }

    /**
     * The inner model's batched pullbacks (side by side where it runs them so); the latent maps and their
     * transposes run on the calling thread.
     */
    @Override
    public Pullback[] pullbackBatch(double[][] xis, UnaryOperator<double[]> cotangentOf) {
        if (!inner.hasGradient()) {
            return ForwardModel.super.pullbackBatch(xis, cotangentOf);
        }
        double[][] z = new double[xis.length][];
        double[][] a = new double[xis.length][];
        double[][] params = new double[xis.length][];
        for (int i = 0; i < xis.length; i++) {
            z[i] = latent(xis[i]);
            a[i] = coefficientOf(z[i]);
            params[i] = parameterisation.parameter(a[i]);
        }
        Pullback[] inside = inner.pullbackBatch(params, cotangentOf);
        Pullback[] out = new Pullback[xis.length];
        for (int i = 0; i < xis.length; i++) {
            out[i] = new Pullback(inside[i].predicted(), chain(z[i], a[i], inside[i].gradient()));
        }
        return out;
    }

    /** The inner model's batch (side by side where it runs them so) on the mapped coefficients. */
    @Override
    public double[][] applyBatch(double[][] xis) {
        double[][] params = new double[xis.length][];
        for (int i = 0; i < xis.length; i++) {
            params[i] = innerUnknowns(xis[i]);
        }
        return inner.applyBatch(params);
    }

    /** g_xi = L^T (da/dz dx/da g_x), in a new array; g_x is the gradient with respect to p(a). */
    private double[] chain(double[] z, double[] a, double[] gx) {
        double[] g = new double[gx.length];
        double spread = (high - low) / epsilon;
        for (int i = 0; i < g.length; i++) {
            double s = sigmoid((z[i] - threshold) / epsilon);
            double ga = parameterisation == CoefficientParameterisation.LOG ? gx[i] / a[i] : gx[i];
            g[i] = ga * spread * s * (1 - s);
        }
        field.colourTranspose(g, g);
        return g;
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1.0 / (1.0 + Math.exp(-v)) : Math.exp(v) / (1.0 + Math.exp(v));
    }

    @Override
    public String description() {
        return "latent two-phase field (" + low + " / " + high + ", eps " + epsilon + ") -> " + inner.description();
    }
}
