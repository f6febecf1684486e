package org.pdeflow.operators.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;

/**
 * An in-memory set of (input, target) field pairs for operator learning, e.g. Darcy (a, u):
 * inputs laid out as (N, Cin, H, W) and targets as (N, Cout, H, W), float32, row-major, x along H
 * (value of sample n, channel c at grid point (i, j) at index ((n C + c) H + i) W + j).
 *
 * <p>Instances are immutable (the arrays are not exposed); batches are copied into NDArrays.
 */
public final class FieldPairs {

    private final float[] inputs;
    private final float[] targets;
    private final List<String> inputChannels;
    private final List<String> targetChannels;
    private final int size;
    private final int height;
    private final int width;

    /**
     * @param inputs (N, Cin, H, W) values
     * @param targets (N, Cout, H, W) values
     * @param inputChannels names of the Cin input channels
     * @param targetChannels names of the Cout target channels
     * @param height H
     * @param width W
     */
    public FieldPairs(
            float[] inputs,
            float[] targets,
            List<String> inputChannels,
            List<String> targetChannels,
            int height,
            int width) {
        if (height < 1 || width < 1 || inputChannels.isEmpty() || targetChannels.isEmpty()) {
            throw new IllegalArgumentException("field pairs need a positive grid and at least one channel each way");
        }
        long inPer = (long) inputChannels.size() * height * width;
        long outPer = (long) targetChannels.size() * height * width;
        if (inputs.length % inPer != 0
                || targets.length % outPer != 0
                || inputs.length / inPer != targets.length / outPer) {
            throw new IllegalArgumentException("inputs of length " + inputs.length + " and targets of length "
                    + targets.length
                    + " are not N x " + inputChannels.size() + " and N x " + targetChannels.size() + " fields of "
                    + height + " x " + width);
        }
        this.inputs = inputs;
        this.targets = targets;
        this.inputChannels = List.copyOf(inputChannels);
        this.targetChannels = List.copyOf(targetChannels);
        this.size = (int) (inputs.length / inPer);
        this.height = height;
        this.width = width;
        if (size == 0) {
            throw new IllegalArgumentException("field pairs: no samples");
        }
    }

    /** Number of pairs N. */
    public int size() {
        return size;
    }

    /** Grid height H (first spatial axis). */
    public int height() {
        return height;
    }

    /** Grid width W. */
    public int width() {
        return width;
    }

    /** Input channel names. */
    public List<String> inputChannels() {
        return inputChannels;
    }

    /** Target channel names. */
    public List<String> targetChannels() {
        return targetChannels;
    }

    /**
     * Pairs from..to-1, sharing nothing mutable with this set.
     *
     * @param from first index, inclusive
     * @param to last index, exclusive, from &lt; to &lt;= N
     * @return the slice
     */
    public FieldPairs slice(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + size + " pairs");
        }
        int inPer = inputChannels.size() * height * width;
        int outPer = targetChannels.size() * height * width;
        return new FieldPairs(
                Arrays.copyOfRange(inputs, from * inPer, to * inPer),
                Arrays.copyOfRange(targets, from * outPer, to * outPer),
                inputChannels,
                targetChannels,
                height,
                width);
    }

    /** Fits a per-channel normaliser to the inputs. */
    public ChannelNormalizer fitInputNormalizer(ChannelNormalizer.Kind kind) {
        return ChannelNormalizer.fit(kind, inputs, inputChannels.size(), height * width);
    }

    /** Fits a per-channel normaliser to the targets. */
    public ChannelNormalizer fitTargetNormalizer(ChannelNormalizer.Kind kind) {
        return ChannelNormalizer.fit(kind, targets, targetChannels.size(), height * width);
    }

    /**
     * A copy with the inputs normalised (targets unchanged: losses are measured in physical units).
     *
     * @param input the input normaliser, or null for none
     * @return the normalised copy
     */
    public FieldPairs withNormalizedInputs(ChannelNormalizer input) {
        if (input == null) {
            return this;
        }
        float[] in = inputs.clone();
        input.normalizeInPlace(in, height * width);
        return new FieldPairs(in, targets, inputChannels, targetChannels, height, width);
    }

    /**
     * Copies some pairs into arrays.
     *
     * @param manager owner of the new arrays
     * @param indices sample indices
     * @return NDList(x (b, Cin, H, W), y (b, Cout, H, W)) on the manager's device
     */
    public NDList batch(NDManager manager, int[] indices) {
        int cin = inputChannels.size();
        int cout = targetChannels.size();
        int inPer = cin * height * width;
        int outPer = cout * height * width;
        float[] x = new float[indices.length * inPer];
        float[] y = new float[indices.length * outPer];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(inputs, indices[k] * inPer, x, k * inPer, inPer);
            System.arraycopy(targets, indices[k] * outPer, y, k * outPer, outPer);
        }
        NDArray xa = manager.create(x, new Shape(indices.length, cin, height, width));
        NDArray ya = manager.create(y, new Shape(indices.length, cout, height, width));
        return new NDList(xa, ya);
    }

    /** A one-line description: count, channels and grid. */
    public String describe() {
        return size + " pairs " + inputChannels + " -> " + targetChannels + " on " + height + " x " + width;
    }
}
