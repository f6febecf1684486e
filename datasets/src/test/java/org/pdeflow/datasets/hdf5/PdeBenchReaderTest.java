package org.pdeflow.datasets.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;

/**
 * Files in PDEBench's layouts are made here with jHDF's writer (float32, as PDEBench stores them;
 * the NS file chunked and compressed like PDEBench's), then read through {@link PdeBenchReader}.
 * Every stored value is a distinct code of its indices, so a mix-up of axes, samples or fields
 * shows as a mismatch.
 */
class PdeBenchReaderTest {

    @TempDir
    Path dir;

    private static float code(int... idx) {
        float v = 0;
        for (int i : idx) {
            v = v * 10 + i;
        }
        return v;
    }

    @Test
    void darcyLayoutMapsNuToAAndTensorToU() {
        int n = 3;
        int s = 5;
        float[][][] nu = new float[n][s][s];
        float[][][][] tensor = new float[n][1][s][s];
        float[] x = new float[s];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < s; i++) {
                x[i] = (i + 0.5f) / s;
                for (int j = 0; j < s; j++) {
                    nu[k][i][j] = code(1, k, i, j);
                    tensor[k][0][i][j] = code(2, k, i, j);
                }
            }
        }
        Path file = dir.resolve("2D_DarcyFlow_beta1.0_Train.hdf5");
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset("nu", nu);
            w.putDataset("tensor", tensor);
            w.putDataset("x-coordinate", x);
            w.putDataset("y-coordinate", x);
        }
        try (PdeBenchReader r = PdeBenchReader.darcy(file)) {
            assertEquals(n, r.sampleCount());
            assertEquals(List.of("a", "u"), r.fields());
            assertEquals("tensor", r.sourceDataset("u"));
            assertArrayEquals(new int[] {s, s}, r.sampleShape("a"));
            assertArrayEquals(new int[] {s, s}, r.sampleShape("u"));
            for (int k = 0; k < n; k++) {
                double[] a = r.readSample("a", k);
                double[] u = r.readSample("u", k);
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        assertEquals(code(1, k, i, j), a[i * s + j]);
                        assertEquals(code(2, k, i, j), u[i * s + j]);
                    }
                }
            }
            assertEquals((double) x[3], r.coordinate("x").orElseThrow()[3]);
        }
    }

    @Test
    void incompressibleNsLayoutReadsVelocityForceParticlesAndTimes() {
        int n = 2;
        int t = 3;
        int s = 4;
        float[][][][][] velocity = new float[n][t][s][s][2];
        float[][][][][] particles = new float[n][t][s][s][1];
        float[][][][] force = new float[n][s][s][2];
        float[][] times = new float[n][t];
        for (int k = 0; k < n; k++) {
            for (int q = 0; q < t; q++) {
                times[k][q] = code(k, q);
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        velocity[k][q][i][j][0] = code(1, k, q, i, j, 0);
                        velocity[k][q][i][j][1] = code(1, k, q, i, j, 1);
                        particles[k][q][i][j][0] = code(2, k, q, i, j);
                    }
                }
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < s; j++) {
                    force[k][i][j][0] = code(3, k, i, j, 0);
                    force[k][i][j][1] = code(3, k, i, j, 1);
                }
            }
        }
        Path file = dir.resolve("ns_incom_inhom_2d_512-0.h5");
        try (WritableHdfFile w = HdfFile.write(file)) {
            // One chunk per (sample, time), compressed, as PDEBench's generator stores it.
            w.putDataset(
                    "velocity",
                    velocity,
                    DatasetCreationOptions.builder()
                            .chunkDimensions(1, 1, s, s, 2)
                            .shuffle()
                            .deflate()
                            .build());
            w.putDataset(
                    "particles",
                    particles,
                    DatasetCreationOptions.builder()
                            .chunkDimensions(1, 1, s, s, 1)
                            .deflate()
                            .build());
            w.putDataset("force", force);
            w.putDataset("t", times);
        }
        try (PdeBenchReader r = PdeBenchReader.incompressibleNs(file)) {
            assertEquals(n, r.sampleCount());
            assertEquals(List.of("u", "f", "t", "particles"), r.fields());
            assertArrayEquals(new int[] {t, s, s, 2}, r.sampleShape("u"));
            assertArrayEquals(new int[] {s, s, 2}, r.sampleShape("f"));
            assertArrayEquals(new int[] {t}, r.sampleShape("t"));
            assertArrayEquals(new int[] {t, s, s}, r.sampleShape("particles"));
            int k = 1;
            double[] u = r.readSample("u", k);
            double[] p = r.readSample("particles", k);
            double[] f = r.readSample("f", k);
            for (int q = 0; q < t; q++) {
                for (int i = 0; i < s; i++) {
                    for (int j = 0; j < s; j++) {
                        int at = (q * s + i) * s + j;
                        assertEquals(code(1, k, q, i, j, 0), u[2 * at]);
                        assertEquals(code(1, k, q, i, j, 1), u[2 * at + 1]);
                        assertEquals(code(2, k, q, i, j), p[at]);
                    }
                }
            }
            assertEquals(code(3, k, 2, 3, 1), f[2 * (2 * s + 3) + 1]);
            assertArrayEquals(new double[] {code(k, 0), code(k, 1), code(k, 2)}, r.readSample("t", k));
        }
    }

    @Test
    void malformedFilesNameTheDataset() {
        Path file = dir.resolve("bad_darcy.hdf5");
        try (WritableHdfFile w = HdfFile.write(file)) {
            w.putDataset("nu", new float[2][4][4]);
            w.putDataset("tensor", new float[2][2][4][4]);
        }
        InputException e = assertThrows(
                InputException.class, () -> PdeBenchReader.darcy(file).close());
        assertTrue(e.getMessage().contains("bad_darcy.hdf5") && e.getMessage().contains("'/tensor'"), e.getMessage());

        Path ns = dir.resolve("bad_ns.h5");
        try (WritableHdfFile w = HdfFile.write(ns)) {
            w.putDataset("velocity", new float[2][3][4][4][2]);
            w.putDataset("t", new float[2][3]);
        }
        e = assertThrows(
                InputException.class, () -> PdeBenchReader.incompressibleNs(ns).close());
        assertTrue(
                e.getMessage().contains("bad_ns.h5") && e.getMessage().contains("'/force' is missing"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
