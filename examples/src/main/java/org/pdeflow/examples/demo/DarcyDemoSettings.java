package org.pdeflow.examples.demo;

import java.util.List;
import java.util.Map;
import org.pdeflow.inverse.methods.InverseMethod;
import org.pdeflow.inverse.methods.MethodOptions;
import org.pdeflow.inverse.methods.Methods;
import org.pdeflow.inverse.problems.ProblemDefinition;
import org.pdeflow.inverse.problems.Problems;

/**
 * The settings of one {@code pdeflow demo} run.
 *
 * @param resolution nodes per axis
 * @param readings number of readings of u
 * @param relativeNoise noise sigma / RMS(u)
 * @param seed seed of the case and of every method
 * @param priorMethod the diffusion method (enkg, dps, daps, fundps or diffusionpde)
 * @param prior the prior folder it uses
 * @param samples posterior samples of a sampling diffusion method
 * @param ensemble the ensemble size of EKI and of an ensemble diffusion method (EnKG)
 * @param steps steps (levels, iterations) by method
 * @param plotSize height of a heatmap panel in pixels
 */
public record DarcyDemoSettings(
        int resolution,
        int readings,
        double relativeNoise,
        long seed,
        String priorMethod,
        String prior,
        int samples,
        int ensemble,
        Map<String, Integer> steps,
        int plotSize) {

    /** The classical baselines, run after the diffusion method. */
    public static final List<String> BASELINES = List.of("tikhonov", "eki");

    /** The methods in the order they run and are reported. */
    public List<String> methods() {
        return List.of(priorMethod, BASELINES.get(0), BASELINES.get(1));
    }

    /** Samples (ensemble members) a method draws. */
    public int samplesOf(String method) {
        return switch (Methods.get(method).output()) {
            case ENSEMBLE -> ensemble;
            case POINT_ESTIMATE -> 1;
            case SAMPLES -> samples;
        };
    }

    /** The demo's problem. */
    public static ProblemDefinition problem() {
        return Problems.get("darcy-inverse");
    }

    /** A method with its demo settings (the defaults, with the demo's steps). */
    public InverseMethod.Configured configured(String method) {
        return Methods.get(method).configure(MethodOptions.DEFAULTS.withSteps(steps.get(method)), problem());
    }
}
