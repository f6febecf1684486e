package org.pdeflow.inverse.methods;

import org.pdeflow.inverse.guided.FunDps;

/**
 * The settings of the {@code fundps} method.
 *
 * @param sampler FunDPS' steps and weights
 * @param physicsResidual whether the problem's PDE residual is added to the guidance
 */
public record FunDpsSettings(FunDps.Settings sampler, boolean physicsResidual) {}
