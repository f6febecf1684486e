package org.pdeflow.inverse.problems;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.DarcyForwardModel;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.ForwardModel;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.prior.LatentTwoPhasePrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;

/**
 * {@code darcy-inverse}: recover the permeability a from readings of the pressure u (FunDPS' and
 * InverseBench's Darcy inverse task).
 *
 * <p>Formulations: {@link Formulation#UNKNOWN} is log a through the Java Darcy solver with its
 * adjoint gradient ({@link DarcyForwardModel}, {@link CoefficientParameterisation#LOG}), used by the
 * classical methods, the Gaussian prior and a trained prior over a alone (trained on ln a,
 * {@code train-prior --log}: it is an affine prior over log a); {@link Formulation#JOINT} is the (a, u)
 * space of a trained joint prior, whose u channel is read directly, no solver.
 * Synthetic case: truth a = the FNO {12, 3} thresholded field ({@link DarcyCoefficient}),
 * {@code points} readings of u at random interior places (bilinear), noise {@code noise}.
 * Benchmarks report the relative L2 error of a (headline), its phase error rate, and the relative L2
 * error of the pressure the reference solver gives for the reconstructed a. Its latent prior is the data's
 * own: a = 12 where z &gt;= 0, 3 elsewhere, z ~ N(0, (-Laplacian + 9)^-2) with Neumann conditions
 * ({@link LatentTwoPhasePrior#FNO_DARCY}).
 */
public final class DarcyInverse extends DarcyProblem {

    @Override
    public String name() {
        return "darcy-inverse";
    }

    @Override
    public String summary() {
        return "readings of u, find a";
    }

    @Override
    public String observedField() {
        return "u";
    }

    @Override
    public String targetField() {
        return "a";
    }

    @Override
    public Formulation formulation(boolean diffusionMethod, List<String> trainedChannels) {
        return diffusionMethod && trainedChannels.containsAll(jointFields()) ? Formulation.JOINT : Formulation.UNKNOWN;
    }

    @Override
    public InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth) {
        ForwardModel model = switch (formulation) {
            case JOINT ->
                new ObservedFieldModel(Unknowns.of(new FieldSpec("a", grid), new FieldSpec("u", grid)), "u", operator);
            case UNKNOWN -> new DarcyForwardModel(operator, CoefficientParameterisation.LOG);
        };
        return new InverseProblem(name(), model, observations, Truths.pack(model.unknowns(), truth));
    }

    /**
     * The one-channel prior over a ({@code models/darcy64-a-edm-unet}, trained on ln a): the diffusion methods
     * then sample log a with the solver in the likelihood. The joint (a, u) prior of darcy-forward stays
     * available with {@code --prior models/darcy64-edm-uno}.
     */
    @Override
    public Optional<String> shippedPrior() {
        return Optional.of("darcy64-a-edm-unet");
    }

    @Override
    public Optional<LatentTwoPhasePrior> latentPrior() {
        return Optional.of(LatentTwoPhasePrior.FNO_DARCY);
    }

    @Override
    public List<ReportedMetric> metrics() {
        return List.of(
                ReportedMetric.relativeL2("a"),
                new ReportedMetric("a error rate", "a", ReportedMetric.Kind.PHASE_ERROR_RATE),
                new ReportedMetric(
                        "u from a (solver) rel L2", ReportedMetric.SOLVER_U, ReportedMetric.Kind.RELATIVE_L2));
    }

    @Override
    public ProblemSettings defaultSettings() {
        return new ProblemSettings(32, 1e-4, 1e-4, 100, 1, 0);
    }

    @Override
    public InverseProblem synthetic(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        Grid2D grid = grid(s.resolution());
        double[] a = new DarcyCoefficient(s.resolution()).sample(rng);
        PointSampling points = PointSampling.interior(grid, s.points(), rng);
        DarcyForwardModel model = new DarcyForwardModel(points, CoefficientParameterisation.LOG);
        double[] truth = CoefficientParameterisation.LOG.parameter(a);
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem(name(), model, data, truth);
    }
}
