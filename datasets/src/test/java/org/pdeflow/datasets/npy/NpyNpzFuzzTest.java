package org.pdeflow.datasets.npy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.io.InputException;

/**
 * Property test: random byte strings and random mutations of valid {@code .npy} and {@code .npz}
 * files (fixed seed) must each either read as an array or fail with an {@link InputException}
 * whose message is one line starting with the file name; never with another exception, and never
 * by trying to allocate what a corrupt header promises.
 */
class NpyNpzFuzzTest {

    private static final long SEED = 77_2024L;
    /** Header edits that reach the parser's branches, beyond what random bytes would find. */
    private static final String[][] HEADER_EDITS = {
        {"<f8", "<f4"},
        {"<f8", ">f8"},
        {"<f8", "<i8"},
        {"<f8", "|u1"},
        {"<f8", "|b1"},
        {"<f8", "<c16"},
        {"<f8", "<U10"},
        {"<f8", "f"},
        {"<f8", ""},
        {"False", "True"},
        {"'descr'", "'desc'"},
        {"'shape'", "'shap'"},
        {"(", "(99999, "},
        {"(", "(2147483647, 2147483647, "},
        {"(", "(-1, "},
        {"(", "(x, "},
        {",)", ",,)"},
        {")", "L)"},
        {"}", ""},
        {"'", "\""},
        {" ", "\u00ff"}
    };

    @TempDir
    Path dir;

    private static byte[] npy(Random rnd) throws IOException {
        int rank = rnd.nextInt(4);
        int[] shape = new int[rank];
        int n = 1;
        for (int k = 0; k < rank; k++) {
            shape[k] = rnd.nextInt(5);
            n *= shape[k];
        }
        double[] d = rnd.doubles(n).toArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, new NdArray(shape, d), rnd.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32);
        return out.toByteArray();
    }

    private static byte[] npz(Random rnd) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean stored = rnd.nextBoolean();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int k = rnd.nextInt(3); k >= 0; k--) {
                byte[] entry = npy(rnd);
                ZipEntry e = new ZipEntry("a" + k + ".npy");
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(entry);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(entry.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(entry);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] mutate(Random rnd, byte[] bytes) {
        int kind = rnd.nextInt(5);
        if (kind == 0) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            String[] edit = HEADER_EDITS[rnd.nextInt(HEADER_EDITS.length)];
            return text.replaceFirst(Pattern.quote(edit[0]), Matcher.quoteReplacement(edit[1]))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        if (bytes.length == 0) {
            return new byte[] {(byte) rnd.nextInt()};
        }
        int at = rnd.nextInt(bytes.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (kind) {
            case 1 -> out.write(bytes, 0, at);
            case 2 -> {
                out.write(bytes, 0, at);
                for (int k = rnd.nextInt(8); k >= 0; k--) {
                    out.write(rnd.nextInt(256));
                }
                out.write(bytes, at, bytes.length - at);
            }
            default -> {
                byte[] copy = bytes.clone();
                for (int k = rnd.nextInt(3); k >= 0; k--) {
                    copy[rnd.nextInt(copy.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return copy;
            }
        }
        return out.toByteArray();
    }

    private static void checkMessage(InputException e, Path f, int trial) {
        String msg = e.getMessage();
        assertTrue(msg.startsWith(f + ": "), "trial " + trial + ": " + msg);
        for (int k = 0; k < msg.length(); k++) {
            char c = msg.charAt(k);
            int type = Character.getType(c);
            if (Character.isISOControl(c)
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                fail("trial " + trial + ": message is not one printable line: " + msg);
            }
        }
    }

    @Test
    void npyStreamsReadOrFailCleanly() throws IOException {
        Random rnd = new Random(SEED);
        Path name = Path.of("fuzz.npy");
        int accepted = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes;
            if (trial % 10 == 0) {
                bytes = new byte[rnd.nextInt(300)];
                rnd.nextBytes(bytes);
            } else {
                bytes = npy(rnd);
                for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                    bytes = mutate(rnd, bytes);
                }
            }
            try {
                Npy.read(new ByteArrayInputStream(bytes), name);
                accepted++;
            } catch (InputException e) {
                checkMessage(e, name, trial);
            } catch (RuntimeException | Error | IOException e) {
                throw new AssertionError("trial " + trial + " threw " + e, e);
            }
        }
        assertTrue(accepted > 100 && accepted < 1900, "accepted " + accepted);
    }

    /** Files cost a few milliseconds each on a busy disk, hence fewer trials than for streams. */
    @Test
    void npyAndNpzFilesReadOrFailCleanly() throws IOException {
        Random rnd = new Random(SEED + 1);
        int acceptedNpz = 0;
        for (int trial = 0; trial < 600; trial++) {
            boolean zip = trial % 3 != 0;
            byte[] bytes;
            if (trial % 10 == 0) {
                bytes = new byte[2 + rnd.nextInt(400)];
                rnd.nextBytes(bytes);
                if (zip && rnd.nextBoolean()) {
                    bytes[0] = 'P';
                    bytes[1] = 'K';
                }
            } else {
                bytes = zip ? npz(rnd) : npy(rnd);
                for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                    bytes = mutate(rnd, bytes);
                }
            }
            Path f = dir.resolve("fuzz" + trial + (zip ? ".npz" : ".npy"));
            Files.write(f, bytes);
            try {
                if (zip) {
                    Map<String, NdArray> arrays = Npz.read(f);
                    acceptedNpz += arrays.isEmpty() ? 0 : 1;
                } else {
                    Npy.read(f);
                }
            } catch (InputException e) {
                checkMessage(e, f, trial);
            } catch (RuntimeException | Error e) {
                throw new AssertionError("trial " + trial + " (" + f.getFileName() + ") threw " + e, e);
            } finally {
                Files.delete(f);
            }
        }
        assertTrue(acceptedNpz > 10, "accepted archives: " + acceptedNpz);
    }

    @Test
    void writtenArchivesSurviveTruncationAtEveryByte() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("values", NdArray.of2d(2, 3, new double[] {1, 2, 3, 4, 5, 6}));
        arrays.put("mask", NdArray.of2d(2, 3, new double[] {1, 0, 1, 0, 1, 0}));
        Path whole = dir.resolve("whole.npz");
        Npz.write(whole, arrays);
        byte[] bytes = Files.readAllBytes(whole);
        Path f = dir.resolve("cut.npz");
        // Every 7th cut: each region of the archive (headers, data, central directory) gets hit.
        for (int cut = 0; cut < bytes.length; cut += 7) {
            Files.write(f, Arrays.copyOf(bytes, cut));
            try {
                Npz.read(f);
                fail("truncated at " + cut + " of " + bytes.length + " bytes but read");
            } catch (InputException e) {
                checkMessage(e, f, cut);
            }
        }
    }
}
