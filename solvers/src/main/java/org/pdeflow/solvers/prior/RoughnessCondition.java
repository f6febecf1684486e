package org.pdeflow.solvers.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.pdeflow.operators.checkpoint.ModelCard;

/**
 * A field's roughness as a global condition of an EDM prior, which makes the prior hierarchical:
 * <pre>
 *   r ~ p_data(r),      z | r ~ the network's diffusion conditioned on r,
 *   r(z) = ln( mean over adjacent node pairs (i, j) of (z_i - z_j)^2 + {@value #FLOOR} ),
 * </pre>
 * the pairs taken along both grid axes in every channel of the normalised field z, and r standardised by its mean
 * and standard deviation over the training set. For two-phase fields at ±1 each pair across an interface adds 4,
 * so exp(r) is the interface length per pair up to a factor (the floor keeps a one-phase field finite).
 *
 * <p>Why: a network trained on the denoising loss alone decides a field's texture from local context and gives
 * fields whose roughness (interface length, count of islands) varies less from one to the next than the data's
 * (the Darcy prior's session-15 to 18 diagnosis in its TRAINING.md). Drawing r from the data's own distribution
 * (its quantiles, stored on the card) and conditioning on it fixes the marginal law of r by construction and
 * leaves the network the conditional law z | r, as class labels do for class-conditional EDM networks.
 *
 * <p>The network sees two numbers per sample ({@link #CONDITIONS}): (c, 1) with c the standardised roughness,
 * or (0, 0) when the condition is dropped — in training with probability {@code dropout}, so the same network
 * is also the unconditional prior, which is what a guided posterior sampler uses ({@link
 * DiffusionPrior#denoiser()} feeds (0, 0)).
 *
 * @param mean mean of the raw roughness r over the training fields
 * @param sd its standard deviation, &gt; 0
 * @param quantiles the standardised roughness's quantiles at k / (Q - 1), k = 0..Q-1, increasing, Q &gt;= 2
 * @param dropout probability in [0, 1) that a training sample's condition is dropped
 */
public record RoughnessCondition(double mean, double sd, double[] quantiles, double dropout) {

    /** The numbers per sample the network is given: the standardised roughness and a presence flag. */
    public static final int CONDITIONS = 2;

    /** Added to the mean squared difference before the logarithm (normalised units squared). */
    public static final double FLOOR = 1e-4;

    /** Card property naming the global condition; its value is {@value #NAME}. */
    public static final String PROPERTY = "global_condition";

    /** The condition's name on cards. */
    public static final String NAME = "roughness";

    /** Quantiles stored on a card. */
    static final int STORED_QUANTILES = 201;

    /** Validates and copies. */
    public RoughnessCondition {
        if (!Double.isFinite(mean) || !(sd > 0) || Double.isInfinite(sd)) {
            throw new IllegalArgumentException(
                    "roughness needs a finite mean and a positive sd, got " + mean + ", " + sd);
        }
        if (quantiles == null || quantiles.length < 2) {
            throw new IllegalArgumentException("roughness needs at least two quantiles");
        }
        quantiles = quantiles.clone();
        for (int k = 0; k < quantiles.length; k++) {
            if (!Double.isFinite(quantiles[k]) || (k > 0 && quantiles[k] < quantiles[k - 1])) {
                throw new IllegalArgumentException("roughness quantiles must be finite and non-decreasing");
            }
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("condition dropout must be in [0, 1), got " + dropout);
        }
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    /**
     * The raw roughness r of each of N fields stored row-major (N, C, H, W).
     *
     * @param values the fields
     * @param channels C
     * @param height H
     * @param width W
     * @return r per field, length N
     */
    public static double[] roughness(float[] values, int channels, int height, int width) {
        int per = channels * height * width;
        int n = values.length / per;
        long pairs = (long) channels * ((long) height * (width - 1) + (long) (height - 1) * width);
        double[] r = new double[n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int base = s * per + c * height * width;
                for (int i = 0; i < height; i++) {
                    int row = base + i * width;
                    for (int j = 0; j < width; j++) {
                        float v = values[row + j];
                        if (j + 1 < width) {
                            double d = values[row + j + 1] - v;
                            sum += d * d;
                        }
                        if (i + 1 < height) {
                            double d = values[row + width + j] - v;
                            sum += d * d;
                        }
                    }
                }
            }
            r[s] = Math.log(sum / Math.max(1, pairs) + FLOOR);
        }
        return r;
    }

    /**
     * The condition fitted to a training set: the mean, sd and quantiles of its fields' roughness.
     *
     * @param data the normalised training fields
     * @param dropout probability that a training sample's condition is dropped
     * @return the condition
     */
    public static RoughnessCondition fit(PriorData data, double dropout) {
        double[] r = roughness(data.values(), data.channels().size(), data.height(), data.width());
        double mean = Arrays.stream(r).average().orElseThrow();
        double var = Arrays.stream(r).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, r.length - 1);
        double sd = Math.sqrt(var);
        if (!(sd > 0)) {
            throw new IllegalArgumentException(
                    "the training fields all have the same roughness: nothing to condition on");
        }
        double[] z = Arrays.stream(r).map(v -> (v - mean) / sd).sorted().toArray();
        double[] q = new double[STORED_QUANTILES];
        for (int k = 0; k < q.length; k++) {
            double pos = (double) k / (q.length - 1) * (z.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(z.length - 1, lo + 1);
            q[k] = z[lo] + (pos - lo) * (z[hi] - z[lo]);
        }
        return new RoughnessCondition(mean, sd, q, dropout);
    }

