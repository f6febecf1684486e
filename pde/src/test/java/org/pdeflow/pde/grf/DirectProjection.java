package org.pdeflow.pde.grf;

/**
 * Test reference: projects grid fields onto the Fourier / cosine bases by direct (separable,
 * O(n^3)) sums with explicit cos/sin tables, independent of JTransforms and of the samplers' code.
 */
final class DirectProjection {

    private DirectProjection() {}

    /**
     * Fourier coefficients c_m = (1 / (nx ny)) sum_{i,j} u_ij exp(-i 2 pi (m1 i / nx + m2 j / ny)),
     * written row-major (m1 * ny + m2) into re and im.
     */
    static void fourier(double[] u, int nx, int ny, double[] re, double[] im) {
        double[] cy = new double[ny * ny];
        double[] sy = new double[ny * ny];
        table(ny, cy, sy);
        double[] cx = new double[nx * nx];
        double[] sx = new double[nx * nx];
        table(nx, cx, sx);
        // a[i][m2] = sum_j u_ij exp(-i 2 pi m2 j / ny)
        double[] ar = new double[nx * ny];
        double[] ai = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int m2 = 0; m2 < ny; m2++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < ny; j++) {
                    double v = u[i * ny + j];
                    sr += v * cy[m2 * ny + j];
                    si -= v * sy[m2 * ny + j];
                }
                ar[i * ny + m2] = sr;
                ai[i * ny + m2] = si;
            }
        }
        double norm = 1.0 / ((double) nx * ny);
        for (int m1 = 0; m1 < nx; m1++) {
            for (int m2 = 0; m2 < ny; m2++) {
                double sr = 0;
                double si = 0;
                for (int i = 0; i < nx; i++) {
                    double c = cx[m1 * nx + i];
                    double s = sx[m1 * nx + i];
                    double xr = ar[i * ny + m2];
                    double xi = ai[i * ny + m2];
                    // (xr + i xi) (c - i s)
                    sr += xr * c + xi * s;
                    si += xi * c - xr * s;
                }
                re[m1 * ny + m2] = sr * norm;
                im[m1 * ny + m2] = si * norm;
            }
        }
    }

    /**
     * Cosine coefficients of a node field: the unique xi with
     * u_ij = sum_k xi_k cos(pi k1 i / (nx-1)) cos(pi k2 j / (ny-1)), obtained from the discrete
     * orthogonality of the DCT-I basis under trapezoid weights (end points halved):
     * sum'' cos(pi k i / M) cos(pi l i / M) = delta_kl * (M if k in {0, M} else M / 2).
     */
    static double[] cosine(double[] u, int nx, int ny) {
        double[] tmp = new double[nx * ny];
        for (int i = 0; i < nx; i++) {
            for (int k2 = 0; k2 < ny; k2++) {
                tmp[i * ny + k2] = trapezoidCosine(u, i * ny, 1, ny, k2);
            }
        }
        double[] xi = new double[nx * ny];
        for (int k1 = 0; k1 < nx; k1++) {
            for (int k2 = 0; k2 < ny; k2++) {
                xi[k1 * ny + k2] = trapezoidCosine(tmp, k2, ny, nx, k1);
            }
        }
        return xi;
    }

    private static double trapezoidCosine(double[] a, int offset, int stride, int n, int k) {
        int m = n - 1;
        double sum = 0;
        for (int i = 0; i <= m; i++) {
            double w = (i == 0 || i == m) ? 0.5 : 1.0;
            sum += w * a[offset + i * stride] * Math.cos(Math.PI * ((long) k * i % (2L * m)) / m);
        }
        double norm = (k == 0 || k == m) ? m : 0.5 * m;
        return sum / norm;
    }

    private static void table(int n, double[] c, double[] s) {
        for (int m = 0; m < n; m++) {
            for (int j = 0; j < n; j++) {
                double angle = 2 * Math.PI * ((long) m * j % n) / n;
                c[m * n + j] = Math.cos(angle);
                s[m * n + j] = Math.sin(angle);
            }
        }
    }
}
