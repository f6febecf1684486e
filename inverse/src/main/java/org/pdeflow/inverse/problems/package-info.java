/**
 * The inverse problems as objects, by name ({@link org.pdeflow.inverse.problems.Problems}): each
 * {@link org.pdeflow.inverse.problems.ProblemDefinition} knows its grid, observed and target fields,
 * its {@link org.pdeflow.inverse.problems.Formulation}s (the unknown alone with the solver in the
 * likelihood; the joint (a, u) space of a joint prior), its priors, the metrics it is judged by, and
 * its synthetic readings. {@link org.pdeflow.inverse.problems.ProblemDefinition#formulate} turns
 * readings into an {@link org.pdeflow.inverse.problem.InverseProblem}, the formulated problem every
 * algorithm takes. Methods are in {@link org.pdeflow.inverse.methods}.
 */
package org.pdeflow.inverse.problems;
