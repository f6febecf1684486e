package org.pdeflow.inverse.problems;

/**
 * How a problem's unknowns are posed for a method.
 *
 * <ul>
 *   <li>{@link #UNKNOWN}: only the unknown field (log a, omega0, c) with the problem's solver in the
 *       likelihood, y = G(x) + e (the InverseBench formulation). Classical methods and the Gaussian
 *       prior always use it.</li>
 *   <li>{@link #JOINT}: the unknown and the solution together, (a, u), under a joint prior; the
 *       readings see the observed channel directly and no solver runs (FunDPS' and DiffusionPDE's
 *       formulation; Darcy only).</li>
 * </ul>
 */
public enum Formulation {
    UNKNOWN,
    JOINT
}
