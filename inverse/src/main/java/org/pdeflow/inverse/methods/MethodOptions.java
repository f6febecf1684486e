package org.pdeflow.inverse.methods;

/**
 * The knobs a user may set on any method, each optional (null: the method's default). Each method
 * reads the ones it has ({@link InverseMethod#configure}) and ignores the rest, so a command line or a
 * benchmark can pass one set to every method.
 *
 * @param steps sampler steps, annealing levels or iterations, &gt;= 1
 * @param zeta DPS step zeta' (the paper's, on the residual in the readings' units)
 * @param eta EnKG / EKI step size
 * @param lr DAPS Langevin step size
 * @param tau DAPS likelihood scale on the raw residual (null: the readings' sigma)
 * @param weight observation weight of FunDPS (on its mean squared standardised residual) or
 *     DiffusionPDE (on the relative residual norm)
 * @param pdeWeight PDE-residual weight of DiffusionPDE and of FunDPS with {@code physicsResidual}
 * @param lambda Tikhonov penalty weight
 * @param regulariser Tikhonov penalty: {@code identity}, {@code gradient}, {@code laplacian} or {@code prior}
 * @param discrepancy Tikhonov's discrepancy-principle threshold tau on chi^2 / M (0: no such stop)
 * @param inner DiffPIR's L-BFGS iterations per annealing level, &gt;= 1
 * @param sigmaMin DiffPIR's last positive noise level, in the prior's model units, &gt; 0
 * @param physicsResidual whether FunDPS adds the PDE residual term (joint Darcy formulations)
 * @param priorSource where the diffusion prior the method will run with comes from, which picks the tuned defaults of
 *     its guidance (null: {@link PriorSource#TRAINED}, the shipped prior's kind)
 */
