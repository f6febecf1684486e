package org.pdeflow.datasets.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pdeflow.datasets.io.InputException;

/**
 * Reads PDEBench's 2-D data files (Takamoto et al., "PDEBench: an extensive benchmark for
 * scientific machine learning", NeurIPS 2022 Datasets and Benchmarks) one sample at a time, under
 * pdeflow field names. Layouts, as written by PDEBench's generators and read by its data loaders
 * (dataset shapes in C order):
 *
 * <ul>
 *   <li><b>2-D Darcy flow</b> ({@link #darcy}): {@code nu} [N, s, s], the permeability, read as
 *       field {@code a}; {@code tensor} [N, 1, s, s], the steady solution, read as field {@code u}
 *       of shape (s, s) (the singleton channel axis is dropped); optional {@code x-coordinate} and
 *       {@code y-coordinate} [s], read as coordinates {@code x} and {@code y}.</li>
 *   <li><b>2-D incompressible Navier-Stokes</b> ({@link #incompressibleNs}, PDEBench
 *       {@code data_gen/src/data_io.py}): {@code velocity} [N, T, s, s, 2] read as field {@code u}
 *       (last axis: the x and y components); {@code force} [N, s, s, 2] read as {@code f};
 *       {@code t} [N, T] read as {@code t} (each sample's times); {@code particles}
 *       [N, T, s, s, 1], if present, read as {@code particles} of shape (T, s, s).</li>
 * </ul>
 *
 * <p>The spatial axes are taken as stored: the first is read as x, the second as y, pdeflow's
 * convention. PDEBench stores float32 (its NS files chunked and LZF-compressed); values are
 * converted to double. Validation at opening checks presence, rank, matching N and matching spatial
 * and time extents across the fields, with {@link InputException}s naming the file and dataset.
 */
public final class PdeBenchReader implements FieldDataset {

    /** One pdeflow field backed by one PDEBench dataset, with an optional singleton axis dropped. */
    private record Mapping(String source, Dataset dataset, int droppedAxis) {}

    private final Path file;
    private final HdfFile hdf;
    private final Map<String, Mapping> fields = new LinkedHashMap<>();
    private final Map<String, double[]> coordinates = new LinkedHashMap<>();
    private final int samples;

    private PdeBenchReader(Path file, HdfFile hdf, int samples) {
        this.file = file;
        this.hdf = hdf;
        this.samples = samples;
    }

