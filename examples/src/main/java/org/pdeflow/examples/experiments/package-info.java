/**
 * Experiment drivers behind the measurements in {@code docs/inverse-results-ns-wave.md} and
 * {@code docs/results/ns64-*}: single-purpose programs
 * with a {@code main} method, compiled with the rest of the examples so that they keep up with the API, and run
 * from the repository root against the built jar ({@code ./mvnw -q -DskipTests package} first).
 *
 * <p>{@link InverseCost} measures what derivative-free reconstructions (EnKG and EKI) cost on ns-inverse per
 * reconstruction and per forward evaluation, against a bare DJL and a bare float64 IMEX solve, and prints the cost
 * table of section 4 of that page. {@link WaveEnkgVsEki} compares EnKG with EKI on small layered full-waveform
 * inversions that share one exact Gaussian prior (section 5). On ns-inverse: {@link NsMapStarts} (where 4D-Var
 * ends from three starts), {@link NsIteratedQi} (the iterated quasi-inverse), {@link NsDiffPirControl} (DiffPIR
 * with and without its network) and {@link NsClimatologyEki} (an ensemble of the data's own fields: its span and
 * ES-MDA from it). Each class's Javadoc gives its arguments and the
 * command line; for example
 * {@code java -cp examples/target/pdeflow.jar org.pdeflow.examples.experiments.InverseCost 32,64 32,64,128 3 3}.
 */
package org.pdeflow.examples.experiments;
