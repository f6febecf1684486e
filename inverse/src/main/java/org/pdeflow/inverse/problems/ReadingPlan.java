package org.pdeflow.inverse.problems;

/**
 * Where and how noisily a benchmark reads a test field ({@link ProblemDefinition#readings}).
 *
 * @param count number of readings at random places, or null for the problem's default layout (3 %
 *     of the nodes for Darcy, every {@code stride}-th node for Navier-Stokes)
 * @param stride the subsampling stride of grid-read problems, &gt;= 1
 * @param noise standard deviation of the reading noise in the observed field's units for problems
 *     read with an absolute noise level (Navier-Stokes; 0 means exact readings, weighted with sigma 1);
 *     Darcy readings carry 0.5 % of the field's RMS whatever this says
 */
public record ReadingPlan(Integer count, int stride, double noise) {

    public ReadingPlan {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("the number of readings must be at least 1, got " + count);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
        }
    }

    /** The default layout: stride 2, exact readings. */
    public static ReadingPlan defaults() {
        return new ReadingPlan(null, 2, 0.0);
    }

    /** This plan with a number of readings at random places. */
    public ReadingPlan withCount(Integer value) {
        return new ReadingPlan(value, stride, noise);
    }
}
