package org.pdeflow.datasets.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.pde.progress.ProgressListener;

/** Reproducibility, thread-count independence, refusal to overwrite, interruption and resume. */
class DatasetGeneratorTest {

    private static final int N = 8;
    private static final int S = 16;

    @TempDir
    Path dir;

    private static DatasetGenerator darcy(long seed) {
        return new DatasetGenerator(new DarcyProblem(S), N, seed, Precision.FLOAT64, "test-version");
    }

    private static DatasetGenerator.Options threads(int t) {
        return new DatasetGenerator.Options(t, false, false);
    }

    @Test
    void sameSeedGivesTheSameBytesForAnyThreadCount() throws IOException {
        Path one = dir.resolve("one.h5");
        Path two = dir.resolve("two.h5");
        Path three = dir.resolve("three.h5");
        darcy(7).generate(one, threads(1), ProgressListener.NONE);
        darcy(7).generate(two, threads(2), ProgressListener.NONE);
        darcy(7).generate(three, threads(3), ProgressListener.NONE);
        byte[] bytes = Files.readAllBytes(one);
        assertArrayEquals(bytes, Files.readAllBytes(two), "1 vs 2 threads");
        assertArrayEquals(bytes, Files.readAllBytes(three), "1 vs 3 threads");
        assertFalse(Files.exists(DatasetGenerator.partialFolder(one)), "work folder removed");

        Path other = dir.resolve("other.h5");
        darcy(8).generate(other, threads(2), ProgressListener.NONE);
        try (DatasetReader a = DatasetReader.open(one);
                DatasetReader b = DatasetReader.open(other)) {
            assertFalse(Arrays.equals(a.readSample("a", 0), b.readSample("a", 0)), "another seed, other samples");
        }
    }

    @Test
    void eachSampleIsItsOwnStreamSolvedIndependently() throws IOException {
        // Recompute samples 0, 5 and 7 directly (fresh solver, generator derived on its own) and
        // compare with the file: the sample depends on (seed, index) only.
        Path file = dir.resolve("d.h5");
        darcy(11).generate(file, threads(2), ProgressListener.NONE);
        DarcyProblem problem = new DarcyProblem(S);
        try (DatasetReader r = DatasetReader.open(file)) {
            for (int i : new int[] {7, 0, 5}) {
                double[][] out = {new double[S * S], new double[S * S]};
                problem.newSolver().solve(SampleStreams.forSample(11, i), out);
                assertArrayEquals(out[0], r.readSample("a", i), "a of sample " + i);
                assertArrayEquals(out[1], r.readSample("u", i), "u of sample " + i);
            }
            assertEquals(11L, r.requireLong("seed"));
            assertEquals("darcy", r.requireString("preset"));
            assertEquals("test-version", r.requireString("pdeflow_version"));
            assertEquals(12.0, r.requireDouble("a_high"));
            assertEquals(3.0, r.requireDouble("grf_tau"));
            assertEquals((long) S, r.requireLong("resolution"));
        }
    }

