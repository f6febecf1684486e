package org.pdeflow.operators.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.generate.DarcyProblem;
import org.pdeflow.datasets.generate.DatasetGenerator;
import org.pdeflow.datasets.hdf5.DatasetReader;
import org.pdeflow.datasets.hdf5.Precision;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

/** Pairs read from HDF5 and npz files hold exactly the file's values in the pdeflow layout. */
class PairFilesTest {

    @TempDir
    Path tmp;

    @Test
    void readsAGeneratedDarcyDataset() throws Exception {
        Path file = tmp.resolve("darcy.h5");
        new DatasetGenerator(new DarcyProblem(12), 5, 3L, Precision.FLOAT64, "test")
                .generate(file, new DatasetGenerator.Options(1, false, false), ProgressListener.NONE);
        FieldPairs pairs = PairFiles.read(file, "a", "u", 1, 3);
        assertEquals(3, pairs.size());
        assertEquals(12, pairs.height());
        assertEquals(5, PairFiles.sampleCount(file, "a"));
        try (DatasetReader reader = DatasetReader.open(file);
                NDManager m = NDManager.newBaseManager()) {
            NDList batch = pairs.batch(m, new int[] {2});
            double[] a = reader.readSample("a", 3);
            assertArrayEquals(toFloat(a), batch.get(0).toFloatArray(), 0f);
            assertArrayEquals(toFloat(reader.readSample("u", 3)), batch.get(1).toFloatArray(), 0f);
            // and u is the Darcy solution of that a (independent check of the pairing)
            double[] u = new DarcySolver(Grid2D.nodes(12, 1.0)).solve(a);
            assertArrayEquals(toFloat(u), batch.get(1).toFloatArray(), 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> PairFiles.read(file, "a", "u", 3, 3));
        assertThrows(InputException.class, () -> PairFiles.read(file, "a", "p", 0, 1));
    }

    @Test
    void readsNpzWithSnapshotChannels() throws Exception {
        int n = 4;
        int s = 6;
        double[] a = new double[n * s * s];
        double[] u = new double[n * 2 * s * s];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = -i;
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("a", new NdArray(new int[] {n, s, s}, a));
        arrays.put("u", new NdArray(new int[] {n, 2, s, s}, u));
        Path file = tmp.resolve("d.npz");
        Npz.write(file, arrays);
        FieldPairs pairs = PairFiles.read(file, "a", "u", 2, 2);
        assertEquals(List.of("u0", "u1"), pairs.targetChannels());
        try (NDManager m = NDManager.newBaseManager()) {
            NDList batch = pairs.batch(m, new int[] {0});
            assertEquals(2 * s * s, (int) batch.get(0).getFloat(0, 0, 0, 0));
            assertEquals(-(2 * 2 * s * s + s * s + 1), (int) batch.get(1).getFloat(0, 1, 0, 1));
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