    /**
     * Opens a PDEBench 2-D Darcy flow file (e.g. {@code 2D_DarcyFlow_beta1.0_Train.hdf5}).
     *
     * @param file the file
     * @return a reader with fields {@code a} (from {@code nu}) and {@code u} (from {@code tensor})
     * @throws InputException when the file is not in that layout
     */
    public static PdeBenchReader darcy(Path file) {
        HdfFile hdf = Hdf5Access.open(file);
        try {
            Dataset nu = Hdf5Access.dataset(hdf, file, "nu", 3);
            Dataset tensor = Hdf5Access.dataset(hdf, file, "tensor", 4);
            int[] a = nu.getDimensions();
            int[] u = tensor.getDimensions();
            if (u[1] != 1) {
                throw new InputException(
                        file, "dataset '/tensor' has shape " + Arrays.toString(u) + ", expected [N, 1, s, s]");
            }
            if (a[0] != u[0] || a[1] != u[2] || a[2] != u[3]) {
                throw new InputException(
                        file,
                        "datasets '/nu' " + Arrays.toString(a) + " and '/tensor' " + Arrays.toString(u)
                                + " do not match ([N, s, s] and [N, 1, s, s])");
            }
            PdeBenchReader r = new PdeBenchReader(file, hdf, checkCount(file, "nu", a[0]));
            r.fields.put("a", new Mapping("nu", nu, -1));
            r.fields.put("u", new Mapping("tensor", tensor, 1));
            r.optionalCoordinate("x", "x-coordinate", a[1]);
            r.optionalCoordinate("y", "y-coordinate", a[2]);
            return r;
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    /**
     * Opens a PDEBench 2-D incompressible Navier-Stokes file (e.g. {@code ns_incom_inhom_2d_512-0.h5}).
     *
     * @param file the file
     * @return a reader with fields {@code u} (velocity), {@code f} (force), {@code t} and, when the
     *     file has it, {@code particles}
     * @throws InputException when the file is not in that layout
     */
    public static PdeBenchReader incompressibleNs(Path file) {
        HdfFile hdf = Hdf5Access.open(file);
        try {
            Dataset velocity = Hdf5Access.dataset(hdf, file, "velocity", 5);
            Dataset force = Hdf5Access.dataset(hdf, file, "force", 4);
            Dataset t = Hdf5Access.dataset(hdf, file, "t", 2);
            Dataset particles = Hdf5Access.datasetOrNull(hdf, "particles");
            int[] v = velocity.getDimensions();
            int[] f = force.getDimensions();
            int[] td = t.getDimensions();
            if (v[4] != 2 || f[3] != 2) {
                throw new InputException(
                        file,
                        "'/velocity' " + Arrays.toString(v) + " and '/force' " + Arrays.toString(f)
                                + " must end with 2 vector components");
            }
            if (f[0] != v[0] || f[1] != v[2] || f[2] != v[3]) {
                throw new InputException(
                        file,
                        "'/force' " + Arrays.toString(f) + " does not match '/velocity' " + Arrays.toString(v)
                                + " ([N, s, s, 2] and [N, T, s, s, 2])");
            }
            if (td[0] != v[0] || td[1] != v[1]) {
                throw new InputException(
                        file,
                        "'/t' " + Arrays.toString(td) + " does not match '/velocity' " + Arrays.toString(v)
                                + " ([N, T] and [N, T, s, s, 2])");
            }
            PdeBenchReader r = new PdeBenchReader(file, hdf, checkCount(file, "velocity", v[0]));
            r.fields.put("u", new Mapping("velocity", velocity, -1));
            r.fields.put("f", new Mapping("force", force, -1));
            r.fields.put("t", new Mapping("t", t, -1));
            if (particles != null) {
                Hdf5Access.dataset(hdf, file, "particles", 5);
                int[] p = particles.getDimensions();
                if (p[0] != v[0] || p[1] != v[1] || p[2] != v[2] || p[3] != v[3] || p[4] != 1) {
                    throw new InputException(
                            file,
                            "'/particles' " + Arrays.toString(p) + " does not match '/velocity' " + Arrays.toString(v)
                                    + " ([N, T, s, s, 1])");
                }
                r.fields.put("particles", new Mapping("particles", particles, 4));
            }
            return r;
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private static int checkCount(Path file, String name, int n) {
        if (n < 1) {
            throw new InputException(file, "dataset '/" + name + "' holds no sample");
        }
        return n;
    }

    private void optionalCoordinate(String ours, String theirs, int length) {
        Dataset d = Hdf5Access.datasetOrNull(hdf, theirs);
        if (d == null) {
            return;
        }
        Hdf5Access.dataset(hdf, file, theirs, 1);
        double[] values = Hdf5Access.readAll(d, file);
        if (values.length != length) {
            throw new InputException(
                    file, "dataset '/" + theirs + "' has " + values.length + " values, the grid has " + length);
        }
        coordinates.put(ours, values);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public int sampleCount() {
        return samples;
    }

    @Override
    public List<String> fields() {
        return List.copyOf(fields.keySet());
    }

    /** The PDEBench dataset a field is read from, e.g. {@code "tensor"} for {@code "u"} of a Darcy file. */
    public String sourceDataset(String field) {
        return mapping(field).source();
    }

    @Override
    public int[] sampleShape(String field) {
        Mapping m = mapping(field);
        int[] dims = m.dataset().getDimensions();
        int[] shape = new int[dims.length - 1 - (m.droppedAxis() >= 0 ? 1 : 0)];
        int k = 0;
        for (int axis = 1; axis < dims.length; axis++) {
            if (axis != m.droppedAxis()) {
                shape[k++] = dims[axis];
            }
        }
        return shape;
    }

    @Override
    public double[] readSample(String field, int index) {
        Mapping m = mapping(field);
        if (index < 0 || index >= samples) {
            throw new IllegalArgumentException("sample index " + index + " out of range 0.." + (samples - 1));
        }
        // Dropping a singleton axis does not change the C-order sequence of values.
        int[] dims = m.dataset().getDimensions().clone();
        dims[0] = 1;
        long[] offset = new long[dims.length];
        offset[0] = index;
        return Hdf5Access.read(m.dataset(), file, offset, dims);
    }

    /** A coordinate ({@code x} or {@code y} of a Darcy file that stores them), if present. */
    public Optional<double[]> coordinate(String name) {
        double[] c = coordinates.get(name);
        return c == null ? Optional.empty() : Optional.of(c.clone());
    }

    private Mapping mapping(String field) {
        Mapping m = fields.get(field);
        if (m == null) {
            throw new IllegalArgumentException("no field '" + field + "' in " + file + "; it has " + fields.keySet());
        }
        return m;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
