package org.pdeflow.pde.grf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link CosineSum} against the cosine series summed directly, for both of its algorithms. */
class CosineSumTest {

    /**
     * Lengths 2..80 cover both paths (e.g. n - 1 = 11, 13, 17, .. use the chirp, n - 1 = 8, 9, 10, ..
     * the even extension) and the large sizes the samplers meet (128 and 200 nodes: chirp; 129 and
     * 421: even extension). Values are checked with stride 3 inside a larger array so the offset and
     * stride handling and the untouched entries are checked too. Tolerance 1e-13 * sum |x_k|: the
     * round-off of an FFT of these sizes is a few ulps times log2(L) times that bound.
     */
    @Test
    void matchesDirectCosineSeries() {
        SplittableRandom random = new SplittableRandom(3);
        int[] large = {128, 129, 200, 256, 421, 512};
        int[] lengths = new int[79 + large.length];
        for (int n = 2; n <= 80; n++) {
            lengths[n - 2] = n;
        }
        System.arraycopy(large, 0, lengths, 79, large.length);
        double worst = 0;
        for (int n : lengths) {
            CosineSum transform = new CosineSum(n);
            int stride = 3;
            int offset = 2;
            double[] a = new double[offset + stride * n + 1];
            for (int k = 0; k < a.length; k++) {
                a[k] = random.nextDouble(-1, 1);
            }
            double[] original = a.clone();
            transform.apply(a, offset, stride, new double[transform.workLength()]);
            double bound = 0;
            for (int k = 0; k < n; k++) {
                bound += Math.abs(original[offset + k * stride]);
            }
            int m = n - 1;
            for (int i = 0; i < n; i++) {
                double y = 0;
                for (int k = 0; k < n; k++) {
                    y += original[offset + k * stride] * Math.cos(Math.PI * ((long) k * i % (2L * m)) / m);
                }
                double got = a[offset + i * stride];
                worst = Math.max(worst, Math.abs(got - y) / bound);
                assertEquals(y, got, 1e-13 * bound, "n = " + n + ", i = " + i);
            }
            for (int k = 0; k < a.length; k++) {
                if (k < offset || (k - offset) % stride != 0 || k >= offset + stride * n) {
                    assertEquals(original[k], a[k], 0.0, "entry outside the strided vector changed, n = " + n);
                }
            }
        }
        System.out.printf("DCT-I worst relative error %.2e%n", worst);
    }

    @Test
    void rejectsLengthBelowTwo() {
        assertThrows(IllegalArgumentException.class, () -> new CosineSum(1));
    }
}
