package org.pdeflow.inverse.forward;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pdeflow.pde.grid.Grid2D;

/**
 * The unknown fields of an inverse problem and how they are packed into one parameter vector.
 *
 * <p>Every algorithm works on a flat {@code double[] x} of length {@link #size()}: the fields in the
 * order given, each one row-major on its grid (x first). Field {@code k} occupies
 * {@code x[offset(k) .. offset(k) + fields.get(k).size())}. With one field (the usual case) x is
 * just that field. Several fields (e.g. the coefficient {@code a} and the solution {@code u} of a
 * joint Darcy problem) are concatenated, so optimisers, ensemble methods and samplers need no
 * special case.
 *
 * @param fields the fields, at least one, names distinct; copied into an unmodifiable list
 */
public record Unknowns(List<FieldSpec> fields) {

    public Unknowns {
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("at least one unknown field is required");
        }
        Set<String> names = new HashSet<>();
        for (FieldSpec f : fields) {
            if (f == null) {
                throw new IllegalArgumentException("unknown field list contains null");
            }
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("unknown field name '" + f.name() + "' appears twice");
            }
        }
        fields = List.copyOf(fields);
    }

    /** One field named {@code name} on {@code grid}. */
    public static Unknowns single(String name, Grid2D grid) {
        return new Unknowns(List.of(new FieldSpec(name, grid)));
    }

    /** The given fields, in this order. */
    public static Unknowns of(FieldSpec... fields) {
        return new Unknowns(List.of(fields));
    }

    /** Total number of unknowns, the sum of the field sizes. */
    public int size() {
        int n = 0;
        for (FieldSpec f : fields) {
            n += f.size();
        }
        return n;
    }

    /** Number of fields. */
    public int count() {
        return fields.size();
    }

    /** The field names in order. */
    public List<String> names() {
        List<String> names = new ArrayList<>(fields.size());
        for (FieldSpec f : fields) {
            names.add(f.name());
        }
        return names;
    }

    /**
     * Position of a field in the list.
     *
     * @throws IllegalArgumentException naming the known fields when there is no such field
     */
    public int indexOf(String name) {
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no unknown field '" + name + "'; the fields are " + names());
    }

    /** The spec of a field by name. */
    public FieldSpec field(String name) {
        return fields.get(indexOf(name));
    }

    /** Start of field {@code k} in the packed vector. */
    public int offset(int k) {
        int o = 0;
        for (int i = 0; i < k; i++) {
            o += fields.get(i).size();
        }
        return o;
    }

    /** Start of the named field in the packed vector. */
    public int offset(String name) {
        return offset(indexOf(name));
    }

    /**
     * Copies one field out of a packed vector.
     *
     * @param x packed vector, length {@link #size()}
     * @param name the field
     * @return a new array of the field's size
     */
    public double[] extract(double[] x, String name) {
        requireLength(x, "parameter vector");
        int k = indexOf(name);
        int n = fields.get(k).size();
        double[] out = new double[n];
        System.arraycopy(x, offset(k), out, 0, n);
        return out;
    }

    /**
     * Packs fields given in order into one vector.
     *
     * @param values one array per field, each of that field's size
     * @return the packed vector of length {@link #size()}
     */
    public double[] pack(double[]... values) {
        if (values.length != fields.size()) {
            throw new IllegalArgumentException(
                    "expected " + fields.size() + " fields " + names() + ", got " + values.length);
        }
        double[] x = new double[size()];
        int o = 0;
        for (int k = 0; k < values.length; k++) {
            int n = fields.get(k).size();
            if (values[k] == null || values[k].length != n) {
                throw new IllegalArgumentException("field '" + fields.get(k).name() + "' needs " + n + " values, got "
                        + (values[k] == null ? "null" : values[k].length));
            }
            System.arraycopy(values[k], 0, x, o, n);
            o += n;
        }
        return x;
    }

    /**
     * Checks the length of a packed vector.
     *
     * @param x the vector
     * @param what how to call it in the message
     * @throws IllegalArgumentException when null or of the wrong length
     */
    public void requireLength(double[] x, String what) {
        if (x == null || x.length != size()) {
            throw new IllegalArgumentException(what + " must have " + size() + " values (fields " + names() + "), got "
                    + (x == null ? "null" : x.length));
        }
    }
}
