package org.pdeflow.pde.wave;

import java.util.List;
import org.pdeflow.pde.wave.AcousticWave2D.PointStencil;

/**
 * Sources and receivers of one run, located on the padded grid of an equation, plus its validated
 * initial fields. Shared set-up of the integrators.
 */
final class Acquisition {

    final PointStencil[] sources;
    final RickerWavelet[] wavelets;
    final PointStencil[] receivers;

    private Acquisition(PointStencil[] sources, RickerWavelet[] wavelets, PointStencil[] receivers) {
        this.sources = sources;
        this.wavelets = wavelets;
        this.receivers = receivers;
    }

    static Acquisition of(AcousticWave2D eq, List<PointSource> sources, List<Receiver> receivers) {
        if (eq == null) {
            throw new IllegalArgumentException("equation is required");
        }
        if (sources == null || receivers == null) {
            throw new IllegalArgumentException("source and receiver lists are required (may be empty)");
        }
        PointStencil[] s = new PointStencil[sources.size()];
        RickerWavelet[] w = new RickerWavelet[sources.size()];
        for (int i = 0; i < s.length; i++) {
            PointSource src = sources.get(i);
            if (src == null) {
                throw new IllegalArgumentException("source " + i + " is null");
            }
            s[i] = eq.stencil(src.x(), src.y(), "source " + i);
            w[i] = src.wavelet();
        }
        PointStencil[] r = new PointStencil[receivers.size()];
        for (int i = 0; i < r.length; i++) {
            Receiver rec = receivers.get(i);
            if (rec == null) {
                throw new IllegalArgumentException("receiver " + i + " is null");
            }
            r[i] = eq.stencil(rec.x(), rec.y(), "receiver " + i);
        }
        return new Acquisition(s, w, r);
    }

    /** Checks an optional initial field (null means zero) against the model grid. */
    static void checkInitial(AcousticWave2D eq, double[] field, String name) {
        if (field == null) {
            return;
        }
        if (field.length != eq.grid().size()) {
            throw new IllegalArgumentException(
                    "initial " + name + " must have nx * ny = " + eq.grid().size() + " values, got " + field.length);
        }
        for (double v : field) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("initial " + name + " must be finite everywhere");
            }
        }
    }

    /** Records u at every receiver into column {@code sample} of {@code traces}. */
    void record(double[] u, double[][] traces, int sample) {
        for (int r = 0; r < receivers.length; r++) {
            traces[r][sample] = receivers[r].interpolate(u);
        }
    }
}
