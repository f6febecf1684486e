package org.pdeflow.operators.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable truncated Fourier transforms of field batches, the common core of
 * {@link SpectralConv2d} and of Fourier resampling.
 *
 * <p>Fields are real arrays of shape (B, C, H, W), x along H. The half spectrum is
 * <pre>
 *   X[kx, ky] = sum_{i &lt; H, j &lt; W} u[i, j] exp(-2 pi i (kx i / H + ky j / W)),   0 &lt;= ky &lt;= W/2,
 * </pre>
 * computed as an rfft over the last axis followed by a full fft over the other (DJL has no rfft2).
 * Row kx &gt;= 0 of the full-fft axis is stored at index kx, row kx &lt; 0 at index H + kx, so "the
 * lowest modes" along x are the first and the last rows.
 *
 * <p>A spectrum kept on p non-negative rows (kx = 0..p-1), q negative rows (kx = -q..-1) and c
 * columns (ky = 0..c-1) is turned back into a field of any size (H', W') with p + q &lt;= H' and
 * c &lt;= W'/2 + 1 by zero-filling the rest and applying ifft then irfft of sizes H', W'. The
 * result is scaled by H'W'/(HW), so that a kept mode keeps its amplitude as a function: a smooth
 * field resampled this way is its band-limited (trigonometric) interpolation on the new grid.
 * irfft reads the imaginary part of the ky = 0 (and, for even W', ky = W'/2) column as zero, as
 * torch.fft.irfft does.
 *
 * <p>DJL's {@code NDArray.complex()} is not differentiable and its NDList encoding drops complex
 * dtypes, so learnable spectral weights are kept as two real arrays and combined here with the
 * constant complex scalars 1 and i ({@link #complexOf}).
 */
public final class Spectral {

    private Spectral() {}

    /**
     * The half spectrum of a batch of fields.
     *
     * @param x real fields, shape (B, C, H, W)
     * @return complex64 spectrum, shape (B, C, H, W/2 + 1)
     */
    public static NDArray forward(NDArray x) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        return x.rfft(w, -1).fft(h, -2);
    }

    /**
     * The complex array {@code re + i im}, differentiable in both parts.
     *
     * @param re real part (any shape)
     * @param im imaginary part (same shape)
     * @param scope manager that owns the result and the temporaries (e.g. the per-step scope)
     * @return complex64 array of that shape
     */
    public static NDArray complexOf(NDArray re, NDArray im, NDManager scope) {
        // The constants come first so that results attach to 'scope' (DJL attaches a result to its
        // first operand's manager), not to the long-lived manager owning the parameters.
        NDArray one = scope.create(new float[] {1f, 0f})
                .toDevice(re.getDevice(), false)
                .complex();
        NDArray unitI = scope.create(new float[] {0f, 1f})
                .toDevice(re.getDevice(), false)
                .complex();
        return one.mul(re).add(unitI.mul(im));
    }

    /**
     * Rows kx = 0..p-1 and kx = -q..-1 and columns ky = 0..c-1 of a half spectrum, stacked as
     * (B, C, p + q, c) with the non-negative rows first.
     *
     * @param spectrum complex (B, C, H, W/2 + 1)
     * @param p non-negative rows kept, p + q &lt;= H
     * @param q negative rows kept
     * @param c columns kept, c &lt;= W/2 + 1
     * @return the kept modes
     */
    public static NDArray lowModes(NDArray spectrum, int p, int q, int c) {
        long h = spectrum.getShape().get(2);
        NDArray pos = spectrum.get(new NDIndex(":, :, 0:{}, 0:{}", p, c));
        if (q == 0) {
            return pos;
        }
        NDArray neg = spectrum.get(new NDIndex(":, :, {}:{}, 0:{}", h - q, h, c));
        return NDArrays.concat(new NDList(pos, neg), 2);
    }

    /**
     * Inverse of {@link #lowModes} followed by the inverse transform at a chosen size.
     *
     * @param modes complex (B, C, p + q, c), non-negative rows first
     * @param p number of non-negative rows in {@code modes}
     * @param inH height of the grid the modes were computed on (for amplitude scaling)
     * @param inW width of that grid
     * @param outH output height, p + q &lt;= outH
     * @param outW output width, c &lt;= outW/2 + 1
     * @return real fields (B, C, outH, outW)
     */
    public static NDArray inverse(NDArray modes, int p, int inH, int inW, int outH, int outW) {
        Shape s = modes.getShape();
        long b = s.get(0);
        long ch = s.get(1);
        int rows = (int) s.get(2);
        int c = (int) s.get(3);
        int q = rows - p;
        int halfW = outW / 2 + 1;
        if (rows > outH || c > halfW) {
            throw new IllegalArgumentException("cannot place " + rows + " x " + c + " modes on a " + outH + " x " + outW
                    + " grid: need rows <= H and columns <= W/2+1");
        }
        NDManager m = modes.getManager();
        NDArray zeroC = m.create(new float[] {0f, 0f})
                .toDevice(modes.getDevice(), false)
                .complex();
        NDArray scaled = GraphScalars.times(modes, (double) outH * outW / ((double) inH * inW));
        NDArray full = scaled;
        if (rows < outH) {
            NDArray gap = m.zeros(new Shape(b, ch, outH - rows, c), DataType.FLOAT32, modes.getDevice())
                    .mul(zeroC);
            NDArray pos = scaled.get(new NDIndex(":, :, 0:{}", p));
            full = q == 0
                    ? NDArrays.concat(new NDList(pos, gap), 2)
                    : NDArrays.concat(new NDList(pos, gap, scaled.get(new NDIndex(":, :, {}:", p))), 2);
        }
        if (c < halfW) {
            NDArray gap = m.zeros(new Shape(b, ch, outH, halfW - c), DataType.FLOAT32, modes.getDevice())
                    .mul(zeroC);
            full = NDArrays.concat(new NDList(full, gap), 3);
        }
        return full.ifft(outH, -2).irfft(outW, -1);
    }

    /**
     * Band-limited resampling of fields to another grid size: the modes representable on both
     * grids, |kx| &lt;= (min(H, H') - 1) / 2 and 0 &lt;= ky &lt;= (min(W, W') - 1) / 2 (the Nyquist
     * row/column of an even size is dropped because it has no well-defined sign), are carried over
     * with their amplitudes; the rest are zero. Returns {@code x} itself when the size is unchanged.
     *
     * @param x real fields (B, C, H, W)
     * @param outH new height, at least 1
     * @param outW new width, at least 1
     * @return real fields (B, C, outH, outW)
     */
    public static NDArray resample(NDArray x, int outH, int outW) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (h == outH && w == outW) {
            return x;
        }
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + outH + " x " + outW);
        }
        int kx = (Math.min(h, outH) - 1) / 2;
        int ky = (Math.min(w, outW) - 1) / 2;
        NDArray modes = lowModes(forward(x), kx + 1, kx, ky + 1);
        return inverse(modes, kx + 1, h, w, outH, outW);
    }
}
