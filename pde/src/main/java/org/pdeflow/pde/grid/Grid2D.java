package org.pdeflow.pde.grid;

/**
 * A uniform tensor grid on the rectangle [0, lx] x [0, ly].
 *
 * <p>Fields on this grid are {@code double[]} of length {@code nx * ny} in row-major order with
 * <b>x along the first axis</b>: the value at (x_i, y_j) is stored at {@code index(i, j) = i * ny + j}.
 * This matches a NumPy array {@code u[i, j]} of shape (nx, ny) in C order, so a field written as
 * {@code .npy} reads back in Python as {@code u[i, j] == u(x_i, y_j)}.
 *
 * @param nx number of points along x (first array axis)
 * @param ny number of points along y (second array axis)
 * @param lx domain length along x, in the problem's length unit
 * @param ly domain length along y
 * @param layout where the points sit inside each axis
 */
public record Grid2D(int nx, int ny, double lx, double ly, Layout layout) {

    public Grid2D {
        int min = layout == Layout.NODE ? 2 : 1;
        if (nx < min || ny < min) {
            throw new IllegalArgumentException(
                    "grid needs at least " + min + " points per axis, got " + nx + " x " + ny);
        }
        if (!(lx > 0) || !(ly > 0) || Double.isInfinite(lx) || Double.isInfinite(ly)) {
            throw new IllegalArgumentException("domain lengths must be positive and finite, got " + lx + " x " + ly);
        }
        if (layout == null) {
            throw new IllegalArgumentException("layout is required");
        }
    }

    /** Square node grid of s x s points on [0, length]^2, boundaries included (h = length / (s - 1)). */
    public static Grid2D nodes(int s, double length) {
        return new Grid2D(s, s, length, length, Layout.NODE);
    }

    /** Square periodic grid of n x n points on [0, length)^2 (h = length / n). */
    public static Grid2D periodic(int n, double length) {
        return new Grid2D(n, n, length, length, Layout.PERIODIC);
    }

    /** Number of points, {@code nx * ny}. */
    public int size() {
        return nx * ny;
    }

    /** Flat row-major index of point (i, j). */
    public int index(int i, int j) {
        return i * ny + j;
    }

    /** Spacing along x. */
    public double dx() {
        return spacing(lx, nx);
    }

    /** Spacing along y. */
    public double dy() {
        return spacing(ly, ny);
    }

    /** Coordinate x_i. */
    public double x(int i) {
        return coordinate(i, dx());
    }

    /** Coordinate y_j. */
    public double y(int j) {
        return coordinate(j, dy());
    }

    /** True when both axes have the same number of points and the same length. */
    public boolean isSquare() {
        return nx == ny && lx == ly;
    }

    /** Area of one grid cell, dx * dy: the quadrature weight of the rectangle rule. */
    public double cellArea() {
        return dx() * dy();
    }

    private double spacing(double length, int n) {
        return layout == Layout.NODE ? length / (n - 1) : length / n;
    }

    private double coordinate(int i, double h) {
        return layout == Layout.CELL ? (i + 0.5) * h : i * h;
    }
}
