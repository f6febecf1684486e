package org.pdeflow.examples.experiments;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.inverse.classical.PriorMapInversion;
import org.pdeflow.inverse.forward.NavierStokesModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.guided.DiffPir;
import org.pdeflow.inverse.guided.DiffusionFieldPrior;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.inverse.optim.Lbfgs;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;
import org.pdeflow.solvers.noise.GaussianNoise;
import org.pdeflow.solvers.prior.FieldStatistics;

/**
 * What the network adds to DiffPIR on ns-inverse (docs/results/ns64-4dvar, "Session 9"): the same run as
 * {@code benchmark inverse --problem ns-inverse --methods diffpir} (its default settings, one sample, the
 * benchmark's readings for seed 0), once with the shipped prior and once with its denoiser replaced by the
 * identity, D(x; sigma) = x, same noise covariance and normalisation. With the identity each level's prior
 * centre is the previous level's answer plus noise: an annealed proximal-point 4D-Var with no learned prior.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.NsDiffPirControl ns64.h5 first count sigma network|identity [levels]
 *     [archive.h5|-] [background|-] [start-level] [map-iterations] [inner-iterations] [prior-dir] [sigma-min]
 *     [samples] [lbfgs-memory]
 * </pre>
 *
 * <p>The prior is {@code models/ns64-edm-uno} unless a prior folder is given last. With
 * {@code -Dmap.cache=DIR} the 4D-Var start of each field is kept in DIR ({@code map-f<field>-it<its>.npy}) and read
 * back by later runs, and the truth and the answer ({@code -Dmap.tag=NAME}: NAME-f&lt;field&gt;.npy) are written
 * beside them. With samples &gt; 1 the error is that of the samples' mean.
 *
 * <p>With an archive of omega0 fields, DiffPIR's metric (the noise covariance C of its proximal term and
 * re-noising) is the stationary spectrum measured from them ({@link PeriodicGaussianField#estimate}, rescaled
 * to unit pointwise variance in the prior's normalised units) instead of the prior's GRF noise. With
 * {@code background}, the data step's covariance is (B^-1 + (sigma^2 C)^-1)^-1 with B ns-inverse's classical
 * prior (the climatology at 64^2; {@link DiffPir#DiffPir(DiffPir.Settings, GaussianPrior)}). With
 * map-iterations &gt; 0, DiffPIR starts from 4D-Var's MAP under the problem's classical prior (that many L-BFGS
 * iterations keeping every pair, from the quasi-inverse, discrepancy stop) instead of the quasi-inverse.
 */
public final class NsDiffPirControl {

