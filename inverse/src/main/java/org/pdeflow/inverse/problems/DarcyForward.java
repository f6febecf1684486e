package org.pdeflow.inverse.problems;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.inverse.classical.Regulariser;
import org.pdeflow.inverse.forward.FieldSpec;
import org.pdeflow.inverse.forward.ObservedFieldModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.ObservationOperator;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problem.ProblemSettings;
import org.pdeflow.pde.darcy.DarcySolver;
import org.pdeflow.pde.grf.DarcyCoefficient;
import org.pdeflow.pde.grid.Grid2D;

/**
 * {@code darcy-forward}: DiffusionPDE's "forward" task, find the pressure u from sparse readings of
 * the permeability a.
 *
 * <p>Formulations: {@link Formulation#JOINT} (a, u) for every diffusion method, the readings see the
 * a channel, the Darcy residual is the physics guidance ({@link #residual}); {@link Formulation#UNKNOWN}
 * is a alone for the classical methods, whose u is then the reference solver's answer for their a.
 * Synthetic case: the truth (a, u) satisfies the discrete equations exactly. Tikhonov's default penalty
 * is the Laplacian: a gradient penalty cannot hold point readings of a field in 2-D (it makes spikes).
 */
public final class DarcyForward extends DarcyProblem {

    private static final ReportedMetric SOLVER_U =
            new ReportedMetric("u from a (solver) rel L2", ReportedMetric.SOLVER_U, ReportedMetric.Kind.RELATIVE_L2);

    @Override
    public String name() {
        return "darcy-forward";
    }

    @Override
    public String summary() {
        return "readings of a, find u";
    }

    @Override
    public String observedField() {
        return "a";
    }

    @Override
    public String targetField() {
        return "u";
    }

    @Override
    public Formulation formulation(boolean diffusionMethod, List<String> trainedChannels) {
        return diffusionMethod ? Formulation.JOINT : Formulation.UNKNOWN;
    }

    @Override
    public InverseProblem formulate(
            Formulation formulation,
            Grid2D grid,
            ObservationOperator operator,
            Observations observations,
            Map<String, double[]> truth) {
        Unknowns unknowns = switch (formulation) {
            case JOINT -> Unknowns.of(new FieldSpec("a", grid), new FieldSpec("u", grid));
            case UNKNOWN -> Unknowns.of(new FieldSpec("a", grid));
        };
        ObservedFieldModel model = new ObservedFieldModel(unknowns, "a", operator);
        return new InverseProblem(name(), model, observations, Truths.pack(unknowns, truth));
    }

    @Override
    public Regulariser.Kind defaultRegulariser() {
        return Regulariser.Kind.LAPLACIAN;
    }

    @Override
    public List<ReportedMetric> metrics() {
        return List.of(
                ReportedMetric.relativeL2("u"),
                SOLVER_U,
                new ReportedMetric("a error rate", "a", ReportedMetric.Kind.PHASE_ERROR_RATE));
    }

    /** The pressure of the reconstructed a by the reference solver: every method has it, joint or not. */
    @Override
    public ReportedMetric headline() {
        return SOLVER_U;
    }

    @Override
    public ProblemSettings defaultSettings() {
        return new ProblemSettings(32, 0.0, 0.1, 100, 1, 0);
    }

    @Override
    public InverseProblem synthetic(ProblemSettings s) {
        SplittableRandom rng = new SplittableRandom(s.seed());
        Grid2D grid = grid(s.resolution());
        double[] a = new DarcyCoefficient(s.resolution()).sample(rng);
        double[] u = new DarcySolver(grid).solve(a);
        Unknowns unknowns = Unknowns.of(new FieldSpec("a", grid), new FieldSpec("u", grid));
        PointSampling points = PointSampling.interior(grid, s.points(), rng);
        ObservedFieldModel model = new ObservedFieldModel(unknowns, "a", points);
        double[] truth = unknowns.pack(a, u);
        Observations data = Observations.synthetic(model.apply(truth), s.noise(), s.weightSigma(), rng);
        return new InverseProblem(name(), model, data, truth);
    }
}
