package org.pdeflow.datasets.hdf5;

/** Floating-point element type of a stored HDF5 dataset (IEEE 754, the machine's byte order, as jHDF writes). */
public enum Precision {
    /** 64-bit double precision: values round-trip exactly. */
    FLOAT64(8),
    /** 32-bit single precision: half the size, about 7 significant digits. */
    FLOAT32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The name used in attributes and documentation: {@code float64} or {@code float32}. */
    public String dtype() {
        return this == FLOAT64 ? "float64" : "float32";
    }
}
