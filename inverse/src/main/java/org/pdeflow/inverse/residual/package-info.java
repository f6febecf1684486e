/** Differentiable residuals of the discrete elliptic PDEs in DJL, for physics-guided sampling. */
package org.pdeflow.inverse.residual;