    @Test
    void refusesToOverwriteUnlessForced() throws IOException {
        Path file = dir.resolve("d.h5");
        Files.writeString(file, "keep me");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> darcy(1).generate(file, threads(1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("--force"), e.getMessage());
        assertEquals("keep me", Files.readString(file));
        darcy(1).generate(file, new DatasetGenerator.Options(1, false, true), ProgressListener.NONE);
        try (DatasetReader r = DatasetReader.open(file)) {
            assertEquals(N, r.sampleCount());
        }
    }

    /** Darcy, but the solver fails from its (failAfter+1)-th call on. */
    private static SampleProblem failing(int failAfter) {
        DarcyProblem darcy = new DarcyProblem(S);
        AtomicInteger calls = new AtomicInteger();
        return new SampleProblem() {
            @Override
            public String preset() {
                return darcy.preset();
            }

            @Override
            public List<DatasetField> fields() {
                return darcy.fields();
            }

            @Override
            public List<Coordinate> coordinates() {
                return darcy.coordinates();
            }

            @Override
            public Map<String, Object> parameters() {
                return darcy.parameters();
            }

            @Override
            public Solver newSolver() {
                Solver real = darcy.newSolver();
                return (rng, out) -> {
                    if (calls.incrementAndGet() > failAfter) {
                        throw new IllegalStateException("simulated crash");
                    }
                    real.solve(rng, out);
                };
            }
        };
    }

    @Test
    void interruptedRunLeavesAMarkedWorkFolderThatResumeCompletes() throws IOException {
        Path reference = dir.resolve("reference.h5");
        darcy(3).generate(reference, threads(1), ProgressListener.NONE);

        Path file = dir.resolve("data.h5");
        // One thread: shards of ceil(8 / 4) = 2 samples; the crash at the 5th sample leaves shards 0 and 1.
        DatasetGenerator crashing = new DatasetGenerator(failing(4), N, 3, Precision.FLOAT64, "test-version");
        IllegalStateException crash = assertThrows(
                IllegalStateException.class, () -> crashing.generate(file, threads(1), ProgressListener.NONE));
        assertEquals("simulated crash", crash.getMessage());
        assertFalse(Files.exists(file), "no dataset file after a failed run");
        Path partial = DatasetGenerator.partialFolder(file);
        assertTrue(Files.isRegularFile(partial.resolve(DatasetGenerator.MARKER)), "work folder marked incomplete");
        assertTrue(Files.isRegularFile(DatasetGenerator.shardFile(partial, 1, "u")));
        assertFalse(Files.exists(DatasetGenerator.shardFile(partial, 2, "a")));

        // Leftovers of a kill in the middle of a shard write and of an assembly.
        Files.writeString(partial.resolve(".shard-000002-a.npy123.part"), "half a file");
        Files.writeString(partial.resolve(DatasetGenerator.ASSEMBLING), "half an HDF5 file");

        IllegalArgumentException plain = assertThrows(
                IllegalArgumentException.class, () -> darcy(3).generate(file, threads(2), ProgressListener.NONE));
        assertTrue(plain.getMessage().contains("--resume"), plain.getMessage());
        IllegalArgumentException otherSeed = assertThrows(
                IllegalArgumentException.class,
                () -> darcy(4).generate(file, new DatasetGenerator.Options(2, true, false), ProgressListener.NONE));
        assertTrue(otherSeed.getMessage().contains("seed = 3"), otherSeed.getMessage());

        double[] lastReport = new double[2];
        DatasetGenerator.Result result = darcy(3).generate(
                        file, new DatasetGenerator.Options(2, true, false), (done, total) -> {
                            lastReport[0] = done;
                            lastReport[1] = total;
                        });
        assertEquals(4, result.reused());
        assertEquals(4, result.generated());
        assertArrayEquals(new double[] {N, N}, lastReport);
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(file), "resumed run = uninterrupted run");
        assertFalse(Files.exists(partial));
    }

    @Test
    void forceDiscardsAnInterruptedRun() throws IOException {
        Path file = dir.resolve("data.h5");
        DatasetGenerator crashing = new DatasetGenerator(failing(2), N, 3, Precision.FLOAT64, "test-version");
        assertThrows(IllegalStateException.class, () -> crashing.generate(file, threads(1), ProgressListener.NONE));
        DatasetGenerator.Result r =
                darcy(5).generate(file, new DatasetGenerator.Options(1, false, true), ProgressListener.NONE);
        assertEquals(0, r.reused());
        assertEquals(N, r.generated());
    }

    @Test
    void divergingSolverIsReportedWithTheSampleIndex() {
        SampleProblem nan = new SampleProblem() {
            private final DarcyProblem darcy = new DarcyProblem(S);

            @Override
            public String preset() {
                return "nan";
            }

            @Override
            public List<DatasetField> fields() {
                return darcy.fields();
            }

            @Override
            public List<Coordinate> coordinates() {
                return darcy.coordinates();
            }

            @Override
            public Map<String, Object> parameters() {
                return Map.of();
            }

            @Override
            public Solver newSolver() {
                return (rng, out) -> Arrays.fill(out[1], Double.NaN);
            }
        };
        DatasetGenerator g = new DatasetGenerator(nan, 3, 1, Precision.FLOAT64, "v");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> g.generate(dir.resolve("nan.h5"), threads(1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("sample 0") && e.getMessage().contains("'u'"), e.getMessage());
    }
}
