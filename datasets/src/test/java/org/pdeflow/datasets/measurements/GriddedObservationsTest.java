package org.pdeflow.datasets.measurements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class GriddedObservationsTest {

    @TempDir
    Path dir;

    /**
     * Fixture written by NumPy: shape (4, 3), bool mask[i, j] = (i + 2 j) % 3 == 0, values 0.5 i - j
     * where observed and NaN elsewhere.
     */
    @Test
    void readsNumpyArchiveIntoReadingsAtNodeCoordinates() throws Exception {
        Path f = Path.of(getClass().getResource("numpy_gridded.npz").toURI());
        Grid2D g = new Grid2D(4, 3, 3.0, 1.0, Layout.NODE); // x_i = i, y_j = j / 2
        Measurements m = GriddedObservations.read(f, g, "u", 0.05);
        assertEquals(
                List.of(
                        Reading.steady(0, 0, 0, 0.05, "u"),
                        Reading.steady(1, 0.5, -0.5, 0.05, "u"),
                        Reading.steady(2, 1, -1, 0.05, "u"),
                        Reading.steady(3, 0, 1.5, 0.05, "u")),
                m.readings());
        assertEquals(f, m.source());
    }

    @Test
    void twoNpyFilesOnACellGridAgreeWithPointObservation() throws IOException {
        Grid2D g = new Grid2D(5, 4, 1.0, 2.0, Layout.CELL);
        double[] u = new double[g.size()];
        double[] mask = new double[g.size()];
        for (int k = 0; k < u.length; k++) {
            u[k] = Math.sin(k);
            mask[k] = k % 3 == 1 ? 1 : 0;
        }
        Path values = dir.resolve("u.npy");
        Path maskFile = dir.resolve("mask.npy");
        Npy.write(values, NdArray.of2d(5, 4, u));
        Npy.write(maskFile, NdArray.of2d(5, 4, mask));
        Measurements m = GriddedObservations.read(values, maskFile, g, "u", 1);
        assertEquals(7, m.size());
        // Sampling the field at the readings' coordinates must give back the observed values exactly.
        assertArrayEquals(m.values(), PointObservation.of(g, m.x(), m.y()).apply(u), 0.0);
        assertEquals(g.x(0), m.readings().get(0).x());
        assertEquals(g.y(1), m.readings().get(0).y());
    }

    private InputException failsNpz(Map<String, NdArray> arrays, Grid2D g) throws IOException {
        Path f = dir.resolve("obs.npz");
        Npz.write(f, arrays);
        InputException e = assertThrows(InputException.class, () -> GriddedObservations.read(f, g, "u", 1));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e;
    }

    private static Map<String, NdArray> arrays(NdArray values, NdArray mask) {
        Map<String, NdArray> a = new LinkedHashMap<>();
        a.put("values", values);
        a.put("mask", mask);
        return a;
    }

    @Test
    void validationErrorsNameFileArrayAndEntry() throws IOException {
        Grid2D g = new Grid2D(3, 2, 1, 1, Layout.NODE);
        NdArray ok = NdArray.of2d(3, 2, new double[] {1, 2, 3, 4, 5, 6});
        NdArray ones = NdArray.of2d(3, 2, new double[] {1, 1, 1, 1, 1, 1});
        assertTrue(failsNpz(arrays(NdArray.of2d(2, 3, ok.data()), ones), g)
                .getMessage()
                .contains("array 'values': shape (2, 3) does not match the grid, which needs (3, 2) (transposed?"));
        assertTrue(failsNpz(arrays(ok, new NdArray(new int[] {6}, ones.data())), g)
                .getMessage()
                .contains("array 'mask': shape (6,) does not match"));
        assertTrue(failsNpz(arrays(ok, NdArray.of2d(3, 2, new double[] {1, 0, 2, 0, 0, 0})), g)
                .getMessage()
                .contains("array 'mask': entry (1, 0) is 2.0; a mask holds only 0 and 1"));
        NdArray holes = NdArray.of2d(3, 2, new double[] {1, Double.NaN, 3, 4, Double.POSITIVE_INFINITY, 6});
        assertTrue(failsNpz(arrays(holes, ones), g)
                .getMessage()
                .contains("array 'values': entry (0, 1) is NaN where the mask marks it observed"));
        assertEquals(
                4,
                GriddedObservations.read(
                                save(arrays(holes, NdArray.of2d(3, 2, new double[] {1, 0, 1, 1, 0, 1}))), g, "u", 1)
                        .size(),
                "non-finite values are fine where not observed");
        assertTrue(failsNpz(arrays(ok, NdArray.of2d(3, 2, new double[6])), g)
                .getMessage()
                .contains("no node is observed"));
        assertTrue(failsNpz(Map.of("values", ok), g).getMessage().contains("no array 'mask'"));
        Map<String, NdArray> extra = arrays(ok, ones);
        extra.put("sigma", ones);
        assertTrue(failsNpz(extra, g).getMessage().contains("unexpected array 'sigma'"));
    }

    private Path save(Map<String, NdArray> arrays) throws IOException {
        Path f = dir.resolve("good.npz");
        Npz.write(f, arrays);
        return f;
    }

    @Test
    void twoFileErrorsNameTheOffendingFile() throws IOException {
        Grid2D g = new Grid2D(2, 2, 1, 1, Layout.PERIODIC);
        Path values = dir.resolve("v.npy");
        Path mask = dir.resolve("m.npy");
        Npy.write(values, NdArray.of2d(2, 2, new double[] {1, 2, 3, 4}));
        Npy.write(mask, NdArray.of2d(2, 2, new double[] {0, 1, -1, 0}));
        InputException e = assertThrows(InputException.class, () -> GriddedObservations.read(values, mask, g, "u", 1));
        assertEquals(mask + ": entry (1, 0) is -1.0; a mask holds only 0 and 1", e.getMessage());
        Path missing = dir.resolve("none.npy");
        e = assertThrows(InputException.class, () -> GriddedObservations.read(values, missing, g, "u", 1));
        assertEquals(missing + ": no such file", e.getMessage());
    }
}
