package org.pdeflow.datasets.npy;

import java.nio.ByteOrder;

/**
 * The NumPy element types pdeflow reads (all converted to {@code double}) and writes.
 *
 * <p>Descriptors follow NumPy's array-interface strings: a byte-order character ({@code <} little,
 * {@code >} big, {@code |} not applicable) followed by the kind and the size in bytes.
 */
public enum DType {
    /** IEEE 754 double precision, {@code f8}. */
    FLOAT64('f', 8),
    /** IEEE 754 single precision, {@code f4}. */
    FLOAT32('f', 4),
    /** Signed 64-bit integer, {@code i8}. */
    INT64('i', 8),
    /** Signed 32-bit integer, {@code i4}. */
    INT32('i', 4),
    /** Unsigned byte, {@code u1}. */
    UINT8('u', 1),
    /** Boolean, {@code b1}: one byte, 0 or 1. */
    BOOL('b', 1);

    private final char kind;
    private final int size;

    DType(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** NumPy descriptor in little-endian byte order, e.g. {@code <f8}; {@code |b1} for one-byte types. */
    public String descriptor() {
        return (size == 1 ? "|" : "<") + kind + size;
    }

    /**
     * Parses a NumPy descriptor such as {@code <f8}, {@code >f4}, {@code |b1}.
     *
     * @param descr the descriptor
     * @return the type, or {@code null} when pdeflow does not read it
     */
    static DType parse(String descr) {
        if (descr.length() < 3) {
            return null;
        }
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return null;
        }
        for (DType t : values()) {
            if (t.kind == kind && t.size == size) {
                return t;
            }
        }
        return null;
    }

    /** Byte order of a descriptor; one-byte types and native order map to little endian on x86/ARM. */
    static ByteOrder order(String descr) {
        return descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
}
