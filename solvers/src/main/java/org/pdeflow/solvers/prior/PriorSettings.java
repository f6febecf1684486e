package org.pdeflow.solvers.prior;

import java.util.Locale;
import java.util.Map;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.noise.NoiseType;

/**
 * The generative settings of a prior, stored as properties of its {@link ModelCard} next to the
 * network's config and the per-channel normalisation (the card's input and output normaliser, both
 * the physical -&gt; normalised map z = (u - shift) / scale).
 *
 * <p>Card properties written and read: {@code prior_kind} (diffusion-edm | flow-matching),
 * {@code sigma_data}, {@code noise} (white | grf), for GRF noise {@code grf_alpha}, {@code grf_tau},
 * {@code grf_sigma}, {@code domain_lx}, {@code domain_ly} (the noise covariance is the periodic
 * field sigma^2 (-Laplacian + tau^2)^(-alpha) on [0, lx) x [0, ly), rescaled to unit pointwise
 * variance, see {@link GaussianNoise#of}); {@code ema_half_life_images} and {@code ema_ramp_up}.
 *
 * @param kind what the network predicts
 * @param sigmaData sigma_d of the EDM preconditioning (standard deviation of the normalised data);
 *     unused by flow matching but recorded
 * @param noise white or periodic-GRF noise
 * @param grf the GRF spectrum for {@link NoiseType#PERIODIC_GRF}, null for white noise
 * @param lx domain length along x (first axis) the GRF spectrum refers to
 * @param ly domain length along y
 * @param emaHalfLifeImages EMA half-life in training images (EDM: 500 000 for CIFAR-10)
 * @param emaRampUp EMA ramp-up ratio (EDM: 0.05; the half-life is min(halfLife, imagesSeen ramp))
 */
public record PriorSettings(
        PriorKind kind,
        double sigmaData,
        NoiseType noise,
        GrfSpec grf,
        double lx,
        double ly,
        double emaHalfLifeImages,
        double emaRampUp) {

    /** Validates the settings. */
    public PriorSettings {
        if (kind == null || noise == null) {
            throw new IllegalArgumentException("a prior needs a kind and a noise type");
        }
        if (!(sigmaData > 0) || Double.isInfinite(sigmaData)) {
            throw new IllegalArgumentException("sigma_data must be positive and finite, got " + sigmaData);
        }
        if (noise == NoiseType.PERIODIC_GRF && grf == null) {
            throw new IllegalArgumentException("GRF noise needs a GrfSpec");
        }
        if (!(lx > 0) || !(ly > 0) || Double.isInfinite(lx) || Double.isInfinite(ly)) {
            throw new IllegalArgumentException("domain lengths must be positive and finite, got " + lx + ", " + ly);
        }
        if (!(emaHalfLifeImages > 0) || !(emaRampUp >= 0)) {
            throw new IllegalArgumentException("EMA half-life must be positive and ramp-up non-negative, got "
                    + emaHalfLifeImages + ", " + emaRampUp);
        }
    }

    /**
     * The noise the prior is trained and sampled with, on an H x W grid.
     *
     * @param channels C
     * @param height H
     * @param width W
     * @return white noise, or the GRF noise of {@link GaussianNoise#of} on this grid
     */
    public GaussianNoise noise(int channels, int height, int width) {
        return GaussianNoise.of(noise, channels, height, width, grf, lx, ly);
    }

    /** A copy of {@code card} carrying these settings as properties. */
    public ModelCard writeTo(ModelCard card) {
        ModelCard c = card.withProperty("prior_kind", kind.label())
                .withProperty("sigma_data", num(sigmaData))
                .withProperty("noise", noise == NoiseType.WHITE ? "white" : "grf")
                .withProperty("domain_lx", num(lx))
                .withProperty("domain_ly", num(ly))
                .withProperty("ema_half_life_images", num(emaHalfLifeImages))
                .withProperty("ema_ramp_up", num(emaRampUp));
        if (grf != null) {
            c = c.withProperty("grf_alpha", num(grf.alpha()))
                    .withProperty("grf_tau", num(grf.tau()))
                    .withProperty("grf_sigma", num(grf.sigma()));
        }
        return c;
    }

    /**
     * Reads the settings of a prior's card.
     *
     * @param card a card written through {@link #writeTo}
     * @return the settings
     * @throws IllegalArgumentException when the card is not a prior's
     */
    public static PriorSettings readFrom(ModelCard card) {
        Map<String, String> p = card.properties();
        if (!p.containsKey("prior_kind")) {
            throw new IllegalArgumentException("the model card describes no prior (no 'prior_kind' property)");
        }
        PriorKind kind = PriorKind.parse(p.get("prior_kind"));
        NoiseType noise = parseNoise(require(p, "noise"));
        GrfSpec grf = noise == NoiseType.WHITE
                ? null
                : new GrfSpec(number(p, "grf_alpha"), number(p, "grf_tau"), number(p, "grf_sigma"), false);
        return new PriorSettings(
                kind,
                number(p, "sigma_data"),
                noise,
                grf,
                number(p, "domain_lx"),
                number(p, "domain_ly"),
                number(p, "ema_half_life_images"),
                number(p, "ema_ramp_up"));
    }

    /** Parses "white" or "grf". */
    public static NoiseType parseNoise(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "white" -> NoiseType.WHITE;
            case "grf", "periodic-grf", "periodic_grf" -> NoiseType.PERIODIC_GRF;
            default -> throw new IllegalArgumentException("unknown noise '" + text + "'; use white or grf");
        };
    }

    private static String require(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("prior model card lacks the property '" + key + "'");
        }
        return v;
    }

    private static double number(Map<String, String> p, String key) {
        try {
            return Double.parseDouble(require(p, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "prior model card property '" + key + "' is not a number: " + p.get(key), e);
        }
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
