package org.pdeflow.inverse.problems;

import java.util.SplittableRandom;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.operators.checkpoint.ChannelNormalizer;
import org.pdeflow.pde.grf.GaussianRandomField;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.NeumannGaussianField;
import org.pdeflow.pde.grf.PeriodicGaussianField;

/**
 * The Gaussian priors of the shipped problems' fields, by field name ({@code log_a}, {@code a},
 * {@code u}, {@code omega0}): the scales are properties of the fields' data (FNO Darcy, InverseBench
 * Kolmogorov flow), shared by every problem that has the field.
 */
final class FieldPriors {

    private FieldPriors() {}

    /**
     * A stationary Gaussian diffusion prior: per field a smooth periodic GRF (alpha 2, tau 3) with a
     * mean and pointwise standard deviation typical of the field's data.
     */
    static DiffusionFieldPrior diffusion(Unknowns unknowns) {
        int c = unknowns.count();
        double[] shift = new double[c];
        double[] scale = new double[c];
        for (int k = 0; k < c; k++) {
            switch (unknowns.fields().get(k).name()) {
                case "log_a" -> {
                    shift[k] = Math.log(6.0);
                    scale[k] = 0.7;
                }
                case "a" -> {
                    shift[k] = 7.5;
                    scale[k] = 4.5;
                }
                case "u" -> {
                    shift[k] = 0.02;
                    scale[k] = 0.015;
                }
                case "omega0" -> {
                    shift[k] = 0.0;
                    scale[k] = 5.0;
                }
                default ->
                    throw new IllegalArgumentException("no Gaussian prior for field '"
                            + unknowns.fields().get(k).name() + "'");
            }
        }
        return GaussianFieldPrior.stationary(
                unknowns,
                new GrfSpec(2.0, 3.0, 1.0, false),
                new ChannelNormalizer(ChannelNormalizer.Kind.GAUSSIAN, shift, scale),
                null);
    }

    /** The Gaussian measure of EKI and Tikhonov on a single unknown field. */
    static GaussianPrior classical(Unknowns unknowns) {
        if (unknowns.count() != 1) {
            throw new IllegalArgumentException("eki and tikhonov need a single unknown field, but this problem has "
                    + unknowns.names() + "; use a diffusion method");
        }
        FieldSpec f = unknowns.fields().get(0);
        return switch (f.name()) {
            case "log_a" ->
                GaussianPrior.constantMean(
                        "log_a", Math.log(6.0), new NeumannGaussianField(f.grid(), new GrfSpec(2.0, 3.0, 4.0, false)));
            case "a" -> {
                // Mean and pointwise spread of the {3, 12} phases (7.5 +- 4.5), the FNO field's smoothness.
                GrfSpec spec = new GrfSpec(2.0, 3.0, 1.0, false);
                double std = pointwiseStd(new NeumannGaussianField(f.grid(), spec));
                yield GaussianPrior.constantMean(
                        "a", 7.5, new NeumannGaussianField(f.grid(), spec.withSigma(4.5 / std)));
            }
            case "omega0" -> {
                GrfSpec spec = new GrfSpec(2.5, 3.0, 1.0, true);
                double std = pointwiseStd(new PeriodicGaussianField(f.grid(), spec));
                yield GaussianPrior.centred("omega0", new PeriodicGaussianField(f.grid(), spec.withSigma(5.0 / std)));
            }
            default -> throw new IllegalArgumentException("no classical prior for field '" + f.name() + "'");
        };
    }

    /** The pointwise RMS of a field's draws (32 draws from a fixed seed: a scale, not a statistic). */
    private static double pointwiseStd(GaussianRandomField field) {
        SplittableRandom rng = new SplittableRandom(12345);
        double[] x = new double[field.grid().size()];
        double sum = 0;
        int draws = 32;
        for (int d = 0; d < draws; d++) {
            field.sample(rng, x);
            for (double v : x) {
                sum += v * v;
            }
        }
        return Math.sqrt(sum / ((double) draws * x.length));
    }
}
