package org.pdeflow.datasets.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;

class NpzTest {

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzTest.class.getResource(name).toURI());
    }

    /**
     * The fixtures were written by NumPy 2.4 (np.savez / np.savez_compressed) from
     * values[i, j] = 10 i + j + 0.25 (3 x 4 float64), mask = (i + j) even (bool),
     * ramp32 = arange(5) / 4 (float32), counts = arange(6).reshape(2, 3) - 2 (int64):
     * an independent writer, compared against the same formulas evaluated here.
     */
    private static void assertFixture(Map<String, NdArray> a) {
        assertEquals(List.of("values", "mask", "ramp32", "counts"), List.copyOf(a.keySet()));
        double[] values = new double[12];
        double[] mask = new double[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                values[i * 4 + j] = 10 * i + j + 0.25;
                mask[i * 4 + j] = (i + j) % 2 == 0 ? 1 : 0;
            }
        }
        assertEquals(NdArray.of2d(3, 4, values), a.get("values"));
        assertEquals(NdArray.of2d(3, 4, mask), a.get("mask"));
        assertEquals(new NdArray(new int[] {5}, new double[] {0, 0.25, 0.5, 0.75, 1}), a.get("ramp32"));
        assertEquals(new NdArray(new int[] {2, 3}, new double[] {-2, -1, 0, 1, 2, 3}), a.get("counts"));
    }

    @Test
    void readsNumpySavezStored() throws Exception {
        assertFixture(Npz.read(resource("numpy_savez.npz")));
    }

    @Test
    void readsNumpySavezCompressedDeflated() throws Exception {
        assertFixture(Npz.read(resource("numpy_savez_compressed.npz")));
    }

    @Test
    void readsPositionalArraysAsArrN() throws Exception {
        Map<String, NdArray> a = Npz.read(resource("numpy_positional.npz"));
        assertEquals(List.of("arr_0", "arr_1"), List.copyOf(a.keySet()));
        assertArrayEquals(new int[] {3, 4}, a.get("arr_1").shape());
    }

    private static double[] awkward(Random rnd, int n) {
        double[] d = new double[n];
        for (int k = 0; k < n; k++) {
            d[k] = Double.longBitsToDouble(rnd.nextLong());
        }
        d[0] = -0.0;
        d[1] = Double.MIN_VALUE;
        d[2] = Double.NaN;
        d[3] = Double.NEGATIVE_INFINITY;
        return d;
    }

    @Test
    void writeThenReadIsBitExactAndKeepsOrder() throws IOException {
        Random rnd = new Random(7);
        Map<String, NdArray> in = new LinkedHashMap<>();
        in.put("zeta", new NdArray(new int[] {2, 3, 4}, awkward(rnd, 24)));
        in.put("alpha", NdArray.of2d(5, 7, awkward(rnd, 35)));
        in.put("empty", new NdArray(new int[] {0}, new double[0]));
        in.put("scalar", new NdArray(new int[] {}, new double[] {Math.PI}));
        in.put("sub/dir", new NdArray(new int[] {4}, awkward(rnd, 4)));
        Path f = dir.resolve("rt.npz");
        Npz.write(f, in);
        Map<String, NdArray> out = Npz.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
        for (String key : in.keySet()) {
            NdArray a = in.get(key);
            NdArray b = out.get(key);
            assertArrayEquals(a.shape(), b.shape(), key);
            for (int k = 0; k < a.data().length; k++) {
                assertEquals(
                        Double.doubleToRawLongBits(a.data()[k]),
                        Double.doubleToRawLongBits(b.data()[k]),
                        key + " " + k);
            }
        }
    }

    @Test
    void float32WriteRoundsEachValueOnce() throws IOException {
        Random rnd = new Random(3);
        double[] d = new double[50];
        for (int k = 0; k < d.length; k++) {
            d[k] = rnd.nextGaussian() * 1e3;
        }
        Path f = dir.resolve("f32.npz");
        Npz.write(f, Map.of("u", new NdArray(new int[] {50}, d)), DType.FLOAT32);
        double[] back = Npz.read(f).get("u").data();
        for (int k = 0; k < d.length; k++) {
            assertEquals((float) d[k], back[k], 0.0);
        }
    }

    @Test
    void writesStoredEntriesNamedKeyNpyHoldingNpyBytesDeterministically() throws IOException {
        NdArray u = NdArray.of2d(2, 2, new double[] {1, 2, 3, 4});
        Map<String, NdArray> in = new LinkedHashMap<>();
        in.put("u", u);
        in.put("v", u);
        Path f = dir.resolve("a.npz");
        Path g = dir.resolve("b.npz");
        Npz.write(f, in);
        Npz.write(g, in);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g), "equal arrays give identical archives");
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        Npy.write(npy, u, DType.FLOAT64);
        try (ZipFile zip = new ZipFile(f.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().toList();
            assertEquals(
                    List.of("u.npy", "v.npy"),
                    entries.stream().map(ZipEntry::getName).toList());
            for (ZipEntry e : entries) {
                assertEquals(ZipEntry.STORED, e.getMethod());
                try (InputStream s = zip.getInputStream(e)) {
                    assertArrayEquals(npy.toByteArray(), s.readAllBytes());
                }
            }
        }
    }

    @Test
    void refusesBadKeysAndTypes() {
        Path f = dir.resolve("x.npz");
        NdArray u = new NdArray(new int[] {1}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of("", u)));
        assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of("a\\b", u)));
        assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Npz.write(f, Map.of("u", u), DType.INT32));
        assertFalse(Files.exists(f));
    }

    private static InputException fails(Path f) {
        InputException e = assertThrows(InputException.class, () -> Npz.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    private static byte[] zip(Map<String, byte[]> entries, int method) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(method);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] npy(NdArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, a, DType.FLOAT64);
        return out.toByteArray();
    }

    @Test
    void missingFileAndNonZip() throws IOException {
        assertTrue(fails(dir.resolve("none.npz")).getMessage().contains("no such file"));
        Path text = dir.resolve("text.npz");
        Files.writeString(text, "x,y,value\n1,2,3\n");
        assertTrue(fails(text).getMessage().contains("not a valid .npz"));
        Path empty = dir.resolve("empty.npz");
        Files.write(empty, new byte[0]);
        fails(empty);
    }

    @Test
    void nonNpyEntryIsNamed() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("u.npy", npy(new NdArray(new int[] {2}, new double[] {1, 2})));
        entries.put("readme.txt", "hello".getBytes(StandardCharsets.UTF_8));
        Path f = dir.resolve("mixed.npz");
        Files.write(f, zip(entries, ZipEntry.DEFLATED));
        assertTrue(fails(f).getMessage().contains("entry 'readme.txt': not a .npy array"));
    }

    @Test
    void corruptNpyEntryIsNamed() throws IOException {
        Path f = dir.resolve("bad.npz");
        Files.write(f, zip(Map.of("u.npy", "not numpy at all".getBytes(StandardCharsets.UTF_8)), ZipEntry.STORED));
        String m = fails(f).getMessage();
        assertTrue(m.contains("entry 'u.npy': not a NumPy .npy file"), m);
    }

    @Test
    void duplicateKeyIsRefused() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        byte[] u = npy(new NdArray(new int[] {1}, new double[] {1}));
        entries.put("a.npy", u);
        entries.put("b.npy", u);
        byte[] bytes = zip(entries, ZipEntry.STORED);
        // Rename b.npy to a.npy in the local and central headers (same length, CRC covers data only).
        byte[] from = "b.npy".getBytes(StandardCharsets.US_ASCII);
        for (int k = 0; k + from.length <= bytes.length; k++) {
            if (Arrays.equals(bytes, k, k + from.length, from, 0, from.length)) {
                bytes[k] = 'a';
            }
        }
        Path f = dir.resolve("dup.npz");
        Files.write(f, bytes);
        assertTrue(fails(f).getMessage().contains("appears twice"));
    }

    /** A .npy header promising 10^9 float64 values with only 16 bytes of data behind it. */
    private static byte[] liar() throws IOException {
        byte[] small = npy(new NdArray(new int[] {2}, new double[] {1, 2}));
        String text = new String(small, StandardCharsets.ISO_8859_1).replace("(2,)", "(1000000000,)");
        // The longer shape shifts the data; the padding absorbs it (header length stays a multiple of 64).
        text = text.replace("(1000000000,), }" + " ".repeat(9), "(1000000000,), }");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void headerPromisingMoreDataThanPresentFailsWithoutAllocatingIt() throws IOException {
        byte[] lie = liar();
        assertEquals(npy(new NdArray(new int[] {2}, new double[] {1, 2})).length, lie.length);
        // Each path would need 8 GB if it trusted the header; the test JVM has far less.
        Path npyFile = dir.resolve("lie.npy");
        Files.write(npyFile, lie);
        InputException e = assertThrows(InputException.class, () -> Npy.read(npyFile));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(InputException.class, () -> Npy.read(new ByteArrayInputStream(lie), npyFile));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        for (int method : new int[] {ZipEntry.STORED, ZipEntry.DEFLATED}) {
            Path f = dir.resolve("lie" + method + ".npz");
            Files.write(f, zip(Map.of("u.npy", lie), method));
            assertTrue(fails(f).getMessage().contains("entry 'u.npy': file is truncated"));
        }
    }

    @Test
    void requireNamesMissingKeyAndListsPresentOnes() throws Exception {
        Path f = resource("numpy_savez.npz");
        Map<String, NdArray> a = Npz.read(f);
        assertEquals(a.get("mask"), Npz.require(f, a, "mask"));
        InputException e = assertThrows(InputException.class, () -> Npz.require(f, a, "sigma"));
        assertEquals(f + ": no array 'sigma' in the archive (it holds: values, mask, ramp32, counts)", e.getMessage());
    }

    @Test
    void emptyArchiveReadsAsNoArrays() throws IOException {
        Path f = dir.resolve("none.npz");
        Files.write(f, zip(Map.of(), ZipEntry.STORED));
        assertTrue(Npz.read(f).isEmpty());
    }
}
