package org.pdeflow.examples.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pdeflow.inverse.guided.TrainedFieldPrior;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.solvers.denoise.Denoiser;
import org.pdeflow.solvers.denoise.PeriodicDenoiser;
import org.pdeflow.solvers.noise.DiagonalCovariance;

/**
 * Does a trained omega0 prior know more than the climatology? Held-apart omega0 fields x (model units z) are
 * noised, y = z + sigma n with n drawn from the prior's own noise N(0, C), and denoised three ways:
 * the network's D(y; sigma); the Gaussian posterior mean under the climatology N(m, B) measured from an
 * archive of omega0 states (Wiener filter, per Fourier mode m + B_k / (B_k + sigma^2 C_k) (y - m): the best
 * a Gaussian prior can do); and the identity (y). A diffusion prior can only help an inverse method beyond
 * 4D-Var with the climatology where its denoising error is below the Wiener filter's, so this is the cheap
 * check to run before a posterior sampler.
 *
 * <pre>
 * java -Dai.djl.pytorch.num_threads=1 -cp examples/target/pdeflow.jar \
 *     org.pdeflow.examples.experiments.NsDenoisingCheck PRIOR_DIR data.h5 first count archive.h5 [levels]
 * </pre>
 *
 * <p>Prints, per noise level (model units), the relative L2 error of each estimate against z, mean over the
 * fields (one noise draw each, seeded by field index).
 *
 * <p>Options: {@code -Dwrap=M} wraps the network periodically by M nodes ({@link PeriodicDenoiser}; the card's
 * {@code periodic_margin} is applied anyway); {@code -Dtta=T1,T2,...} averages the network over transforms of
 * the input, T^-1 D(T y): {@code r<di>_<dj>} a periodic roll, {@code f} the rotation by pi (both axes flipped),
 * {@code m<a><s>} minus the flip of axis a (2 or 3) rolled by s along the other axis (Kolmogorov flow's
 * shift-reflection for a = 2, s = n/8), anything else the identity.
 */
public final class NsDenoisingCheck {

    private NsDenoisingCheck() {}

