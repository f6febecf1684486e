package org.pdeflow.datasets.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;

class Hdf5DatasetWriterTest {

    @TempDir
    Path dir;

    /** Sample i of a field, a deterministic function of (seed, i) so the test can recompute it. */
    private static double[] values(long seed, int i, int n) {
        SplittableRandom r = new SplittableRandom(seed * 1000 + i);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = r.nextGaussian() * Math.pow(10, r.nextInt(-200, 200));
        }
        return v;
    }

    private Hdf5DatasetWriter example(int n, Precision precision) {
        return new Hdf5DatasetWriter(n)
                .attribute("preset", "test")
                .attribute("seed", 42L)
                .attribute("resolution", 3)
                .attribute("viscosity", 1e-3)
                .attribute("zero_mean", true)
                .attribute("times", new double[] {0.5, 1.0})
                .coordinate("x", new double[] {0, 0.25, 0.5, 0.75}, "abscissa")
                .coordinate("y", new double[] {0, 0.5, 1}, "ordinate")
                .coordinate("t", new double[] {0.5, 1.0}, "time")
                .field("a", new int[] {4, 3}, List.of("x", "y"), "input", precision, (i, slab) -> {
                    System.arraycopy(values(1, i, 12), 0, slab, 0, 12);
                })
                .field("u", new int[] {2, 4, 3}, List.of("t", "x", "y"), "output", precision, (i, slab) -> {
                    System.arraycopy(values(2, i, 24), 0, slab, 0, 24);
                });
    }

    @Test
    void roundTripIsExactInFloat64AndReadsSampleBySample() throws IOException {
        Path file = dir.resolve("data.h5");
        example(7, Precision.FLOAT64).write(file, dir.resolve("tmp.h5"));
        assertFalse(Files.exists(dir.resolve("tmp.h5")), "temporary file renamed away");
        try (DatasetReader r = DatasetReader.open(file)) {
            assertEquals(7, r.sampleCount());
            assertEquals(List.of("a", "u"), r.fields());
            assertArrayEquals(new int[] {4, 3}, r.sampleShape("a"));
            assertArrayEquals(new int[] {2, 4, 3}, r.sampleShape("u"));
            assertEquals(List.of("t", "x", "y"), r.axes("u"));
            assertEquals("output", r.description("u"));
            assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75}, r.coordinate("x"));
            // Read samples out of order: each read must fetch exactly that sample.
            for (int i : new int[] {6, 0, 3, 5, 1, 2, 4}) {
                assertArrayEquals(values(1, i, 12), r.readSample("a", i), "a sample " + i);
                assertArrayEquals(values(2, i, 24), r.readSample("u", i), "u sample " + i);
            }
            assertEquals("test", r.requireString("preset"));
            assertEquals(42L, r.requireLong("seed"));
            assertEquals(3L, r.requireLong("resolution"));
            assertEquals(1e-3, r.requireDouble("viscosity"));
            assertEquals("true", r.requireString("zero_mean"));
            assertArrayEquals(new double[] {0.5, 1.0}, (double[]) r.attributes().get("times"));
            assertEquals(DatasetLayout.FORMAT_NAME, r.requireString(DatasetLayout.FORMAT));
            assertThrows(IllegalArgumentException.class, () -> r.readSample("a", 7));
            assertThrows(IllegalArgumentException.class, () -> r.readSample("b", 0));
        }
    }

    @Test
    void float32StoresTheRoundedValues() throws IOException {
        Path file = dir.resolve("data32.h5");
        example(3, Precision.FLOAT32).write(file, dir.resolve("tmp.h5"));
        try (DatasetReader r = DatasetReader.open(file)) {
            double[] expected = values(2, 1, 24);
            for (int k = 0; k < expected.length; k++) {
                expected[k] = (float) expected[k];
            }
            assertArrayEquals(expected, r.readSample("u", 1));
        }
        // float32 data take half the bytes of float64 data: (7 samples x 36 values) x 4 bytes less.
        Path file64 = dir.resolve("data64.h5");
        example(3, Precision.FLOAT64).write(file64, dir.resolve("tmp.h5"));
        assertEquals(3 * 36 * 4, Files.size(file64) - Files.size(file));
    }

    @Test
    void sameContentGivesTheSameBytes() throws IOException {
        Path one = dir.resolve("one.h5");
        Path two = dir.resolve("two.h5");
        example(4, Precision.FLOAT64).write(one, dir.resolve("tmp1.h5"));
        example(4, Precision.FLOAT64).write(two, dir.resolve("tmp2.h5"));
        assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(two));
    }

    @Test
    void failingSourceLeavesNoTargetAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("data.h5");
        Files.writeString(file, "previous content");
        Hdf5DatasetWriter w = new Hdf5DatasetWriter(5)
                .coordinate("x", new double[] {1, 2}, "x")
                .field("a", new int[] {2}, List.of("x"), "a", Precision.FLOAT64, (i, slab) -> {
                    if (i == 3) {
                        throw new IOException("disk on fire");
                    }
                });
        IOException e = assertThrows(IOException.class, () -> w.write(file, dir.resolve("tmp.h5")));
        assertEquals("disk on fire", e.getMessage());
        assertEquals("previous content", Files.readString(file), "target untouched");
        assertFalse(Files.exists(dir.resolve("tmp.h5")));
    }

    @Test
    void axesMustHaveCoordinatesOfTheRightLength() {
        Hdf5DatasetWriter w = new Hdf5DatasetWriter(2)
                .coordinate("x", new double[] {1, 2, 3}, "x")
                .field("a", new int[] {2}, List.of("x"), "a", Precision.FLOAT64, (i, slab) -> {});
        assertThrows(IllegalStateException.class, () -> w.write(dir.resolve("d.h5"), dir.resolve("t.h5")));
    }

    /** Writes a small file with jHDF's own writer, for malformed-layout tests. */
    private Path handMade(String name, boolean withFormat, long samples, double[][][] a, String axes) {
        Path file = dir.resolve(name);
        try (WritableHdfFile w = HdfFile.write(file)) {
            if (withFormat) {
                w.putAttribute(DatasetLayout.FORMAT, DatasetLayout.FORMAT_NAME);
            }
            w.putAttribute(DatasetLayout.FORMAT_VERSION, 1L);
            w.putAttribute(DatasetLayout.SAMPLES, samples);
            w.putAttribute(DatasetLayout.FIELDS, "a");
            w.putAttribute(DatasetLayout.COORDINATES, "x,y");
            w.putDataset("x", new double[] {0, 1});
            w.putDataset("y", new double[] {0, 1});
            WritableDataset d = w.putDataset("a", a);
            if (axes != null) {
                d.putAttribute(DatasetLayout.AXES, axes);
            }
        }
        return file;
    }

    @Test
    void validationNamesTheFileAndTheOffendingPart() {
        double[][][] ok = new double[3][2][2];
        Path good = handMade("good.h5", true, 3, ok, "sample,x,y");
        try (DatasetReader r = DatasetReader.open(good)) {
            assertEquals(3, r.sampleCount());
        }
        assertMessage(handMade("noformat.h5", false, 3, ok, "sample,x,y"), "noformat.h5", "'format' is missing");
        assertMessage(handMade("count.h5", true, 4, ok, "sample,x,y"), "count.h5", "dataset '/a' must have 4 samples");
        assertMessage(handMade("noaxes.h5", true, 3, ok, null), "noaxes.h5", "'/a' has no string attribute 'axes'");
        assertMessage(
                handMade("badaxis.h5", true, 3, ok, "sample,x,z"), "badaxis.h5", "axis 'z' has no coordinate dataset");
        assertMessage(
                handMade("short.h5", true, 3, new double[3][3][2], "sample,x,y"),
                "short.h5",
                "axis 'x' has length 3 but coordinate '/x' has 2 values");
        assertMessage(dir.resolve("missing.h5"), "missing.h5", "no such file");
    }

    @Test
    void notAnHdf5FileIsAnInputError() throws IOException {
        Path file = dir.resolve("text.h5");
        Files.writeString(file, "just text, long enough to not be a superblock ........................");
        assertMessage(file, "text.h5", "not a readable HDF5 file");
    }

    private static void assertMessage(Path file, String name, String part) {
        InputException e = assertThrows(
                InputException.class, () -> DatasetReader.open(file).close());
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(part), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