    /** The standardised roughness c = (r - mean) / sd. */
    public double standardise(double r) {
        return (r - mean) / sd;
    }

    /** The standardised roughness at probability u in [0, 1]: the stored quantiles, linearly interpolated. */
    public double quantile(double u) {
        double pos = Math.min(1, Math.max(0, u)) * (quantiles.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(quantiles.length - 1, lo + 1);
        return quantiles[lo] + (pos - lo) * (quantiles[hi] - quantiles[lo]);
    }

    /**
     * The training conditions of a batch: (c, 1) from each clean field's own roughness, (0, 0) with probability
     * {@code dropout}; the drops are a function of (seed, step) only, so a resumed run repeats them.
     *
     * @param x0 clean normalised fields (B, C, H, W)
     * @param seed the run's seed
     * @param step the step
     * @return (B, 2) float32 in x0's manager
     */
    public NDArray training(NDArray x0, long seed, long step) {
        Shape s = x0.getShape();
        int b = (int) s.get(0);
        double[] r = roughness(
                x0.toType(DataType.FLOAT32, false).toFloatArray(), (int) s.get(1), (int) s.get(2), (int) s.get(3));
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        float[] c = new float[b * CONDITIONS];
        for (int k = 0; k < b; k++) {
            if (random.nextDouble() >= dropout) {
                c[CONDITIONS * k] = (float) standardise(r[k]);
                c[CONDITIONS * k + 1] = 1f;
            }
        }
        return x0.getManager().create(c, new Shape(b, CONDITIONS));
    }

    /**
     * Conditions for B fields whose standardised roughness is drawn from the stored quantiles (u uniform from the
     * engine's random stream, so a seeded engine repeats the draw).
     *
     * @param manager owner of the result
     * @param count B
     * @return (B, 2) float32
     */
    public NDArray draw(NDManager manager, int count) {
        float[] u;
        try (NDArray uniform = manager.randomUniform(0f, 1f, new Shape(count), DataType.FLOAT32)) {
            u = uniform.toFloatArray();
        }
        double[] c = new double[count];
        for (int k = 0; k < count; k++) {
            c[k] = quantile(u[k]);
        }
        return present(manager, c);
    }

    /**
     * Conditions asking B fields for one standardised roughness c, e.g. to see how closely a network follows it.
     *
     * @param manager owner of the result
     * @param count B
     * @param c the standardised roughness
     * @return (B, 2) float32 rows (c, 1)
     */
    public static NDArray fixed(NDManager manager, int count, double c) {
        double[] values = new double[count];
        Arrays.fill(values, c);
        return present(manager, values);
    }

    /** Rows (c_k, 1): each standardised roughness with its presence flag, (B, 2) float32. */
    private static NDArray present(NDManager manager, double[] c) {
        float[] v = new float[c.length * CONDITIONS];
        for (int k = 0; k < c.length; k++) {
            v[CONDITIONS * k] = (float) c[k];
            v[CONDITIONS * k + 1] = 1f;
        }
        return manager.create(v, new Shape(c.length, CONDITIONS));
    }

    /** A copy of {@code card} recording this condition (mean, sd, quantiles, dropout). */
    public ModelCard writeTo(ModelCard card) {
        String q = Arrays.stream(quantiles)
                .mapToObj(v -> String.format(Locale.ROOT, "%.5g", v))
                .collect(Collectors.joining(","));
        return card.withProperty(PROPERTY, NAME)
                .withProperty("roughness_mean", Double.toString(mean))
                .withProperty("roughness_sd", Double.toString(sd))
                .withProperty("roughness_quantiles", q)
                .withProperty("condition_dropout", Double.toString(dropout));
    }

    /**
     * The condition a card records, if any.
     *
     * @throws IllegalArgumentException when the card names another condition or a malformed one
     */
    public static Optional<RoughnessCondition> readFrom(ModelCard card) {
        Map<String, String> p = card.properties();
        String name = p.get(PROPERTY);
        if (name == null) {
            return Optional.empty();
        }
        if (!NAME.equals(name)) {
            throw new IllegalArgumentException("unknown global condition '" + name + "' on the model card");
        }
        for (String key : new String[] {"roughness_mean", "roughness_sd", "roughness_quantiles"}) {
            if (!p.containsKey(key)) {
                throw new IllegalArgumentException("the model card's roughness condition lacks '" + key + "'");
            }
        }
        try {
            double[] q = Arrays.stream(p.get("roughness_quantiles").split(","))
                    .map(String::strip)
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            return Optional.of(new RoughnessCondition(
                    Double.parseDouble(p.get("roughness_mean")),
                    Double.parseDouble(p.get("roughness_sd")),
                    q,
                    Double.parseDouble(p.getOrDefault("condition_dropout", "0"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the model card's roughness condition is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoughnessCondition c
                && Double.compare(c.mean, mean) == 0
                && Double.compare(c.sd, sd) == 0
                && Double.compare(c.dropout, dropout) == 0
                && Arrays.equals(c.quantiles, quantiles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mean, sd, dropout, Arrays.hashCode(quantiles));
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "roughness condition (mean %.4f, sd %.4f, %d quantiles, dropout %.2f)",
                mean,
                sd,
                quantiles.length,
                dropout);
    }
}
