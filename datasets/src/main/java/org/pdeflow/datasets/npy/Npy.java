package org.pdeflow.datasets.npy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pdeflow.datasets.io.AtomicOutput;
import org.pdeflow.datasets.io.InputException;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), the interchange
 * format with Python tools: {@code np.save("u.npy", u)} in Python reads here as an {@link NdArray}
 * with the same shape and C-order data, and {@link #write} output opens with {@code np.load}.
 *
 * <p>Reads float64, float32, int64, int32, uint8 and bool arrays of either byte order and converts
 * them to double. Fortran-ordered and complex arrays are refused with a clear message. Writes
 * little-endian float64 or float32, C order, format 1.0 (2.0 only for headers too long for 1.0).
 *
 * <p>Format reference: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy Arrays".
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 16;

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file
     * @return its array, values converted to double
     * @throws InputException when the file is missing, unreadable, not a .npy file, or of an
     *     unsupported type; the message names the file and the problem
     */
    public static NdArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "no such file");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a {@code .npy} stream (also used for the entries of {@code .npz} archives).
     *
     * @param in the stream, positioned at the magic string; not closed
     * @param name the file name used in error messages
     * @return the array
     * @throws IOException on a read error
     */
    public static NdArray read(InputStream in, Path name) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            din.readFully(magic);
        } catch (EOFException e) {
            throw new InputException(name, "not a NumPy .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new InputException(name, "not a NumPy .npy file (bad magic string)");
            }
        }
        int major = din.readUnsignedByte();
        din.readUnsignedByte();
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
        } else {
            throw new InputException(name, "unsupported .npy format version " + major);
        }
        if (headerLength > 1 << 20) {
            throw new InputException(name, "implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        din.readFully(headerBytes);
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = group(DESCR, header, name, "descr");
        if ("True".equals(group(FORTRAN, header, name, "fortran_order"))) {
            throw new InputException(name, "Fortran-ordered array; save it in C order (np.ascontiguousarray)");
        }
        int[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        DType type = DType.parse(descr);
        if (type == null) {
            throw new InputException(name, "unsupported dtype '" + descr + "' (use float64 or float32)");
        }
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new InputException(name, "array of " + count + " values is too large");
        }
        double[] data = new double[(int) count];
        readData(din, type, DType.order(descr), data, name);
        return new NdArray(shape, data);
    }

    private static void readData(DataInputStream in, DType type, ByteOrder order, double[] out, Path name)
            throws IOException {
        int size = type.size();
        int perChunk = Math.max(1, CHUNK / size);
        byte[] buf = new byte[perChunk * size];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        int done = 0;
        while (done < out.length) {
            int n = Math.min(perChunk, out.length - done);
            try {
                in.readFully(buf, 0, n * size);
            } catch (EOFException e) {
                throw new InputException(name, "file is truncated: header promises " + out.length
                        + " values, data ends early");
            }
            bb.clear();
            for (int k = 0; k < n; k++) {
                out[done + k] = switch (type) {
                    case FLOAT64 -> bb.getDouble();
                    case FLOAT32 -> bb.getFloat();
                    case INT64 -> bb.getLong();
                    case INT32 -> bb.getInt();
                    case UINT8 -> Byte.toUnsignedInt(bb.get());
                    case BOOL -> bb.get() != 0 ? 1.0 : 0.0;
                };
            }
            done += n;
        }
    }

    private static String group(Pattern p, String header, Path name, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new InputException(name, "malformed .npy header: no '" + key + "' entry");
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, Path name) {
        String[] parts = text.split(",");
        int n = 0;
        int[] dims = new int[parts.length];
        for (String part : parts) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                dims[n++] = Integer.parseInt(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
            } catch (NumberFormatException e) {
                throw new InputException(name, "malformed .npy header: bad shape (" + text + ")");
            }
            if (dims[n - 1] < 0) {
                throw new InputException(name, "malformed .npy header: negative extent in shape (" + text + ")");
            }
        }
        return java.util.Arrays.copyOf(dims, n);
    }

    /**
     * Writes an array as a little-endian C-order {@code .npy} file, atomically (see
     * {@link AtomicOutput}): on failure an existing file is left unchanged.
     *
     * @param file the target file
     * @param array the array
     * @param type {@link DType#FLOAT64} or {@link DType#FLOAT32}
     * @throws IOException on a write error
     */
    public static void write(Path file, NdArray array, DType type) throws IOException {
        AtomicOutput.write(file, out -> write(out, array, type));
    }

    /** Writes an array as float64 {@code .npy}; see {@link #write(Path, NdArray, DType)}. */
    public static void write(Path file, NdArray array) throws IOException {
        write(file, array, DType.FLOAT64);
    }

    /**
     * Writes the {@code .npy} bytes of an array to a stream (also used for {@code .npz} entries).
     *
     * @param out the stream; not closed
     * @param array the array
     * @param type {@link DType#FLOAT64} or {@link DType#FLOAT32}
     * @throws IOException on a write error
     */
    public static void write(OutputStream out, NdArray array, DType type) throws IOException {
        if (type != DType.FLOAT64 && type != DType.FLOAT32) {
            throw new IllegalArgumentException("pdeflow writes float64 or float32, not " + type);
        }
        String dict = "{'descr': '" + type.descriptor() + "', 'fortran_order': False, 'shape': "
                + NdArray.formatShape(array.shape()) + ", }";
        // Pad with spaces and end with a newline so the data starts on a 64-byte boundary (NEP 1).
        int prefix = MAGIC.length + 2 + 2;
        int major = 1;
        int total = prefix + dict.length() + 1;
        if (dict.length() + 1 + 64 > 0xFFFF) {
            major = 2;
            prefix += 2;
            total = prefix + dict.length() + 1;
        }
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - total)).append('\n');
        byte[] hb = header.toString().getBytes(StandardCharsets.ISO_8859_1);

        ByteBuffer head = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            head.putShort((short) hb.length);
        } else {
            head.putInt(hb.length);
        }
        out.write(head.array());
        out.write(hb);

        double[] data = array.data();
        int size = type.size();
        int perChunk = CHUNK / size;
        ByteBuffer bb = ByteBuffer.allocate(perChunk * size).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += perChunk) {
            int n = Math.min(perChunk, data.length - start);
            bb.clear();
            for (int k = 0; k < n; k++) {
                if (type == DType.FLOAT64) {
                    bb.putDouble(data[start + k]);
                } else {
                    bb.putFloat((float) data[start + k]);
                }
            }
            out.write(bb.array(), 0, n * size);
        }
    }
}
