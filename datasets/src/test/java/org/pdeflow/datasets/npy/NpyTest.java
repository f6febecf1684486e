package org.pdeflow.datasets.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;

class NpyTest {

    @TempDir
    Path dir;

    /** Builds a .npy file by hand, byte by byte, as NEP 1 describes it (independent of Npy.write). */
    private static byte[] handMade(String descr, String shape, boolean fortran, ByteBuffer data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int len = dict.length() + 1;
        int pad = (64 - (10 + len) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Arrays.copyOf(data.array(), data.position()));
        return out.toByteArray();
    }

    @Test
    void readsHandMadeLittleEndianFloat64() throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 6; k++) {
            bb.putDouble(k * 1.5 - 2);
        }
        Path f = dir.resolve("a.npy");
        Files.write(f, handMade("<f8", "(2, 3)", false, bb));
        NdArray a = Npy.read(f);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {-2, -0.5, 1, 2.5, 4, 5.5}, a.data());
    }

    @Test
    void readsBigEndianFloat32AndBool() throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        bb.putFloat(0.1f).putFloat(-3f);
        Path f = dir.resolve("b.npy");
        Files.write(f, handMade(">f4", "(2,)", false, bb));
        assertArrayEquals(new double[] {0.1f, -3f}, Npy.read(f).data());

        ByteBuffer mask = ByteBuffer.allocate(4);
        mask.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 1);
        Path m = dir.resolve("m.npy");
        Files.write(m, handMade("|b1", "(2, 2)", false, mask));
        assertArrayEquals(new double[] {1, 0, 0, 1}, Npy.read(m).data());
    }

    @Test
    void writtenFileHasNep1LayoutAndRoundTrips() throws IOException {
        double[] values = new double[3 * 4 * 5];
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.sin(k) * 1e3 + Math.ulp(1.0) * k;
        }
        NdArray a = new NdArray(new int[] {3, 4, 5}, values);
        Path f = dir.resolve("out.npy");
        Npy.write(f, a);
        byte[] bytes = Files.readAllBytes(f);
        int headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data must start on a 64-byte boundary");
        assertEquals('\n', bytes[10 + headerLen - 1]);
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f8'") && header.contains("'shape': (3, 4, 5)"), header);
        assertEquals(10 + headerLen + 8L * values.length, bytes.length);
        assertEquals(a, Npy.read(f));

        Npy.write(f, a, DType.FLOAT32);
        double[] back = Npy.read(f).data();
        for (int k = 0; k < values.length; k++) {
            assertEquals((float) values[k], back[k], 0.0);
        }
    }

    @Test
    void oneDimensionalShapeUsesTrailingComma() throws IOException {
        Path f = dir.resolve("v.npy");
        Npy.write(f, new NdArray(new int[] {3}, new double[] {1, 2, 3}));
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).contains("'shape': (3,)"));
        assertArrayEquals(new int[] {3}, Npy.read(f).shape());
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.npy");
        InputException e = assertThrows(InputException.class, () -> Npy.read(missing));
        assertTrue(
                e.getMessage().startsWith(missing.toString()) && e.getMessage().contains("no such file"));

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "x,y\n1,2\n");
        assertTrue(assertThrows(InputException.class, () -> Npy.read(text))
                .getMessage()
                .contains("not a NumPy"));

        ByteBuffer bb = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(1)
                .putDouble(2);

        Path complex = dir.resolve("c.npy");
        Files.write(complex, handMade("<c16", "(1,)", false, bb));
        assertTrue(assertThrows(InputException.class, () -> Npy.read(complex))
                .getMessage()
                .contains("dtype"));

        Path truncated = dir.resolve("t.npy");
        Files.write(truncated, handMade("<f8", "(3,)", false, bb));
        assertTrue(assertThrows(InputException.class, () -> Npy.read(truncated))
                .getMessage()
                .contains("truncated"));
        for (InputException x : new InputException[] {e}) {
            assertFalse(x.getMessage().contains("\n"));
        }
    }

    @Test
    void failedWriteLeavesExistingFileUntouched() throws IOException {
        Path f = dir.resolve("keep.npy");
        NdArray a = NdArray.of2d(2, 2, new double[] {1, 2, 3, 4});
        Npy.write(f, a);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, a, DType.BOOL));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file may be left behind");
        }
    }
}
