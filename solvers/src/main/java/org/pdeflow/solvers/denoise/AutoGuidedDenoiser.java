package org.pdeflow.solvers.denoise;

import ai.djl.ndarray.NDArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Autoguidance (Karras, Aittala, Kynkäänniemi, Lehtinen, Aila and Laine 2024, "Guiding a diffusion model with a
 * bad version of itself", NeurIPS): the denoiser is extrapolated away from a weaker model of the same data,
 * <pre>
 *   D_w(x; sigma) = D_0(x; sigma) + w (D_1(x; sigma) - D_0(x; sigma)),
 * </pre>
 * D_1 the main model, D_0 the guide (smaller and/or trained less, with the same conditioning), w &gt;= 1 (w = 1 is
 * D_1 alone). The guide's errors point where the main model's do, only further, so the difference cancels part
 * of the main model's error: the samples move off the regions both under-fit (ragged edges, spurious islands)
 * without the loss of variety that classifier-free guidance causes. Following Kynkäänniemi et al. (2024),
 * "Applying guidance in a limited interval improves sample and distribution quality", the guidance can be
 * restricted to sigma in [sigmaLow, sigmaHigh]; outside it D_1 is used alone and D_0 is not evaluated.
 *
 * <p>Both denoisers see the same x and sigma (normalised units, (B, C, H, W)); a level array of shape (B,) may
 * mix levels inside and outside the interval (the weight is then per sample). No operation is in place, so a guided
 * sampler may differentiate through it.
 */
public final class AutoGuidedDenoiser implements Denoiser {

    private final Denoiser main;
    private final Denoiser guide;
    private final double weight;
    private final double sigmaLow;
    private final double sigmaHigh;
    private final AtomicLong guideCalls = new AtomicLong();

    /**
     * @param main D_1
     * @param guide D_0
     * @param weight w &gt;= 1
     * @param sigmaLow lowest level guided, &gt;= 0
     * @param sigmaHigh highest level guided, &gt;= sigmaLow (may be infinite)
     */
    public AutoGuidedDenoiser(Denoiser main, Denoiser guide, double weight, double sigmaLow, double sigmaHigh) {
        if (main == null || guide == null) {
            throw new IllegalArgumentException("autoguidance needs a main and a guiding denoiser");
        }
        if (!(weight >= 1) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("guidance weight must be finite and >= 1, got " + weight);
        }
        if (!(sigmaLow >= 0) || !(sigmaHigh >= sigmaLow)) {
            throw new IllegalArgumentException(
                    "guidance interval must satisfy 0 <= low <= high, got [" + sigmaLow + ", " + sigmaHigh + "]");
        }
        this.main = main;
        this.guide = guide;
        this.weight = weight;
        this.sigmaLow = sigmaLow;
        this.sigmaHigh = sigmaHigh;
    }

    /** Guidance at every level. */
    public static AutoGuidedDenoiser everywhere(Denoiser main, Denoiser guide, double weight) {
        return new AutoGuidedDenoiser(main, guide, weight, 0, Double.POSITIVE_INFINITY);
    }

    /**
     * Calls of the guide D_0 so far (each one network evaluation of a batch), with those of the guides of D_1 when
     * D_1 is itself autoguided.
     */
    public long guideCalls() {
        return guideCalls.get() + (main instanceof AutoGuidedDenoiser inner ? inner.guideCalls() : 0);
    }

    /** Whether level s is guided. */
    public boolean guides(double s) {
        return s >= sigmaLow && s <= sigmaHigh;
    }

    @Override
    public NDArray denoise(NDArray x, NDArray sigma) {
        NDArray d1 = main.denoise(x, sigma);
        if (weight == 1) {
            return d1;
        }
        // read on the host without a converted copy, which would live in sigma's (possibly long-lived) manager
        Number[] given = sigma.toArray();
        double[] levels = new double[given.length];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = given[i].doubleValue();
        }
        long batch = x.getShape().get(0);
        if (levels.length != 1 && levels.length != batch) {
            throw new IllegalArgumentException("noise levels must be one per batch or one per sample: " + levels.length
                    + " for a batch of " + batch);
        }
        int inside = 0;
        for (double s : levels) {
            inside += guides(s) ? 1 : 0;
        }
        if (inside == 0) {
            return d1;
        }
        guideCalls.incrementAndGet();
        NDArray d0 = guide.denoise(x, sigma);
        NDArray step = d1.sub(d0);
        if (inside == levels.length) {
            return d0.add(step.mul(weight));
        }
        // Mixed levels in one batch: w per sample, 1 outside the interval (then D_0 + (D_1 - D_0) = D_1).
        float[] w = new float[(int) batch];
        for (int i = 0; i < batch; i++) {
            w[i] = guides(levels[levels.length == 1 ? 0 : i]) ? (float) weight : 1f;
        }
        NDArray perSample = x.getManager().create(w).reshape(batch, 1, 1, 1).toType(x.getDataType(), false);
        return d0.add(step.mul(perSample));
    }
}