    private NsDiffPirControl() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        double sigma = Double.parseDouble(args[3]);
        boolean identity = args[4].equals("identity");
        DiffPir.Settings settings = DiffPir.Settings.defaults();
        if (args.length > 5) {
            settings = settings.withLevels(Integer.parseInt(args[5]));
        }
        Path archive = args.length > 6 && !args[6].equals("-") ? Path.of(args[6]) : null;
        boolean background = args.length > 7 && args[7].equals("background");
        if (args.length > 8) {
            settings = settings.withStartLevel(Double.parseDouble(args[8]));
        }
        int mapIterations = args.length > 9 ? Integer.parseInt(args[9]) : 0;
        if (args.length > 10) {
            settings = settings.withInnerIterations(Integer.parseInt(args[10]));
        }
        Path priorDir = Path.of(args.length > 11 ? args[11] : "models/ns64-edm-uno");
        if (args.length > 12) {
            settings = settings.withSigmaMin(Double.parseDouble(args[12]));
        }
        int samples = args.length > 13 ? Integer.parseInt(args[13]) : 1;
        if (args.length > 14) {
            settings = settings.withMemory(Integer.parseInt(args[14]));
        }
        NsCase head = NsCase.of(file, first, sigma, 0);
        head.model().close();
        double[] errors = new double[count];
        try (TrainedFieldPrior trained = TrainedFieldPrior.load(priorDir, head.grid(), Map.of())) {
            GaussianNoise noise = archive == null ? trained.noise() : climatological(archive, head.grid());
            Denoiser denoiser = identity ? (x, level) -> x.duplicate() : trained.denoiser();
            DiffusionFieldPrior prior = new Replaced(trained, denoiser, noise);
            for (int f = 0; f < count; f++) {
                NsCase c = NsCase.of(file, first + f, sigma, 0);
                InverseProblem problem = c.problem();
                try (NavierStokesModel model = c.model()) {
                    long t0 = System.nanoTime();
                    double[] guess = c.definition().firstGuess(problem).orElseThrow();
                    Path cached = System.getProperty("map.cache") == null
                            ? null
                            : Path.of(
                                    System.getProperty("map.cache"),
                                    "map-f" + c.field() + "-it" + mapIterations + ".npy");
                    if (mapIterations > 0 && cached != null && Files.exists(cached)) {
                        guess = Npy.read(cached).data();
                        System.out.printf(
                                Locale.ROOT,
                                "field %d, 4D-Var start read from %s: rel L2 %.4f%n",
                                c.field(),
                                cached,
                                FieldStatistics.relativeL2(guess, c.truth()));
                    } else if (mapIterations > 0) {
                        Reconstruction map = new PriorMapInversion(
                                        1.0,
                                        Lbfgs.defaults()
                                                .withMaxIterations(mapIterations)
                                                .withMemory(Math.min(mapIterations, 300)),
                                        1.0)
                                .invert(problem, c.definition().classicalPrior(problem.unknowns()), guess, null);
                        guess = map.mean();
                        if (cached != null) {
                            Npy.write(
                                    cached, NdArray.of2d(c.grid().nx(), c.grid().ny(), guess));
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "field %d, 4D-Var start: rel L2 %.4f, chi2/M %.2f, %.0f s%n",
                                c.field(),
                                FieldStatistics.relativeL2(guess, c.truth()),
                                map.statistics().get("chiSquarePerReading"),
                                (System.nanoTime() - t0) * 1e-9);
                    }
                    Reconstruction r = new DiffPir(
                                    settings, background ? c.definition().classicalPrior(problem.unknowns()) : null)
                            .sample(problem, prior, guess, samples, new SplittableRandom(c.field()), null);
                    double[] omega = r.mean().clone();
                    for (int i = 0; i < omega.length; i++) {
                        omega[i] *= model.scale();
                    }
                    double err = FieldStatistics.relativeL2(omega, c.truth());
                    if (cached != null) {
                        String tag = System.getProperty("map.tag", "diffpir");
                        Npy.write(
                                cached.resolveSibling(tag + "-f" + c.field() + ".npy"),
                                NdArray.of2d(c.grid().nx(), c.grid().ny(), omega));
                        Npy.write(
                                cached.resolveSibling("truth-f" + c.field() + ".npy"),
                                NdArray.of2d(c.grid().nx(), c.grid().ny(), c.truth()));
                    }
                    double misfit = problem.observations().misfit(model.apply(r.mean()));
                    System.out.printf(
                            Locale.ROOT,
                            "field %d, %s%s: rel L2 of omega0 %.4f, misfit / reading %.1f, %.0f s%n",
                            c.field(),
                            identity ? "identity denoiser" : "network",
                            background ? " + background" : "",
                            err,
                            misfit / problem.observations().size(),
                            (System.nanoTime() - t0) * 1e-9);
                    errors[f] = err;
                }
            }
        }
        System.out.println("mean rel L2 " + NsCase.meanAndSpread(errors));
    }

    /** The noise N(0, C) of the archive's measured spectrum, C rescaled to unit pointwise variance. */
    private static GaussianNoise climatological(Path archive, Grid2D grid) throws IOException {
        List<double[]> samples = NsCase.all(archive, "a");
        DiagonalCovariance c = DiagonalCovariance.periodicField(PeriodicGaussianField.estimate(grid, samples), 1);
        double[] e = c.eigenvalueArray();
        double v = c.pointwiseVariance(0);
        for (int i = 0; i < e.length; i++) {
            e[i] /= v;
        }
        return new GaussianNoise(DiagonalCovariance.fourier(1, grid.nx(), grid.ny(), e));
    }

    /** The trained prior with its denoiser and noise replaced (the normalisation kept). */
    private record Replaced(DiffusionFieldPrior inner, Denoiser denoiser, GaussianNoise noise)
            implements DiffusionFieldPrior {

        @Override
        public Unknowns unknowns() {
            return inner.unknowns();
        }

        @Override
        public NDArray toModel(NDArray physical) {
            return inner.toModel(physical);
        }

        @Override
        public NDArray toPhysical(NDArray model) {
            return inner.toPhysical(model);
        }

        @Override
        public String description() {
            return inner.description() + " with its denoiser or noise replaced";
        }
    }
}
