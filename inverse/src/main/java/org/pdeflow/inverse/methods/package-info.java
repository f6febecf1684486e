/**
 * The inverse-problem methods as a registry ({@link org.pdeflow.inverse.methods.Methods}): each
 * {@link org.pdeflow.inverse.methods.InverseMethod} has a name, a label, whether it needs a diffusion
 * prior, a settings record with named defaults (the samplers' own, e.g.
 * {@link org.pdeflow.inverse.guided.Daps.Settings}), and a factory that runs it on a formulated
 * problem. {@link org.pdeflow.inverse.methods.MethodOptions} carries the user's knobs to every
 * method alike. Problems are in {@link org.pdeflow.inverse.problems}; the algorithms in
 * {@link org.pdeflow.inverse.guided} and {@link org.pdeflow.inverse.classical}.
 */
package org.pdeflow.inverse.methods;
