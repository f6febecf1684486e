package org.pdeflow.datasets.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * C- and Fortran-ordered arrays written by NumPy ({@code make_order_fixtures.py} beside the fixtures,
 * NumPy 2.4) read as the same logical array in pdeflow's C order, for float32 and float64 in both
 * byte orders. The expected values are the formulas the script built the arrays from.
 */
class NpyOrderTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpyOrderTest.class.getResource(name).toURI());
    }

    @ParameterizedTest
    @CsvSource({"C,le,f4", "C,le,f8", "C,be,f4", "C,be,f8", "F,le,f4", "F,le,f8", "F,be,f4", "F,be,f8"})
    void readsEveryOrderTypeAndByteOrderAsTheSameArray(String order, String endian, String kind) throws Exception {
        NdArray a = Npy.read(resource("order_" + order + "_" + endian + "_" + kind + ".npy"));
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(
                            0.5 * (12 * i + 4 * j + k) - 3,
                            a.data()[(i * 3 + j) * 4 + k],
                            0.0,
                            "a[" + i + ", " + j + ", " + k + "]");
                }
            }
        }
    }

    @Test
    void aTransposedArrayReadsTransposed() throws Exception {
        // np.arange(12.).reshape(3, 4).T: b[i, j] = 4 j + i, shape (4, 3)
        NdArray b = Npy.read(resource("transposed_f8.npy"));
        assertArrayEquals(new int[] {4, 3}, b.shape());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(4 * j + i, b.data()[i * 3 + j], 0.0, "b[" + i + ", " + j + "]");
            }
        }
        NdArray z = Npz.read(resource("fortran_savez.npz")).get("b");
        assertArrayEquals(b.data(), z.data(), 0.0);
        assertArrayEquals(b.shape(), z.shape());
    }
}
