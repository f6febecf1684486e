package org.pdeflow.inverse.prior;

import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.LatentTwoPhaseModel;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The generative prior of a two-phase coefficient: a = {@code high} where a latent Gaussian field
 * z ~ N(0, C) is at or above {@code threshold}, {@code low} elsewhere, with C the Neumann covariance
 * of {@code spec} on the coefficient's node grid ({@link NeumannGaussianField}). This is how the FNO
 * Darcy data are made ({@link DarcyCoefficient}); methods that know it can search the latent field
 * instead of the coefficient.
 *
 * @param spec the latent field's covariance (Neumann cosine basis on the grid's rectangle)
 * @param threshold the level separating the phases, finite
 * @param low the value below the threshold, positive
 * @param high the value at or above it, above {@code low}
 */
public record LatentTwoPhasePrior(GrfSpec spec, double threshold, double low, double high) {

    /**
     * The FNO Darcy permeability: N(0, (-Laplacian + 9)^-2) (with the FNO scripts' amplitude 3,
     * {@link GrfSpec#darcyFno()}), Neumann conditions, mean mode removed, 12 where z &gt;= 0 and 3
     * elsewhere.
     */
    public static final LatentTwoPhasePrior FNO_DARCY =
            new LatentTwoPhasePrior(GrfSpec.darcyFno(), 0.0, DarcyCoefficient.FNO_LOW, DarcyCoefficient.FNO_HIGH);

    public LatentTwoPhasePrior {
        if (spec == null) {
            throw new IllegalArgumentException("the latent field's covariance is required");
        }
        if (!Double.isFinite(threshold) || !(low > 0) || !(high > low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException(
                    "phases need 0 < low < high and a finite threshold, got " + low + ", " + high + ", " + threshold);
        }
    }

    /** The latent field on a node grid. */
    public NeumannGaussianField field(Grid2D grid) {
        return new NeumannGaussianField(grid, spec);
    }

    /**
     * The forward model of the whitened latent coefficients xi behind a coefficient's forward model,
     * smoothed with eps = {@code epsilonRelative} * std_z ({@link #latentStd}):
     * G_xi(xi) = G(p(a(L xi))) ({@link LatentTwoPhaseModel}).
     *
     * @param inner the model of the coefficient: one unknown field, a or log a, on a node grid
     * @param epsilonRelative the sigmoid's width relative to std_z, positive
     */
    public LatentTwoPhaseModel latentModel(ForwardModel inner, double epsilonRelative) {
        if (inner == null || inner.unknowns().count() != 1) {
            throw new IllegalArgumentException("the latent two-phase model needs a single coefficient field, got "
                    + (inner == null ? "none" : inner.unknowns().names()));
        }
        NeumannGaussianField field = field(inner.unknowns().fields().get(0).grid());
        return new LatentTwoPhaseModel(inner, field, threshold, low, high, epsilonRelative * latentStd(field));
    }

    /**
     * The latent field's RMS pointwise standard deviation std_z: the root mean square over the nodes
     * of its pointwise standard deviation ({@link NeumannGaussianField#pointwiseVariance}).
     */
    public static double latentStd(NeumannGaussianField field) {
        double sum = 0;
        double[] v = field.pointwiseVariance();
        for (double x : v) {
            sum += x;
        }
        return Math.sqrt(sum / v.length);
    }

    /** The thresholded coefficient of a latent field z at the nodes (a new array). */
    public double[] coefficient(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = z[i] >= threshold ? high : low;
        }
        return a;
    }
}
