package org.pdeflow.datasets.generate;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random generators of the samples of a dataset, derived from one seed so that sample i's
 * generator depends only on (seed, i), never on which thread draws it or when.
 *
 * <p>Sample i gets the (i+1)-th {@link SplittableRandom#split()} of {@code new SplittableRandom(seed)}.
 * Splitting is the mechanism SplittableRandom is designed for (Steele, Lea &amp; Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014): each split is an independent stream.
 * The splits are taken in sample order by one thread (cheap: a few nanoseconds each) and handed to
 * the workers.
 */
public final class SampleStreams {

    private final SplittableRandom root;
    private long next;

    /** @param seed the dataset's seed */
    public SampleStreams(long seed) {
        this.root = new SplittableRandom(seed);
    }

    /** The generator of the next sample, starting with sample 0. */
    public RandomGenerator next() {
        next++;
        return root.split();
    }

    /** Index of the sample whose generator {@link #next()} returns next. */
    public long position() {
        return next;
    }

    /**
     * The generator of sample {@code index} alone (costs {@code index} splits).
     *
     * @param seed the dataset's seed
     * @param index sample index, &gt;= 0
     */
    public static RandomGenerator forSample(long seed, long index) {
        if (index < 0) {
            throw new IllegalArgumentException("sample index must be >= 0, got " + index);
        }
        SampleStreams s = new SampleStreams(seed);
        for (long i = 0; i < index; i++) {
            s.next();
        }
        return s.next();
    }
}
