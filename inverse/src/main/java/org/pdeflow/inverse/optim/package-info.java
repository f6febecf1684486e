/** Smooth unconstrained optimisation: L-BFGS with a strong / approximate Wolfe line search. */
package org.pdeflow.inverse.optim;
