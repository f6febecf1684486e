package org.pdeflow.inverse.forward;

/**
 * One evaluation of the data misfit and its gradient at a point x.
 *
 * @param predicted G(x), length m
 * @param misfit {@code Phi(x) = 1/2 |(G(x) - y) / sigma|^2}
 * @param gradient dPhi/dx, length of the packed unknowns
 */
public record MisfitGradient(double[] predicted, double misfit, double[] gradient) {}
