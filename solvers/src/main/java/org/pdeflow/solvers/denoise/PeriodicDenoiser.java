package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * A denoiser for fields on a periodic domain, built from one whose convolutions pad with zeros: the input is
 * wrapped around by {@code margin} nodes on each side of both grid axes (its periodic continuation), denoised,
 * and the middle H x W cropped out:
 * <pre>
 *   D_per(x; sigma) = crop( D(wrap(x, m); sigma) ).
 * </pre>
 * A network trained on periodic fields with zero padding sees an artificial edge; near it its output is
 * worse than in the interior (it has to learn the periodicity from the data). With a margin at least the
 * network's receptive field about the edge, every output node sees the true periodic neighbourhood, so the
 * wrapped denoiser is translation-equivariant on the torus up to the crop. The cost is ((H + 2m)(W + 2m)) /
 * (HW) network work per call. Gradients flow through the wrap and the crop (both are index operations), so a
 * guided sampler can differentiate through it.
 *
 * <p>For fields on a non-periodic domain (Darcy's coefficient) this is wrong: use the denoiser as is.
 */
public final class PeriodicDenoiser implements Denoiser {

    private final Denoiser inner;
    private final int margin;

    /**
     * @param inner the denoiser to wrap
     * @param margin nodes of periodic continuation on each side, &gt; 0 and at most the grid's side
     */
    public PeriodicDenoiser(Denoiser inner, int margin) {
        if (inner == null) {
            throw new IllegalArgumentException("a denoiser to wrap is required");
        }
        if (margin <= 0) {
            throw new IllegalArgumentException("periodic margin must be positive, got " + margin);
        }
        this.inner = inner;
        this.margin = margin;
    }

    /** The nodes of periodic continuation on each side. */
    public int margin() {
        return margin;
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (margin > h || margin > w) {
            throw new IllegalArgumentException(
                    "periodic margin " + margin + " exceeds the grid " + h + " x " + w + " it wraps around");
        }
        NDArray wrapped = wrap(wrap(x, 2, h), 3, w);
        NDArray out = inner.denoise(wrapped, sigma);
        return out.get(new NDIndex(":, :, {}:{}, {}:{}", margin, margin + h, margin, margin + w));
    }

    /** x extended along {@code axis} (of length n) by its last {@code margin} entries before and first after. */
    private NDArray wrap(NDArray x, int axis, long n) {
        String head = axis == 2 ? ":, :, {}:{}" : ":, :, :, {}:{}";
        NDArray before = x.get(new NDIndex(head, n - margin, n));
        NDArray after = x.get(new NDIndex(head, 0, margin));
        return NDArrays.concat(new NDList(before, x, after), axis);
    }
}
