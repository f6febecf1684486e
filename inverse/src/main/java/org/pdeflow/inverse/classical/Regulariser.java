package org.pdeflow.inverse.classical;

import java.util.Locale;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.prior.GaussianPrior;

/**
 * A quadratic penalty {@code 1/2 |R v|^2} on packed unknowns v (Tikhonov regularisation; Engl,
 * Hanke &amp; Neubauer, <i>Regularization of Inverse Problems</i>, 1996, ch. 5), with its gradient
 * {@code R^T R v}.
 *
 * <p>The field-based choices approximate integrals over the domain (rectangle rule, weight
 * {@code dx dy} per node), so a penalty weight lambda means the same thing at every resolution:
 * <ul>
 *   <li>{@link #identity}: {@code 1/2 ∫ v^2}</li>
 *   <li>{@link #gradient}: {@code 1/2 ∫ |∇v|^2}, forward differences on the grid's edges
 *       (periodic edges included on periodic grids)</li>
 *   <li>{@link #laplacian}: {@code 1/2 ∫ (Δv)^2}, with the five-point graph Laplacian of the same
 *       edges (homogeneous Neumann at non-periodic boundaries)</li>
 *   <li>{@link #gaussian}: {@code 1/2 (v)^T C^{-1} v} for a Gaussian prior's covariance C: with
 *       lambda = 1 and the prior mean as reference, Tikhonov's minimiser is the MAP estimate</li>
 * </ul>
 * Several unknown fields are penalised independently, each on its own grid.
 */
public interface Regulariser {

    /**
     * {@code 1/2 |R v|^2}.
     *
     * @param v packed unknowns (already shifted by the reference)
     * @return the penalty
     */
    double value(double[] v);

    /**
     * Adds {@code scale R^T R v} to {@code gradient}.
     *
     * @param v packed unknowns (shifted by the reference)
     * @param scale factor, typically lambda
     * @param gradient accumulates the result
     */
    void addGradient(double[] v, double scale, double[] gradient);

    /** A short description. */
    String description();

    /**
     * The penalties users choose by name ({@code --regulariser gradient}): the field penalties, and
     * {@link #PRIOR}, the problem's Gaussian prior (its precision, solved in whitened coordinates by
     * {@link PriorMapInversion}).
     */
    enum Kind {
        /** {@link Regulariser#identity}. */
        IDENTITY,
        /** {@link Regulariser#gradient}. */
        GRADIENT,
        /** {@link Regulariser#laplacian}. */
        LAPLACIAN,
        /**
         * {@code 1/2 (x - m)^T C^{-1} (x - m)} of the problem's Gaussian prior N(m, C): with lambda = 1 the
         * MAP objective ({@link PriorMapInversion}); it needs the prior, so {@link #on} refuses it.
         */
        PRIOR;

        /**
         * The penalty on these unknowns.
         *
         * @throws IllegalStateException for {@link #PRIOR}, which needs the prior ({@link PriorMapInversion})
         */
        public Regulariser on(Unknowns unknowns) {
            if (this == PRIOR) {
                throw new IllegalStateException("the prior penalty needs the problem's Gaussian prior");
            }
            return new FieldRegulariser(unknowns, FieldRegulariser.Kind.valueOf(name()));
        }

        /** The name users type: {@code identity}, {@code gradient}, {@code laplacian}, {@code prior}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The penalty of a name.
         *
         * @throws IllegalArgumentException naming the choices for an unknown name
         */
        public static Kind parse(String label) {
            for (Kind k : values()) {
                if (k.label().equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "--regulariser must be identity, gradient, laplacian or prior, got '" + label + "'");
        }
    }

    /** {@code 1/2 ∫ v^2} over every field. */
    static Regulariser identity(Unknowns unknowns) {
        return new FieldRegulariser(unknowns, FieldRegulariser.Kind.IDENTITY);
    }

    /** {@code 1/2 ∫ |∇v|^2} over every field. */
    static Regulariser gradient(Unknowns unknowns) {
        return new FieldRegulariser(unknowns, FieldRegulariser.Kind.GRADIENT);
    }

    /** {@code 1/2 ∫ (Δv)^2} over every field. */
    static Regulariser laplacian(Unknowns unknowns) {
        return new FieldRegulariser(unknowns, FieldRegulariser.Kind.LAPLACIAN);
    }

    /**
     * {@code 1/2 |v|^2}, the plain Euclidean norm without grid weights: for coordinates that are not a
     * field on a grid, such as the whitened latent xi of a Gaussian prior (where it is the prior's negative
     * log-density, 1/2 |xi|^2 = 1/2 z^T C^-1 z for z = L xi).
     */
    static Regulariser euclidean() {
        return new Regulariser() {
            @Override
            public double value(double[] v) {
                double sum = 0;
                for (double x : v) {
                    sum += x * x;
                }
                return 0.5 * sum;
            }

            @Override
            public void addGradient(double[] v, double scale, double[] gradient) {
                for (int i = 0; i < v.length; i++) {
                    gradient[i] += scale * v[i];
                }
            }

            @Override
            public String description() {
                return "1/2 |v|^2";
            }
        };
    }

    /**
     * {@code 1/2 v^T C^{-1} v} with C the prior covariance (dense, so for small grids; C must be
     * invertible: a prior whose spec removes the mean mode is rejected).
     */
    static Regulariser gaussian(GaussianPrior prior) {
        return new PrecisionRegulariser(prior);
    }
}
