/**
 * Inverse problems (forward model + data + optional truth), the catalog of shipped synthetic problems
 * and the linear-Gaussian verification problem with its closed-form posterior.
 */
package org.pdeflow.inverse.problem;
