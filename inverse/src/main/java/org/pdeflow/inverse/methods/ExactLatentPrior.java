package org.pdeflow.inverse.methods;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pdeflow.inverse.forward.LatentTwoPhaseModel;
import org.pdeflow.inverse.guided.GaussianFieldPrior;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;

/**
 * A diffusion method run with the data's exact generative prior instead of a trained one: the control
 * that tells a sampler's error from its prior's. The two-phase coefficient is a smoothed threshold of a
 * latent Gaussian field, a = low + (high - low) s((L xi - t) / eps) ({@link LatentTwoPhaseModel}), so in
 * the whitened coefficients xi the prior is exactly N(0, I), whose denoiser is known in closed form,
 * {@code D(x; sigma) = x / (1 + sigma^2)} ({@link GaussianFieldPrior#standardNormal}). The method runs on
 *
 * <pre>
 *   unknown xi ~ N(0, I),   readings y = G(p(a(L xi))) + noise   (G the problem's own forward model and adjoint)
 * </pre>
 *
 * and its samples are mapped back to the problem's unknowns (a or log a). Everything but the prior is
 * the method's own: the same steps, guidance and readings as with a trained prior, so a sampler that
 * stays far from the latent MAP ({@link org.pdeflow.inverse.classical.LatentMapInversion}) with this
 * prior is limited by itself, not by the network it was given (InverseBench's advice, and this
 * project's: check a sampler with an exact prior before blaming a trained one).
 *
 * <p>The smoothing width is eps = {@code epsilonRelative} std_z as for the latent MAP (default 0.05).
 * Step-size defaults tuned for a trained prior over log a do not carry over to xi (other units, other
 * Jacobian): give the method's step explicitly or tune it on other fields than those reported.
 */
public final class ExactLatentPrior {

    /** The latent MAP's smoothing width, relative to std_z. */
    public static final double DEFAULT_EPSILON = 0.05;

    private final LatentTwoPhasePrior prior;
    private final double epsilonRelative;

    /**
     * @param prior the coefficient's generative prior
     * @param epsilonRelative the sigmoid's width relative to std_z, positive
     */
    public ExactLatentPrior(LatentTwoPhasePrior prior, double epsilonRelative) {
        if (prior == null) {
            throw new IllegalArgumentException("a two-phase generative prior is required");
        }
        if (!(epsilonRelative > 0) || Double.isInfinite(epsilonRelative)) {
            throw new IllegalArgumentException(
                    "the smoothing width must be positive and finite, got " + epsilonRelative);
        }
        this.prior = prior;
        this.epsilonRelative = epsilonRelative;
    }

    /**
     * Runs a diffusion method on a problem whose single unknown is the coefficient (a or log a).
     *
     * @param method the method with its settings (it must take a diffusion prior)
     * @param problem the problem, in the coefficient
     * @param samples samples or particles
     * @param seed the method's seed
     * @param callback told after every step, with the coefficient of the method's current estimate
     * @return the samples in the problem's unknowns, with the method's misfits, timings and statistics
     *     (plus {@code epsilon} and {@code epsilonRelative})
     */
    public Reconstruction run(
            InverseMethod.Configured method, InverseProblem problem, int samples, long seed, StepCallback callback) {
        if (!method.method().needsPrior()) {
            throw new IllegalArgumentException(method.method().name()
                    + " takes no diffusion prior; the exact latent prior is for dps, daps, " + "enkg and fundps");
        }
        LatentTwoPhaseModel latent = prior.latentModel(problem.forward(), epsilonRelative);
        InverseProblem whitened = new InverseProblem(problem.name(), latent, problem.observations(), null);
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        Reconstruction r = method.run(
                whitened,
                GaussianFieldPrior.standardNormal(latent.unknowns()),
                samples,
                seed,
                info -> listener.onStep(
                        new StepInfo(info.step(), info.total(), info.misfit(), latent.innerUnknowns(info.estimate()))));
        double[][] coefficients = new double[r.sampleCount()][];
        for (int s = 0; s < coefficients.length; s++) {
            coefficients[s] = latent.innerUnknowns(r.samples()[s]);
        }
        Map<String, Double> statistics = new LinkedHashMap<>(r.statistics());
        statistics.put("epsilon", latent.epsilon());
        statistics.put("epsilonRelative", epsilonRelative);
        return Reconstruction.of(
                r.method(), problem.unknowns(), coefficients, r.misfitHistory(), r.timings(), statistics);
    }

    /** One line for logs and reports. */
    public String description() {
        return "exact latent two-phase prior (xi ~ N(0, I), z = L xi, " + prior.low() + " / " + prior.high()
                + " at threshold " + prior.threshold() + ", eps " + epsilonRelative + " std_z)";
    }
}
