/**
 * Forward models G: unknown fields to predicted measurements. {@link org.pdeflow.inverse.forward.ForwardModel}
 * is the double[] view every algorithm uses (batches, optional vector-Jacobian products);
 * {@link org.pdeflow.inverse.forward.TensorForwardModel} the differentiable DJL view for guided samplers.
 * Implementations: Darcy with adjoint-state gradients, Navier-Stokes in DJL (autograd), the acoustic
 * wave equation and external programs as black boxes, and direct observation of a field.
 */
package org.pdeflow.inverse.forward;
