package org.pdeflow.inverse.classical;

import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

/** The grid-based penalties of {@link Regulariser}: identity, gradient and Laplacian norms. */
final class FieldRegulariser implements Regulariser {

    enum Kind {
        IDENTITY,
        GRADIENT,
        LAPLACIAN
    }

    private final Unknowns unknowns;
    private final Kind kind;

    FieldRegulariser(Unknowns unknowns, Kind kind) {
        if (unknowns == null) {
            throw new IllegalArgumentException("unknowns are required");
        }
        this.unknowns = unknowns;
        this.kind = kind;
    }

    @Override
    public double value(double[] v) {
        unknowns.requireLength(v, "regularised vector");
        double total = 0;
        for (int k = 0; k < unknowns.count(); k++) {
            FieldSpec f = unknowns.fields().get(k);
            int o = unknowns.offset(k);
            Grid2D g = f.grid();
            double area = g.cellArea();
            switch (kind) {
                case IDENTITY -> {
                    double s = 0;
                    for (int i = 0; i < f.size(); i++) {
                        s += v[o + i] * v[o + i];
                    }
                    total += 0.5 * area * s;
                }
                case GRADIENT -> total += 0.5 * area * edgeEnergy(g, v, o);
                case LAPLACIAN -> {
                    double[] lap = laplacian(g, v, o);
                    double s = 0;
                    for (double x : lap) {
                        s += x * x;
                    }
                    total += 0.5 * area * s;
                }
                default -> throw new IllegalStateException();
            }
        }
        return total;
    }

    @Override
    public void addGradient(double[] v, double scale, double[] gradient) {
        unknowns.requireLength(v, "regularised vector");
        unknowns.requireLength(gradient, "gradient");
        for (int k = 0; k < unknowns.count(); k++) {
            FieldSpec f = unknowns.fields().get(k);
            int o = unknowns.offset(k);
            Grid2D g = f.grid();
            double w = scale * g.cellArea();
            switch (kind) {
                case IDENTITY -> {
                    for (int i = 0; i < f.size(); i++) {
                        gradient[o + i] += w * v[o + i];
                    }
                }
                case GRADIENT -> {
                    // d/dv of 1/2 sum_edges ((v_q - v_p)/h)^2 is -Laplacian_h v.
                    double[] lap = laplacian(g, v, o);
                    for (int i = 0; i < lap.length; i++) {
                        gradient[o + i] -= w * lap[i];
                    }
                }
                case LAPLACIAN -> {
                    // The graph Laplacian is symmetric: d/dv of 1/2 |L v|^2 is L (L v).
                    double[] lap = laplacian(g, v, o);
                    double[] lap2 = laplacian(g, lap, 0);
                    for (int i = 0; i < lap2.length; i++) {
                        gradient[o + i] += w * lap2[i];
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** sum over grid edges of ((v_q - v_p) / h)^2. */
    private static double edgeEnergy(Grid2D g, double[] v, int o) {
        int nx = g.nx();
        int ny = g.ny();
        boolean periodic = g.layout() == Layout.PERIODIC;
        double ix = 1.0 / (g.dx() * g.dx());
        double iy = 1.0 / (g.dy() * g.dy());
        double s = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double p = v[o + i * ny + j];
                if (i + 1 < nx || (periodic && nx > 1)) {
                    double d = v[o + ((i + 1) % nx) * ny + j] - p;
                    s += d * d * ix;
                }
                if (j + 1 < ny || (periodic && ny > 1)) {
                    double d = v[o + i * ny + (j + 1) % ny] - p;
                    s += d * d * iy;
                }
            }
        }
        return s;
    }

    /** Graph Laplacian (sum over the node's edges of (v_q - v_p) / h^2) of the field at offset o. */
    private static double[] laplacian(Grid2D g, double[] v, int o) {
        int nx = g.nx();
        int ny = g.ny();
        boolean periodic = g.layout() == Layout.PERIODIC;
        double ix = 1.0 / (g.dx() * g.dx());
        double iy = 1.0 / (g.dy() * g.dy());
        double[] out = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int p = i * ny + j;
                if (i + 1 < nx || (periodic && nx > 1)) {
                    int q = ((i + 1) % nx) * ny + j;
                    double d = (v[o + q] - v[o + p]) * ix;
                    out[p] += d;
                    out[q] -= d;
                }
                if (j + 1 < ny || (periodic && ny > 1)) {
                    int q = i * ny + (j + 1) % ny;
                    double d = (v[o + q] - v[o + p]) * iy;
                    out[p] += d;
                    out[q] -= d;
                }
            }
        }
        return out;
    }

    @Override
    public String description() {
        return switch (kind) {
            case IDENTITY -> "1/2 |v|^2";
            case GRADIENT -> "1/2 |grad v|^2";
            case LAPLACIAN -> "1/2 |Laplacian v|^2";
        };
    }
}
