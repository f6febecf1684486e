package org.pdeflow.inverse.problems;

import java.util.SplittableRandom;
import org.pdeflow.inverse.forward.AcousticWaveForwardModel;
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
 * Kolmogorov flow), shared by every problem that has the field. The wave speed {@code c} has no
 * single data scale (rocks range from 1500 to 6000 m/s), so its priors take one
 * ({@link #velocityDiffusion}, {@link #velocityClassical}).
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

    /**
     * The smoothness of a wave speed's prior on its grid: alpha 2 and a correlation length of about a
     * third of the model's width (tau = 3 / L with L in metres; tau = 3 on the unit square of the other
     * fields' priors), the Gaussian prior of the wave experiments (docs/inverse-results-ns-wave.md).
     */
    private static GrfSpec velocitySpec(Unknowns unknowns) {
        FieldSpec f = single(unknowns, AcousticWaveForwardModel.FIELD);
        return new GrfSpec(2.0, 3.0 / Math.max(f.grid().lx(), f.grid().ly()), 1.0, false);
    }

    private static FieldSpec single(Unknowns unknowns, String name) {
        if (unknowns.count() != 1 || !unknowns.fields().get(0).name().equals(name)) {
            throw new IllegalArgumentException(
                    "the velocity prior is of the single field '" + name + "', not " + unknowns.names());
        }
        return unknowns.fields().get(0);
    }

    /**
     * The stationary Gaussian diffusion prior of a wave speed c: {@code c = mean + std z}, z of unit
     * pointwise variance ({@link #velocitySpec}), with its exact denoiser.
     */
    static DiffusionFieldPrior velocityDiffusion(Unknowns unknowns, VelocityPrior prior) {
        return GaussianFieldPrior.stationary(
                unknowns,
                velocitySpec(unknowns),
                new ChannelNormalizer(
                        ChannelNormalizer.Kind.GAUSSIAN, new double[] {prior.mean()}, new double[] {prior.std()}),
                null);
    }

    /**
     * The Gaussian measure of EKI and Tikhonov on a wave speed c: constant mean, a Neumann field of
     * the same smoothness scaled to the pointwise spread {@code std}.
     */
    static GaussianPrior velocityClassical(Unknowns unknowns, VelocityPrior prior) {
        FieldSpec f = single(unknowns, AcousticWaveForwardModel.FIELD);
        GrfSpec spec = velocitySpec(unknowns);
        double std = Math.sqrt(meanVariance(new NeumannGaussianField(f.grid(), spec)));
        return GaussianPrior.constantMean(
                f.name(), prior.mean(), new NeumannGaussianField(f.grid(), spec.withSigma(prior.std() / std)));
    }

    /**
     * The exact pointwise variance of a Neumann field averaged over its nodes: the variance at node
     * (i, j) is sum_k Var(xi_k) cos^2(pi k1 i / (nx - 1)) cos^2(pi k2 j / (ny - 1)) (the field's cosine
     * series), and the node average factors per axis.
     */
    static double meanVariance(NeumannGaussianField field) {
        int nx = field.grid().nx();
        int ny = field.grid().ny();
        double[] ax = cosineSquares(nx);
        double[] ay = cosineSquares(ny);
        double v = 0;
        for (int k1 = 0; k1 < nx; k1++) {
            for (int k2 = 0; k2 < ny; k2++) {
                v += field.modeVariance(k1, k2) * ax[k1] * ay[k2];
            }
        }
        return v;
    }

    /** The node average of cos^2(pi k i / (n - 1)) over i = 0 .. n-1, per k. */
    private static double[] cosineSquares(int n) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double c = Math.cos(Math.PI * k * i / (n - 1));
                sum += c * c;
            }
            a[k] = sum / n;
        }
        return a;
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