    public static void main(String[] args) throws Exception {
        Path priorDir = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        Path archive = Path.of(args[4]);
        double[] levels = args.length > 5
                ? Arrays.stream(args[5].split(","))
                        .mapToDouble(Double::parseDouble)
                        .toArray()
                : new double[] {0.05, 0.1, 0.2, 0.3, 0.5, 1, 2};
        double[][] truths = NsCase.truths(file, first, count);
        int n = (int) Math.round(Math.sqrt(truths[0].length));
        Grid2D grid = Grid2D.periodic(n, 2 * Math.PI);
        List<double[]> states = NsCase.all(archive, "a");
        double[] mean = new double[grid.size()];
        for (double[] s : states) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += s[i] / states.size();
            }
        }
        double[] climatology = DiagonalCovariance.periodicField(PeriodicGaussianField.estimate(grid, states), 1)
                .eigenvalueArray();
        try (TrainedFieldPrior prior = TrainedFieldPrior.load(priorDir, grid, Map.of());
                NDManager manager = NDManager.newBaseManager()) {
            DiagonalCovariance noiseCovariance = prior.noise().covariance();
            double[] c = noiseCovariance.isIdentity() ? null : noiseCovariance.eigenvalueArray();
            Shape shape = new Shape(count, 1, n, n);
            double[] flat = new double[count * grid.size()];
            for (int f = 0; f < count; f++) {
                System.arraycopy(truths[f], 0, flat, f * grid.size(), grid.size());
            }
            NDArray z = prior.toModel(manager.create(flat, shape)).toType(DataType.FLOAT32, false);
            NDArray m =
                    prior.toModel(manager.create(mean, new Shape(1, 1, n, n))).toType(DataType.FLOAT32, false);
            // B in model units: the normaliser is affine, u = shift + scale z, so B_z = B / scale^2.
            double scale = prior.toPhysical(manager.create(new float[] {1f}, new Shape(1, 1, 1, 1)))
                    .sub(prior.toPhysical(manager.create(new float[] {0f}, new Shape(1, 1, 1, 1))))
                    .toType(DataType.FLOAT64, false)
                    .getDouble();
            System.out.printf(
                    Locale.ROOT,
                    "%s on fields %d..%d of %s; climatology from %d states of %s; noise %s%n",
                    priorDir,
                    first,
                    first + count - 1,
                    file,
                    states.size(),
                    archive,
                    c == null ? "white" : "coloured");
            System.out.println("sigma  network  wiener(climatology)  identity");
            int wrap = Integer.getInteger("wrap", 0);
            Denoiser denoiser = wrap > 0 ? new PeriodicDenoiser(prior.denoiser(), wrap) : prior.denoiser();
            String tta = System.getProperty("tta", "");
            for (int li = 0; li < levels.length; li++) {
                double sigma = levels[li];
                manager.getEngine().setRandomSeed(1000 + li);
                NDArray noise = prior.noise().sample(manager, count, DataType.FLOAT32);
                NDArray y = z.add(noise.mul(sigma));
                NDArray d = symmetrised(denoiser, y, manager.create((float) sigma), tta);
                double[] gain = new double[grid.size()];
                for (int k = 0; k < gain.length; k++) {
                    double b = climatology[k] / (scale * scale);
                    double ck = c == null ? 1 : c[k];
                    gain[k] = b / (b + sigma * sigma * ck);
                }
                NDArray g = manager.create(gain, new Shape(1, n, n)).toType(DataType.FLOAT32, false);
                NDArray wiener = DiagonalCovariance.apply(DiagonalCovariance.Basis.FOURIER, y.sub(m), g)
                        .add(m);
                System.out.printf(
                        Locale.ROOT,
                        "%5.3f  %7.4f  %7.4f  %7.4f%n",
                        sigma,
                        relative(d, z),
                        relative(wiener, z),
                        relative(y, z));
            }
        }
    }

    /** Mean over the transforms T of {@code spec} (see the class comment) of T^-1 D(T y). */
    private static NDArray symmetrised(Denoiser d, NDArray y, NDArray sigma, String spec) {
        if (spec.isEmpty()) {
            return d.denoise(y, sigma);
        }
        NDArray sum = null;
        String[] ts = spec.split(",");
        for (String t : ts) {
            NDArray out;
            if (t.startsWith("r")) {
                String[] p = t.substring(1).split("_");
                int dy = Integer.parseInt(p[0]);
                int dx = Integer.parseInt(p[1]);
                out = roll(roll(d.denoise(roll(roll(y, 2, dy), 3, dx), sigma), 2, -dy), 3, -dx);
            } else if (t.equals("f")) {
                out = d.denoise(y.flip(2, 3), sigma).flip(2, 3);
            } else if (t.startsWith("m")) {
                int axis = t.charAt(1) - '0';
                int other = axis == 2 ? 3 : 2;
                int sh = Integer.parseInt(t.substring(2));
                NDArray ty = roll(y.flip(axis), other, sh).neg();
                out = roll(d.denoise(ty, sigma).neg(), other, -sh).flip(axis);
            } else {
                out = d.denoise(y, sigma);
            }
            sum = sum == null ? out : sum.add(out);
        }
        return sum.div(ts.length);
    }

    private static NDArray roll(NDArray x, int axis, int shift) {
        long n = x.getShape().get(axis);
        int s = (int) Math.floorMod(shift, n);
        if (s == 0) {
            return x;
        }
        String head = axis == 2 ? ":, :, {}:{}" : ":, :, :, {}:{}";
        return NDArrays.concat(
                new NDList(x.get(new NDIndex(head, n - s, n)), x.get(new NDIndex(head, 0, n - s))), axis);
    }

    /** Mean over the batch of |a - b| / |b| per field. */
    private static double relative(NDArray a, NDArray b) {
        long batch = b.getShape().get(0);
        double sum = 0;
        for (long i = 0; i < batch; i++) {
            NDArray ai = a.get(i);
            NDArray bi = b.get(i);
            sum += ai.sub(bi).norm().getFloat() / bi.norm().getFloat();
        }
        return sum / batch;
    }
}
