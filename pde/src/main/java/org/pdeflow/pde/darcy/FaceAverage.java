package org.pdeflow.pde.darcy;

/**
 * How the permeability on a face between two nodes is formed from the nodal values a_P, a_Q.
 *
 * <p>Both choices give a second-order scheme for smooth a. For a piecewise-constant a with jumps,
 * the harmonic mean is the exact effective conductivity of two half-cells in series (1D flux
 * continuity) and is the usual finite-volume choice. The arithmetic mean is the default because it is
 * what the Darcy data of the FNO paper (Li et al., ICLR 2021) were generated with: the authors'
 * MATLAB generator ({@code data_generation/darcy/solve_gwf.m} in neuraloperator/neuraloperator)
 * assembles the same node-grid five-point matrix with face values (coef_P + coef_Q) / 2.
 */
public enum FaceAverage {

    /** a_PQ = (a_P + a_Q) / 2. */
    ARITHMETIC,

    /** a_PQ = 2 a_P a_Q / (a_P + a_Q). */
    HARMONIC;

    /** The face value for nodal values {@code ap}, {@code aq} (both positive). */
    public double of(double ap, double aq) {
        return this == ARITHMETIC ? 0.5 * (ap + aq) : 2.0 * ap * aq / (ap + aq);
    }
}