public record MethodOptions(
        Integer steps,
        Double zeta,
        Double eta,
        Double lr,
        Double tau,
        Double weight,
        Double pdeWeight,
        Double lambda,
        String regulariser,
        Double discrepancy,
        Integer inner,
        Double sigmaMin,
        boolean physicsResidual,
        PriorSource priorSource) {

    /** Every knob at its method's default. */
    public static final MethodOptions DEFAULTS = builder().build();

    /** A builder with every knob unset (each method's default). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.steps = steps;
        b.zeta = zeta;
        b.eta = eta;
        b.lr = lr;
        b.tau = tau;
        b.weight = weight;
        b.pdeWeight = pdeWeight;
        b.lambda = lambda;
        b.regulariser = regulariser;
        b.discrepancy = discrepancy;
        b.inner = inner;
        b.sigmaMin = sigmaMin;
        b.physicsResidual = physicsResidual;
        b.priorSource = priorSource;
        return b;
    }

    /** These options with the step count fixed (null: each method's default). */
    public MethodOptions withSteps(Integer value) {
        return toBuilder().optSteps(value).build();
    }

    /** These options with a Tikhonov penalty weight (null: the method's default). */
    public MethodOptions withLambda(Double value) {
        return toBuilder().optLambda(value).build();
    }

    /** These options with a guidance weight (FunDPS, DiffusionPDE; null: the method's default). */
    public MethodOptions withWeight(Double value) {
        return toBuilder().optWeight(value).build();
    }

    /** These options with DPS' step zeta' (null: the problem's default). */
    public MethodOptions withZeta(Double value) {
        return toBuilder().optZeta(value).build();
    }

    /** These options for a run with a prior from this source (null: the shipped prior's kind). */
    public MethodOptions withPriorSource(PriorSource value) {
        return toBuilder().optPriorSource(value).build();
    }

    /** Builds {@link MethodOptions}; every setter takes null (or false) for "the method's default". */
    public static final class Builder {
        private Integer steps;
        private Double zeta;
        private Double eta;
        private Double lr;
        private Double tau;
        private Double weight;
        private Double pdeWeight;
        private Double lambda;
        private String regulariser;
        private Double discrepancy;
        private Integer inner;
        private Double sigmaMin;
        private boolean physicsResidual;
        private PriorSource priorSource;

        private Builder() {}

        /** Sets the sampler steps, annealing levels or iterations (see {@link MethodOptions}). */
        public Builder optSteps(Integer value) {
            this.steps = value;
            return this;
        }

        /** Sets the DPS step zeta' (see {@link MethodOptions}). */
        public Builder optZeta(Double value) {
            this.zeta = value;
            return this;
        }

        /** Sets the EnKG / EKI step size (see {@link MethodOptions}). */
        public Builder optEta(Double value) {
            this.eta = value;
            return this;
        }

        /** Sets the DAPS Langevin step size (see {@link MethodOptions}). */
        public Builder optLr(Double value) {
            this.lr = value;
            return this;
        }

        /** Sets the DAPS likelihood scale (see {@link MethodOptions}). */
        public Builder optTau(Double value) {
            this.tau = value;
            return this;
        }

        /** Sets the FunDPS / DiffusionPDE observation weight (see {@link MethodOptions}). */
        public Builder optWeight(Double value) {
            this.weight = value;
            return this;
        }

        /** Sets the PDE-residual weight (see {@link MethodOptions}). */
        public Builder optPdeWeight(Double value) {
            this.pdeWeight = value;
            return this;
        }

        /** Sets the Tikhonov penalty weight (see {@link MethodOptions}). */
        public Builder optLambda(Double value) {
            this.lambda = value;
            return this;
        }

        /** Sets the Tikhonov penalty (see {@link MethodOptions}). */
        public Builder optRegulariser(String value) {
            this.regulariser = value;
            return this;
        }

        /** Sets the discrepancy-principle threshold (see {@link MethodOptions}). */
        public Builder optDiscrepancy(Double value) {
            this.discrepancy = value;
            return this;
        }

        /** Sets the DiffPIR's iterations per level (see {@link MethodOptions}). */
        public Builder optInner(Integer value) {
            this.inner = value;
            return this;
        }

        /** Sets the DiffPIR's last noise level (see {@link MethodOptions}). */
        public Builder optSigmaMin(Double value) {
            this.sigmaMin = value;
            return this;
        }

        /** Sets the whether FunDPS adds the PDE residual (see {@link MethodOptions}). */
        public Builder optPhysicsResidual(boolean value) {
            this.physicsResidual = value;
            return this;
        }

        /** Sets the the prior's source (see {@link MethodOptions}). */
        public Builder optPriorSource(PriorSource value) {
            this.priorSource = value;
            return this;
        }

        /** The options. */
        public MethodOptions build() {
            return new MethodOptions(
                    steps,
                    zeta,
                    eta,
                    lr,
                    tau,
                    weight,
                    pdeWeight,
                    lambda,
                    regulariser,
                    discrepancy,
                    inner,
                    sigmaMin,
                    physicsResidual,
                    priorSource);
        }
    }

    /** The prior's source, {@link PriorSource#TRAINED} when unset. */
    PriorSource priorSourceOrTrained() {
        return priorSource == null ? PriorSource.TRAINED : priorSource;
    }

    /** The step count: the option, else {@code fallback}. */
    int stepsOr(int fallback) {
        return countOr(steps, fallback, "--steps");
    }

    /** DiffPIR's L-BFGS iterations per level: the option, else {@code fallback}. */
    int innerOr(int fallback) {
        return countOr(inner, fallback, "--inner");
    }

    /** A count option of at least 1: its value, else {@code fallback}; {@code option} names it in the error. */
    private static int countOr(Integer value, int fallback, String option) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
        return value;
    }

    /** The observation weight: the option, else {@code fallback}. */
    double weightOr(double fallback) {
        if (weight == null) {
            return fallback;
        }
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("--weight must be finite and non-negative, got " + weight);
        }
        return weight;
    }

    /** A value, else its fallback. */
    static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }
}
