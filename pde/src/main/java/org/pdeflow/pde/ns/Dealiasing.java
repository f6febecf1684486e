package org.pdeflow.pde.ns;

/**
 * Which Fourier modes a pseudo-spectral product keeps ("2/3 rule", Orszag 1971,
 * <i>J. Atmos. Sci.</i> 28, 1074).
 *
 * <p>Modes are counted by their signed mode numbers {@code m1} (along x, {@code |m1| <= nx/2}) and
 * {@code m2} (along y) on an {@code nx x ny} periodic grid. Both rules drop the Nyquist modes.
 */
public enum Dealiasing {

    /**
     * Per-axis box {@code |m1| <= nx/3} and {@code |m2| <= ny/3}: exactly alias-free for quadratic
     * products (products of kept modes alias only onto dropped modes), as in the FNO data generator
     * of Li et al. (2021).
     */
    BOX_TWO_THIRDS {
        @Override
        public boolean retains(int m1, int m2, int nx, int ny) {
            return 3 * Math.abs(m1) <= nx && 3 * Math.abs(m2) <= ny;
        }
    },

    /**
     * Disc {@code m1^2 + m2^2 <= (nx/3)^2 + (ny/3)^2}, i.e. {@code 2 (n/3)^2} on a square grid: the
     * mask of the InverseBench Navier-Stokes solver (Zheng et al. 2025). It reaches the corners of
     * the box and is therefore not strictly alias-free near them.
     */
    CIRCULAR {
        @Override
        public boolean retains(int m1, int m2, int nx, int ny) {
            return 9L * ((long) m1 * m1 + (long) m2 * m2) <= (long) nx * nx + (long) ny * ny;
        }
    };

    /**
     * Whether the mode (m1, m2) survives dealiasing on an {@code nx x ny} grid.
     *
     * @param m1 signed mode number along x
     * @param m2 signed mode number along y
     * @param nx points along x
     * @param ny points along y
     * @return true if the mode is kept
     */
    public abstract boolean retains(int m1, int m2, int nx, int ny);
}
