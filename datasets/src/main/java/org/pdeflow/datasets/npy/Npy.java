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
import java.util.Arrays;
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
 * them to double. A Fortran-ordered array ({@code fortran_order: True}, which NumPy writes for any
 * transposed or {@code np.asfortranarray} array) is reordered on reading, so the result is always the
 * C-order (row-major) data of the same logical array: {@code a[i, j]} of NumPy is
 * {@code data[i * ny + j]} either way. Complex arrays are refused with a clear message. Writes
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

    private Npy() {}

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
            return read(in, file, "", Files.size(file));
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
     * @throws InputException when the bytes are not a .npy array pdeflow reads
     */
    public static NdArray read(InputStream in, Path name) throws IOException {
        return read(in, name, "", -1);
    }

    /**
     * Reads a {@code .npy} stream.
     *
     * @param in the stream, positioned at the magic string; not closed
     * @param file the file named in error messages
     * @param context text put before each problem in error messages, e.g. {@code "entry 'u.npy': "}
     * @param available bytes known to remain in the stream, or -1 when unknown; a header that
     *     promises more data fails at once instead of allocating for it, and with an unknown length
     *     the array grows only as data arrives, so a corrupt header cannot exhaust memory
     * @return the array
     * @throws IOException on a read error
     */
    static NdArray read(InputStream in, Path file, String context, long available) throws IOException {
        DataInputStream din = new DataInputStream(in);
        byte[] prefix = new byte[MAGIC.length + 2];
        try {
            din.readFully(prefix);
        } catch (EOFException e) {
            throw new InputException(file, context + "not a NumPy .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                throw new InputException(file, context + "not a NumPy .npy file (bad magic string)");
            }
        }
        int major = prefix[MAGIC.length] & 0xFF;
        long headerLength;
        try {
            if (major == 1) {
                headerLength = Short.toUnsignedInt(Short.reverseBytes(din.readShort()));
            } else if (major == 2 || major == 3) {
                headerLength = Integer.toUnsignedLong(Integer.reverseBytes(din.readInt()));
            } else {
                throw new InputException(file, context + "unsupported .npy format version " + major);
            }
            long preamble = prefix.length + (major == 1 ? 2 : 4);
            if (headerLength > 1 << 20 || available >= 0 && preamble + headerLength > available) {
                throw new InputException(file, context + "implausible .npy header length " + headerLength);
            }
            available = available < 0 ? -1 : available - preamble - headerLength;
            byte[] headerBytes = new byte[(int) headerLength];
            din.readFully(headerBytes);
            String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

            String descr = group(DESCR, header, file, context, "descr");
            boolean fortran = "True".equals(group(FORTRAN, header, file, context, "fortran_order"));
            int[] shape = parseShape(group(SHAPE, header, file, context, "shape"), file, context);
            DType type = DType.parse(descr);
            if (type == null) {
                throw new InputException(
                        file, context + "unsupported dtype '" + printable(descr) + "' (use float64 or float32)");
            }
            long count = 1;
            for (int d : shape) {
                // Each extent is below 2^31 and count stays below 2^31 here, so the product cannot overflow.
                count *= d;
                if (count > Integer.MAX_VALUE - 8) {
                    throw new InputException(
                            file, context + "array of shape " + NdArray.formatShape(shape) + " is too large");
                }
            }
            if (available >= 0 && count * type.size() > available) {
                throw new InputException(
                        file, context + "file is truncated: header promises " + count + " values, data ends early");
            }
            double[] data = readData(din, type, DType.order(descr), (int) count, available >= 0, file, context);
            return new NdArray(shape, fortran ? fortranToC(data, shape) : data);
        } catch (EOFException e) {
            throw new InputException(file, context + "file is truncated inside the .npy header");
        }
    }

    private static double[] readData(
            DataInputStream in, DType type, ByteOrder order, int count, boolean sized, Path file, String context)
            throws IOException {
        int size = type.size();
        int perChunk = Math.max(1, CHUNK / size);
        byte[] buf = new byte[perChunk * size];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(order);
        // With an unknown stream length, start small and grow as data arrives (at most doubling).
        double[] out = new double[sized ? count : Math.min(count, 1 << 20)];
        int done = 0;
        while (done < count) {
            int n = Math.min(perChunk, count - done);
            try {
                in.readFully(buf, 0, n * size);
            } catch (EOFException e) {
                throw new InputException(
                        file, context + "file is truncated: header promises " + count + " values, data ends early");
            }
            if (done + n > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(count, Math.max(2L * out.length, done + n)));
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
        return out;
    }

    /**
     * Reorders column-major (Fortran) data of the given shape into row-major (C) order: the value at
     * index (i0, .., ik) sits at {@code i0 + d0 (i1 + d1 (i2 + ...))} in {@code f} and goes to
     * {@code ((i0 d1 + i1) d2 + i2) ...} in the result.
     */
    static double[] fortranToC(double[] f, int[] shape) {
        int rank = shape.length;
        if (rank < 2 || f.length == 0) {
            return f;
        }
        long[] stride = new long[rank];
        stride[0] = 1;
        for (int ax = 1; ax < rank; ax++) {
            stride[ax] = stride[ax - 1] * shape[ax - 1];
        }
        double[] c = new double[f.length];
        int[] idx = new int[rank];
        long from = 0;
        for (int k = 0; k < c.length; k++) {
            c[k] = f[(int) from];
            // next index in C order: the last axis runs fastest
            for (int ax = rank - 1; ax >= 0; ax--) {
                from += stride[ax];
                if (++idx[ax] < shape[ax]) {
                    break;
                }
                from -= stride[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
        return c;
    }

    private static String group(Pattern p, String header, Path file, String context, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new InputException(file, context + "malformed .npy header: no '" + key + "' entry");
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, Path file, String context) {
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
                throw new InputException(file, context + "malformed .npy header: bad shape (" + printable(text) + ")");
            }
            if (dims[n - 1] < 0) {
                throw new InputException(
                        file, context + "malformed .npy header: negative extent in shape (" + printable(text) + ")");
            }
        }
        return Arrays.copyOf(dims, n);
    }

    /**
     * Text from a file made fit for a one-line message: control and line-separator characters
     * escaped as backslash-u sequences, cut to 60 characters.
     */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < text.length(); k++) {
            if (sb.length() >= 60) {
                return sb.append("...").toString();
            }
            char c = text.charAt(k);
            int type = Character.getType(c);
            if (Character.isISOControl(c)
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE
                    || type == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
