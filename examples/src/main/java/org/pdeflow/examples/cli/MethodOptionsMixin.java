package org.pdeflow.examples.cli;

import org.pdeflow.inverse.methods.MethodOptions;
import picocli.CommandLine.Option;

/**
 * The method knobs of {@code solve} and {@code benchmark inverse}: each option is optional and goes
 * unchanged into {@link MethodOptions}; the defaults are the methods' own ({@link
 * org.pdeflow.inverse.methods.Methods}).
 */
final class MethodOptionsMixin {

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Sampler steps / annealing levels / iterations "
                    + "(default per method: dps, fundps, diffusionpde 100; daps, enkg, eki 50, enkg 25 on "
                    + "darcy-inverse with its trained prior; tikhonov 100, 300 with --regulariser prior).")
    Integer steps;

    @Option(
            names = "--zeta",
            paramLabel = "ZETA",
            description = {
                "DPS step zeta' of the paper, (zeta' / |r|) grad |r|^2, r the residual in the readings' units",
                "(default: the problem's: 6000, tuned for darcy-inverse at 64^2 with the Gaussian prior; ns-inverse",
                "0.25; darcy-forward 2.5; on other grids it scales like 1 / h^2)."
            })
    Double zeta;

    @Option(names = "--eta", paramLabel = "ETA", description = "EnKG / EKI step size (default: 1.0).")
    Double eta;

    @Option(names = "--lr", paramLabel = "LR", description = "DAPS Langevin step size (default: 1e-4).")
    Double lr;

    @Option(
            names = "--tau",
            paramLabel = "TAU",
            description = "DAPS likelihood scale tau on the raw residual (default: the readings' sigma).")
    Double tau;

    @Option(
            names = "--weight",
            paramLabel = "W",
            description = {
                "Observation weight: FunDPS on its mean squared standardised residual (default 300),",
                "DiffusionPDE on the relative residual norm (default 30); tuned with the shipped Darcy prior."
            })
    Double weight;

    @Option(
            names = "--pde-weight",
            paramLabel = "W",
            description = "DiffusionPDE (and optional FunDPS) PDE-residual weight (default: 5.0; "
                    + "FunDPS uses it only when --fundps-residual is given).")
    Double pdeWeight;

    @Option(
            names = "--lambda",
            paramLabel = "LAMBDA",
            description = "Tikhonov weight of the penalty |R (x - x_ref)|^2 "
                    + "(default: 1 with --regulariser prior, else 1e-2).")
    Double lambda;

    @Option(
            names = "--regulariser",
            paramLabel = "gradient|laplacian|identity|prior",
            description = {
                "Tikhonov penalty R: gradient, Laplacian, identity, or prior: the precision of the problem's",
                "Gaussian prior with lambda 1, i.e. the MAP (4D-Var), solved in whitened coordinates (default: the",
                "problem's: prior for ns-inverse; laplacian for darcy-forward, whose point readings of a field a",
                "gradient penalty cannot hold in 2-D; else gradient)."
            })
    String regulariser;

    @Option(
            names = "--discrepancy",
            paramLabel = "TAU",
            description = {
                "Tikhonov: stop at the first iterate whose misfit per reading sum ((G(x) - y) / sigma)^2 / M is",
                "at most TAU (discrepancy principle; 0: no such stop; default: 1 with --regulariser prior, else 0).",
                "diffpir, diffpir-map: the same rule on each level's data step, which then starts from the network's",
                "estimate (default 0: every level runs its L-BFGS iterations from the previous level's answer)."
            })
    Double discrepancy;

    @Option(
            names = "--inner",
            paramLabel = "N",
            description = "diffpir, diffpir-map: L-BFGS iterations of each level's data step (default: 30; "
                    + "diffpir-map 60).")
    Integer inner;

    @Option(
            names = "--sigma-min",
            paramLabel = "SIGMA",
            description = "diffpir, diffpir-map: the last noise level, in the prior's model units (default: 0.05; "
                    + "diffpir-map 0.1).")
    Double sigmaMin;

    @Option(names = "--fundps-residual", description = "Add the PDE residual term to FunDPS (Darcy joint problems).")
    boolean fundpsResidual;

    /** The options as the methods take them. */
    MethodOptions toOptions() {
        return MethodOptions.builder()
                .optSteps(steps)
                .optZeta(zeta)
                .optEta(eta)
                .optLr(lr)
                .optTau(tau)
                .optWeight(weight)
                .optPdeWeight(pdeWeight)
                .optLambda(lambda)
                .optRegulariser(regulariser)
                .optDiscrepancy(discrepancy)
                .optInner(inner)
                .optSigmaMin(sigmaMin)
                .optPhysicsResidual(fundpsResidual)
                .build();
    }
}
