/**
 * Linear observation operators (scattered points, every k-th node, the full field) on double[] and
 * DJL fields, and the data with their noise levels ({@link org.pdeflow.inverse.observe.Observations}),
 * which define the data misfit 1/2 |(G(x) - y) / sigma|^2 used throughout.
 */
package org.pdeflow.inverse.observe;
