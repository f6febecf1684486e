package org.pdeflow.pde.grf;

import java.util.random.RandomGenerator;
import org.pdeflow.pde.grid.Grid2D;

/**
 * Piecewise-constant random permeability a(x) = psi(u(x)) for the Darcy problem
 * -div(a grad p) = f, with u a {@link GaussianRandomField} sample and
 * <pre>
 *   psi(u) = high  where u &gt;= threshold,   low  elsewhere.
 * </pre>
 * The FNO preset ({@link #DarcyCoefficient(int)}) thresholds N(0, (-Laplacian + 9 I)^(-2)) with
 * zero Neumann conditions ({@link GrfSpec#darcyFno()}) at 0 to {12, 3} on s x s nodes of the unit
 * square, as in Li et al., "Fourier Neural Operator for Parametric PDEs", ICLR 2021, section 5.2
 * ("psi takes value 12 on the positive part of the real line and 3 on the negative"). Note the
 * public {@code data_generation/darcy/demo.m} of neuraloperator uses 4 rather than 3 for the low
 * value; pass {@code low = 4} to the general constructor for that variant. Since the field is
 * centred and symmetric, each node is {@code high} with probability exactly 1/2 when the threshold
 * is 0.
 *
 * <p>Samples depend only on the generator passed in; an instance may be shared between threads
 * that each pass their own generator (see {@link GaussianRandomField}).
 */
public final class DarcyCoefficient {

    /** FNO value of a on {u &gt;= 0}. */
    public static final double FNO_HIGH = 12.0;
    /** FNO value of a on {u &lt; 0} (paper value). */
    public static final double FNO_LOW = 3.0;

    private final GaussianRandomField field;
    private final double threshold;
    private final double high;
    private final double low;

    /**
     * FNO preset: {@link NeumannGaussianField} with {@link GrfSpec#darcyFno()} on
     * {@code Grid2D.nodes(s, 1.0)}, threshold 0, values {@value #FNO_HIGH} / {@value #FNO_LOW}.
     *
     * @param s nodes per axis, &gt;= 2
     */
    public DarcyCoefficient(int s) {
        this(new NeumannGaussianField(Grid2D.nodes(s, 1.0), GrfSpec.darcyFno()), 0.0, FNO_HIGH, FNO_LOW);
    }

    /**
     * @param field the underlying Gaussian field (any grid)
     * @param threshold level separating the two values, finite
     * @param high value where u &gt;= threshold, positive and finite
     * @param low value where u &lt; threshold, positive and finite
     */
    public DarcyCoefficient(GaussianRandomField field, double threshold, double high, double low) {
        if (field == null) {
            throw new IllegalArgumentException("Gaussian field is required");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        if (!(high > 0) || !(low > 0) || Double.isInfinite(high) || Double.isInfinite(low)) {
            throw new IllegalArgumentException(
                    "Darcy coefficient values must be positive and finite, got high = " + high + ", low = " + low);
        }
        this.field = field;
        this.threshold = threshold;
        this.high = high;
        this.low = low;
    }

    /** The grid of the coefficient (that of the underlying field). */
    public Grid2D grid() {
        return field.grid();
    }

    /** The underlying Gaussian field. */
    public GaussianRandomField field() {
        return field;
    }

    /** Level at which the field is cut. */
    public double threshold() {
        return threshold;
    }

    /** Value where u &gt;= threshold. */
    public double high() {
        return high;
    }

    /** Value where u &lt; threshold. */
    public double low() {
        return low;
    }

    /** Draws one coefficient field (row-major, x along the first axis). */
    public double[] sample(RandomGenerator rng) {
        double[] out = new double[grid().size()];
        sample(rng, out);
        return out;
    }

    /** Draws one coefficient field into {@code out} of length {@code grid().size()}. */
    public void sample(RandomGenerator rng, double[] out) {
        field.sample(rng, out);
        for (int k = 0; k < out.length; k++) {
            out[k] = out[k] >= threshold ? high : low;
        }
    }
}
