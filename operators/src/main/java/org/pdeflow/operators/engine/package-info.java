/**
 * The single point where pdeflow chooses DJL's engine and device.
 *
 * <p>{@link Engines} loads DJL's PyTorch engine (the CPU libtorch 2.7.1 bundled from Maven Central by default, CUDA
 * natives with the {@code -Pcuda} build) and answers {@code device()}: the first GPU when the engine reports one, the
 * CPU otherwise, unless {@code PDEFLOW_DEVICE} ({@code cpu}, {@code gpu0}, ...) says otherwise as a system property or
 * environment variable. No other code names a device.
 */
package org.pdeflow.operators.engine;
