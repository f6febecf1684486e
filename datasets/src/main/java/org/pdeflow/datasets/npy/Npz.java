package org.pdeflow.datasets.npy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.io.InputException;

/**
 * Reads and writes NumPy {@code .npz} archives: a ZIP file holding one {@code .npy} file per
 * array, named {@code key.npy}. {@code np.savez("d.npz", values=v, mask=m)} reads here as a map
 * {@code {values: v, mask: m}}; {@link #write} output opens with {@code np.load("d.npz")}.
 *
 * <p>Reads archives whose entries are stored (as written by {@code np.savez}) or deflated
 * ({@code np.savez_compressed}); each entry goes through {@link Npy#read(InputStream, Path)}'s
 * rules, so the same element types are accepted. Writes stored entries, like {@code np.savez},
 * with a fixed timestamp so that equal arrays give byte-identical files.
 *
 * <p>Format references: NumPy's {@code numpy.lib.npyio.savez} documentation, and PKWARE's ZIP
 * File Format Specification (APPNOTE.TXT) for the container.
 */
public final class Npz {

    private static final String SUFFIX = ".npy";
    /** 1980-01-01, the earliest time a ZIP entry can carry; any fixed time makes the output reproducible. */
    private static final long FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0)
            .atZone(ZoneId.systemDefault())
            .toInstant()
            .toEpochMilli();

    private Npz() {}

    /**
     * Reads all arrays of a {@code .npz} archive.
     *
     * @param file the archive
     * @return the arrays by key (entry name without {@code .npy}), in the archive's order; empty
     *     for an archive without entries ({@code np.savez("e.npz")})
     * @throws InputException when the file is missing or unreadable, is not a ZIP archive, holds an
     *     entry that is not a {@code .npy} file (or a corrupt one), or holds the same key twice; the
     *     message names the file and, where it applies, the entry
     */
    public static Map<String, NdArray> read(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "not a regular file");
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                String context = "entry '" + Npy.printable(name) + "': ";
                if (entry.isDirectory() || !name.endsWith(SUFFIX) || name.length() == SUFFIX.length()) {
                    throw new InputException(
                            file, context + "not a .npy array (an .npz archive holds only key.npy entries)");
                }
                String key = name.substring(0, name.length() - SUFFIX.length());
                if (arrays.containsKey(key)) {
                    throw new InputException(file, context + "appears twice in the archive");
                }
                // A stored entry's size is exact, so a header promising more data fails before allocating;
                // a deflated one's declared size is not trusted and the array grows as data inflates.
                long available = entry.getMethod() == ZipEntry.STORED ? entry.getSize() : -1;
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.read(in, file, context, available));
                } catch (ZipException | EOFException e) {
                    throw new InputException(file, context + "corrupt archive data (" + message(e) + ")", e);
                }
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (ZipException e) {
            throw new InputException(file, "not a valid .npz (ZIP) archive: " + message(e), e);
        } catch (EOFException e) {
            // ZipFile follows the offsets of the end record; corrupt ones point past the end of the file.
            throw new InputException(file, "not a valid .npz (ZIP) archive: truncated or corrupt directory", e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + message(e), e);
        } catch (IllegalArgumentException e) {
            // ZipFile reports entry names that are not valid in the archive's charset this way.
            throw new InputException(file, "not a valid .npz (ZIP) archive: " + message(e), e);
        }
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * One array of an archive read by {@link #read(Path)}, with an error naming the file when it
     * is absent.
     *
     * @param file the archive, for the message
     * @param arrays its arrays
     * @param key the key wanted, e.g. {@code "values"}
     * @return the array
     * @throws InputException when the archive has no such key; the message lists the keys it has
     */
    public static NdArray require(Path file, Map<String, NdArray> arrays, String key) {
        NdArray a = arrays.get(key);
        if (a == null) {
            throw new InputException(
                    file,
                    "no array '" + key + "' in the archive (it holds: "
                            + Npy.printable(String.join(", ", arrays.keySet())) + ")");
        }
        return a;
    }

    /**
     * Writes arrays as an uncompressed {@code .npz} archive (like {@code np.savez}), atomically
     * (see {@link AtomicOutput}): on failure an existing file is left unchanged.
     *
     * @param file the target file
     * @param arrays the arrays by key; each becomes the entry {@code key.npy}, in the map's order
     * @param type {@link DType#FLOAT64} or {@link DType#FLOAT32}, for all arrays
     * @throws IOException on a write error
     * @throws IllegalArgumentException when the map is empty or a key is empty or holds a NUL or
     *     a backslash (which NumPy could not load back under the same key)
     */
    public static void write(Path file, Map<String, NdArray> arrays, DType type) throws IOException {
        if (type != DType.FLOAT64 && type != DType.FLOAT32) {
            throw new IllegalArgumentException("pdeflow writes float64 or float32, not " + type);
        }
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("an .npz archive needs at least one array");
        }
        for (String key : arrays.keySet()) {
            if (key == null || key.isEmpty() || key.indexOf('\0') >= 0 || key.indexOf('\\') >= 0) {
                throw new IllegalArgumentException("bad .npz key '" + key + "'");
            }
        }
        AtomicOutput.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                NdArray array = e.getValue();
                // A stored entry needs its size and CRC up front: a first pass computes them
                // without keeping the bytes, the second writes them.
                Measure measure = new Measure();
                Npy.write(measure, array, type);
                ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(measure.size);
                entry.setCompressedSize(measure.size);
                entry.setCrc(measure.crc.getValue());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                Npy.write(zip, array, type);
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Writes float64 arrays; see {@link #write(Path, Map, DType)}. */
    public static void write(Path file, Map<String, NdArray> arrays) throws IOException {
        write(file, arrays, DType.FLOAT64);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : Npy.printable(e.getMessage());
    }

    /** Counts bytes and their CRC-32, discarding them. */
    private static final class Measure extends OutputStream {
        final CRC32 crc = new CRC32();
        long size;

        @Override
        public void write(int b) {
            crc.update(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            size += len;
        }
    }
}
