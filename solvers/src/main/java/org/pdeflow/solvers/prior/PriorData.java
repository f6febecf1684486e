package org.pdeflow.solvers.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A training set of normalised fields held in memory, (N, C, H, W) row-major float32 (10 000
 * two-channel 64 x 64 samples take 330 MB), from which minibatches are copied by index.
 *
 * @param values the normalised values, length N C H W
 * @param channels channel names, C of them
 * @param height H
 * @param width W
 */
public record PriorData(float[] values, List<String> channels, int height, int width) {

    /** Validates the layout. */
    public PriorData {
        channels = List.copyOf(channels);
        long per = (long) channels.size() * height * width;
        if (channels.isEmpty()
                || height < 1
                || width < 1
                || values == null
                || values.length == 0
                || values.length % per != 0) {
            throw new IllegalArgumentException("prior data of length " + (values == null ? 0 : values.length)
                    + " is not (N, " + channels.size() + ", " + height + ", " + width + ")");
        }
    }

    /** N. */
    public int size() {
        return (int) (values.length / ((long) channels.size() * height * width));
    }

    /** Values per sample, C H W. */
    public int sampleValues() {
        return channels.size() * height * width;
    }

    /**
     * The samples {@code idx} as a (B, C, H, W) float32 array in {@code manager}.
     *
     * @param manager owner of the result
     * @param idx sample indices, each in [0, N)
     * @return the batch
     */
    public NDArray batch(NDManager manager, int[] idx) {
        int per = sampleValues();
        float[] buf = new float[idx.length * per];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(values, idx[k] * per, buf, k * per, per);
        }
        return manager.create(buf, new Shape(idx.length, channels.size(), height, width));
    }
}
