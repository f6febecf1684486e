/**
 * Generation of training and test datasets: N independent samples of a random PDE problem, solved in parallel,
 * reproducible from one seed and safe against interruption.
 *
 * <p>A {@link SampleProblem} is a family of random problems (its fields as {@link FieldSpec}s, its {@link Coordinate}s,
 * and a per-thread solver that turns a random generator into one sample). The families are the benchmarks pdeflow
 * reproduces: {@link DarcyProblem} (FNO Darcy flow, Li et al. ICLR 2021), {@link NavierStokesProblem} (Kolmogorov flow
 * of InverseBench, Zheng et al. 2025, and the FNO vorticity data), {@link SourceProblem} (the Poisson and Helmholtz
 * tasks of DiffusionPDE, Huang et al. NeurIPS 2024) and {@link LayeredWaveProblem} (shot gathers over random layered
 * velocity models). {@link DatasetGenerator} draws sample i from its own stream ({@link SampleStreams}: the i-th split
 * of {@code SplittableRandom(seed)}), so the file is byte-identical for any thread count; it writes atomic {@code .npy}
 * shards into a {@code <out>.partial/} folder that {@code --resume} continues, and assembles the HDF5 file of
 * {@code docs/dataset-format.md} only when every shard is done.
 */
package org.pdeflow.datasets.generate;
