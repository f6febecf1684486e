package org.pdeflow.inverse.prior;

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

    /** The thresholded coefficient of a latent field z at the nodes (a new array). */
    public double[] coefficient(double[] z) {
        double[] a = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            a[i] = z[i] >= threshold ? high : low;
        }
        return a;
    }
}
