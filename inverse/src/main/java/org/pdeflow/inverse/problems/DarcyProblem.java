package org.pdeflow.inverse.problems;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.pdeflow.inverse.forward.CoefficientParameterisation;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.PhysicsResidual;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.observe.PointSampling;
import org.pdeflow.pde.grid.Grid2D;

/**
 * What the Darcy problems share: -div(a grad u) = 1 on [0, 1]^2, u = 0 on the boundary, s x s nodes;
 * a the FNO {12, 3} two-phase permeability; the shipped joint (a, u) prior; readings at random places
 * in the middle 90 % of the square.
 */
abstract class DarcyProblem implements ProblemDefinition {

    /** The fraction of the nodes a benchmark reads (123 readings at 64^2). */
    static final double READ_FRACTION = 0.03;

    /** Benchmark reading noise as a fraction of the observed field's RMS. */
    static final double RELATIVE_NOISE = 0.005;

    @Override
    public Grid2D grid(int s) {
        requireResolution(s);
        return Grid2D.nodes(s, 1.0);
    }

    @Override
    public int defaultResolution() {
        return defaultSettings().resolution();
    }

    @Override
    public List<String> jointFields() {
        return List.of("a", "u");
    }

    @Override
    public Optional<String> shippedPrior() {
        return Optional.of("darcy64-edm-uno");
    }

    @Override
    public Optional<PhysicsResidual> residual(Unknowns unknowns) {
        return unknowns.names().equals(List.of("a", "u"))
                ? Optional.of(PhysicsResidual.darcy(unknowns, 1.0))
                : Optional.empty();
    }

    /**
     * Every value of log a within 10 standard deviations of its prior (the Gaussian baseline's 0.7: a
     * within a factor e^7, about 1100, of its mean 6, three orders of magnitude beyond the phases 3
     * and 12); a and u node by node unbounded (their fields' root mean square is bounded).
     */
    @Override
    public double maxPriorDeviations(String unknown) {
        return unknown.equals(CoefficientParameterisation.LOG.fieldName())
                ? 10
                : ProblemDefinition.super.maxPriorDeviations(unknown);
    }

    /**
     * {@code plan.count()} readings (default 3 % of the nodes) of the observed field at places drawn
     * uniformly in the middle 90 % of the square, bilinear, with Gaussian noise of 0.5 % of the field's
     * RMS.
     */
    @Override
    public Readings readings(Grid2D grid, Map<String, double[]> truth, ReadingPlan plan, SplittableRandom rng) {
        double[] field = truth.get(observedField());
        int count = plan.count() != null
                ? plan.count()
                : Math.max(1, (int) Math.round(READ_FRACTION * grid.nx() * grid.ny()));
        PointSampling op = PointSampling.interior(grid, count, rng);
        double[] clean = new double[count];
        op.apply(field, clean);
        double noise = RELATIVE_NOISE * Truths.rms(field);
        return new Readings(op, Observations.synthetic(clean, noise, noise, rng));
    }

    @Override
    public ProblemDefinition forDataset(Map<String, Object> attributes) {
        Object preset = attributes.get("preset");
        if (preset != null && !"darcy".equals(preset.toString())) {
            throw new IllegalArgumentException(
                    name() + " needs Darcy data (attribute preset = darcy), got preset " + preset);
        }
        return this;
    }

    static void requireResolution(int s) {
        if (s < 4) {
            throw new IllegalArgumentException("resolution must be at least 4, got " + s);
        }
    }
}
