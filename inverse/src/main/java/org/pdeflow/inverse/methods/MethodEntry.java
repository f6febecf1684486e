package org.pdeflow.inverse.methods;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;

/**
 * A registered method whose settings are a record of type {@code S}: built from the user's options
 * by a {@link Configurer}, run by a {@link Runner}. Made with {@link #builder(String)}; one
 * {@link Methods#register} call adds it.
 *
 * @param <S> the settings record, e.g. {@link org.pdeflow.inverse.guided.Dps.Settings}
 */
public final class MethodEntry<S> implements InverseMethod {

    /** Makes the settings from the user's options (defaults for the unset ones) for a problem. */
    @FunctionalInterface
    public interface Configurer<S> {
        S configure(MethodOptions options, ProblemDefinition problem);
    }

    /** Runs the method with its settings. */
    @FunctionalInterface
    public interface Runner<S> {
        Reconstruction run(S settings, Run run);
    }

    /**
     * What one run gets.
     *
     * @param definition the problem's definition (its priors, residual)
     * @param problem the formulated problem with its readings
     * @param prior the diffusion prior, or null
     * @param samples samples or ensemble members
     * @param rng the only source of randomness
     * @param callback told after every step
     */
    public record Run(
            ProblemDefinition definition,
            InverseProblem problem,
            DiffusionFieldPrior prior,
            int samples,
            RandomGenerator rng,
            StepCallback callback) {}

    private final String name;
    private final String label;
    private final String description;
    private final String stepName;
    private final boolean needsPrior;
    private final Output output;
    private final double evaluationsPerStep;
    private final Consumer<ProblemDefinition> support;
    private final Configurer<S> configurer;
    private final ToIntFunction<S> steps;
    private final Function<S, Map<String, Object>> describe;
    private final Runner<S> runner;

    private MethodEntry(Builder<S> b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.label = b.label == null ? b.name : b.label;
        this.description = Objects.requireNonNull(b.description, "description");
        this.stepName = b.stepName == null ? "step" : b.stepName;
        this.needsPrior = b.needsPrior;
        this.output = b.output;
        this.evaluationsPerStep = b.evaluationsPerStep;
        this.support = b.support;
        this.configurer = Objects.requireNonNull(b.configurer, "configurer");
        this.steps = Objects.requireNonNull(b.steps, "steps");
        this.describe = Objects.requireNonNull(b.describe, "describe");
        this.runner = Objects.requireNonNull(b.runner, "runner");
    }

    /** A builder for the method of this name. */
    public static <S> Builder<S> builder(String name) {
        return new Builder<>(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String stepName() {
        return stepName;
    }

    @Override
    public boolean needsPrior() {
        return needsPrior;
    }

    @Override
    public Output output() {
        return output;
    }

    @Override
    public double evaluationsPerStep() {
        return evaluationsPerStep;
    }

    @Override
    public void requireSupported(ProblemDefinition problem) {
        support.accept(problem);
    }

    @Override
    public Configured configure(MethodOptions options, ProblemDefinition problem) {
        requireSupported(problem);
        S settings = configurer.configure(options == null ? MethodOptions.DEFAULTS : options, problem);
        return new Configured() {
            @Override
            public InverseMethod method() {
                return MethodEntry.this;
            }

            @Override
            public int steps() {
                return steps.applyAsInt(settings);
            }

            @Override
            public Map<String, Object> describe() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("steps", steps());
                m.putAll(describe.apply(settings));
                return m;
            }

            @Override
            public Reconstruction run(
                    InverseProblem formulated,
                    DiffusionFieldPrior prior,
                    int samples,
                    long seed,
                    StepCallback callback) {
                if (needsPrior && prior == null) {
                    throw new IllegalArgumentException(name + " needs a diffusion prior");
                }
                if (output == Output.ENSEMBLE && samples < 2) {
                    throw new IllegalArgumentException(name + " needs --samples >= 2 (the ensemble size)");
                }
                int total = steps();
                int[] done = {0};
                StepCallback checked = info -> {
                    Optional<String> bad = ResultCheck.stepViolation(info.misfit());
                    if (bad.isPresent()) {
                        throw new DivergenceException(bad.get());
                    }
                    done[0] = info.step();
                    callback.onStep(info);
                };
                Reconstruction r;
                try {
                    r = runner.run(
                            settings,
                            new Run(problem, formulated, prior, samples, new SplittableRandom(seed), checked));
                } catch (DivergenceException e) {
                    throw new DivergenceException(
                            name + " diverged in " + stepName + " " + (done[0] + 1) + " of " + total + ": "
                                    + e.getMessage() + HINT,
                            e);
                }
                Optional<String> bad = ResultCheck.violation(
                        r,
                        formulated.observations().size(),
                        prior != null ? prior : baseline(problem, formulated),
                        problem::maxPriorDeviations);
                if (bad.isPresent()) {
                    throw new DivergenceException(name + " diverged: after " + stepName + " " + done[0] + " of " + total
                            + ", " + bad.get() + HINT);
                }
                return r;
            }
        };
    }

    /** What a user can change after a divergence, whatever the method. */
    private static final String HINT = " (the run diverged, or the prior cannot explain the readings: a smaller"
            + " guidance weight or step size, more steps or another prior may help)";

    /**
     * The problem's Gaussian baseline, which measures the samples of methods without a diffusion
     * prior ({@link ResultCheck}); null when the problem has none for these unknowns.
     */
    private static DiffusionFieldPrior baseline(ProblemDefinition definition, InverseProblem formulated) {
        try {
            return definition.gaussianPrior(formulated.unknowns());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link MethodEntry}; name, description, configurer, steps, describe and runner are required. */
    public static final class Builder<S> {
        private final String name;
        private String label;
        private String description;
        private String stepName;
        private boolean needsPrior;
        private Output output = Output.SAMPLES;
        private double evaluationsPerStep;
        private Consumer<ProblemDefinition> support = p -> {};
        private Configurer<S> configurer;
        private ToIntFunction<S> steps;
        private Function<S, Map<String, Object>> describe;
        private Runner<S> runner;

        private Builder(String name) {
            this.name = name;
        }

        /** The name as shown (default: the name). */
        public Builder<S> optLabel(String value) {
            label = value;
            return this;
        }

        /** A paragraph for reports. */
        public Builder<S> setDescription(String value) {
            description = value;
            return this;
        }

        /** What a step is called (default: "step"). */
        public Builder<S> optStepName(String value) {
            stepName = value;
            return this;
        }

        /** The method samples with a diffusion prior doing this many network evaluations per sample and step. */
        public Builder<S> optDiffusionPrior(double evaluations) {
            needsPrior = true;
            evaluationsPerStep = evaluations;
            return this;
        }

        /** What its results are (default: samples). */
        public Builder<S> optOutput(Output value) {
            output = value;
            return this;
        }

        /** Refuses problems it cannot run on by throwing an IllegalArgumentException. */
        public Builder<S> optSupport(Consumer<ProblemDefinition> value) {
            support = value;
            return this;
        }

        /** Its settings: how they follow from the options, their step count and how they are reported. */
        public Builder<S> setSettings(
                Configurer<S> configure, ToIntFunction<S> stepCount, Function<S, Map<String, Object>> report) {
            configurer = configure;
            steps = stepCount;
            describe = report;
            return this;
        }

        /** How it runs. */
        public Builder<S> setRunner(Runner<S> value) {
            runner = value;
            return this;
        }

        /** The entry. */
        public MethodEntry<S> build() {
            return new MethodEntry<>(this);
        }
    }
}
