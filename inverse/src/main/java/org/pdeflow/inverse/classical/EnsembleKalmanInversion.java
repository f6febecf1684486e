package org.pdeflow.inverse.classical;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.pdeflow.inverse.forward.CountingForwardModel;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.observe.Observations;
import org.pdeflow.inverse.prior.GaussianPrior;
import org.pdeflow.inverse.problem.InverseProblem;
import org.pdeflow.inverse.sampling.DivergenceException;
import org.pdeflow.inverse.sampling.PosteriorSampler;
import org.pdeflow.inverse.sampling.Reconstruction;
import org.pdeflow.inverse.sampling.StepCallback;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.inverse.sampling.Timings;

/**
 * Ensemble Kalman inversion (Iglesias, Law &amp; Stuart 2013, "Ensemble Kalman methods for inverse
 * problems", Inverse Problems 29, 045001): derivative-free; an ensemble of J particles drawn from a
 * Gaussian prior is moved by Kalman-type updates built from the ensemble's own statistics, using only
 * forward evaluations G(x_j) (run as one batch per iteration, in parallel for black boxes).
 *
 * <p>Notation: anomalies {@code A_x = [x_j - x̄]}, {@code A_g = [g_j - ḡ]} of the particles and of
 * their whitened predictions {@code g_j = G(x_j) / sigma} (data {@code ỹ = y / sigma}, so the noise
 * covariance is I), {@code C_xg = A_x^T A_g / (J-1)}, {@code C_gg = A_g^T A_g / (J-1)}. Three updates:
 * <ul>
 *   <li>{@link #inverseBench(int, double)}: InverseBench's {@code algo/eki.py} (Zheng et al. 2025),
 *   <pre>x_j &lt;- x_j - (eta / |E|_F) sum_k E_jk (x_k - x̄),   E_jk = (1/J) &lt;g_j - ỹ, g_k - ḡ&gt;,</pre>
 *   i.e. {@code x_j - eta (J-1)/J C_xg (g_j - ỹ) / |E|_F}: no observation perturbation, step normalised by
 *   the Frobenius norm of E. InverseBench uses the raw (unwhitened) innovations; with one sigma for
 *   all readings whitening rescales E by 1/sigma^2 and the normalisation cancels it, so the update
 *   is identical. It converges towards a least-squares fit within the span of the initial ensemble.</li>
 *   <li>{@link #perturbed(int)}: the classical EKI of Iglesias, Law &amp; Stuart (2013, eq. 11),
 *   <pre>x_j &lt;- x_j + C_xg (C_gg + I)^{-1} (ỹ + xi_j - g_j),   xi_j ~ N(0, I),</pre>
 *   repeated; also a regularising least-squares iteration rather than a sampler.</li>
 *   <li>{@link #tempered(int)}: the same update with the noise covariance inflated to N I over N
 *   iterations (ensemble smoother with multiple data assimilation, Emerick &amp; Reynolds 2013,
 *   Comput. Geosci. 55, 3; data annealing). For linear G and a Gaussian prior the ensemble is then
 *   distributed as the posterior in the large-ensemble (mean-field) limit; with N = 1 it is the
 *   single EnKF analysis step.</li>
 * </ul>
 * The perturbed updates are computed in ensemble space without forming m x m matrices:
 * {@code Δx_j = A_x^T S^{-1} A_g d_j} with {@code S = alpha (J-1) I + A_g A_g^T} (J x J; Woodbury),
 * costing O(J^2 (m + n) + J^3) per iteration.
 *
 * <p>The result holds all J particles (samples), their mean and spread. The misfit history has the
 * mean over particles of {@code Phi(x_j)} before the first update and after every update (N + 1
 * batches of J forward evaluations); statistics {@code iterations}, {@code ensembleSize}.
 */
public final class EnsembleKalmanInversion implements PosteriorSampler<GaussianPrior> {

    /** Which update rule. */
    public enum Update {
        /** InverseBench's normalised step without perturbations. */
        INVERSE_BENCH,
        /** Iglesias-Law-Stuart with perturbed observations, noise covariance I. */
        PERTURBED,
        /** Perturbed with the noise covariance inflated by the number of iterations (ES-MDA). */
        TEMPERED
    }

    private final Update update;
    private final int iterations;
    private final double stepSize;

    private EnsembleKalmanInversion(Update update, int iterations, double stepSize) {
        if (iterations < 1) {
            throw new IllegalArgumentException("EKI needs at least one iteration, got " + iterations);
        }
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("EKI step size must be positive and finite, got " + stepSize);
        }
        this.update = update;
        this.iterations = iterations;
        this.stepSize = stepSize;
    }

    /**
     * InverseBench's EKI (its Navier-Stokes configuration: 500 iterations, eta = 2, 512 particles).
     *
     * @param iterations number of updates N
     * @param eta step size
     */
    public static EnsembleKalmanInversion inverseBench(int iterations, double eta) {
        return new EnsembleKalmanInversion(Update.INVERSE_BENCH, iterations, eta);
    }

    /** Iglesias-Law-Stuart EKI with perturbed observations, N updates. */
    public static EnsembleKalmanInversion perturbed(int iterations) {
        return new EnsembleKalmanInversion(Update.PERTURBED, iterations, 1.0);
    }

    /** Tempered EKI (ES-MDA): N updates with noise covariance N I; exact for linear-Gaussian as J grows. */
    public static EnsembleKalmanInversion tempered(int iterations) {
        return new EnsembleKalmanInversion(Update.TEMPERED, iterations, 1.0);
    }

    /** The update rule. */
    public Update update() {
        return update;
    }

    /** Number of updates N. */
    public int iterations() {
        return iterations;
    }

    @Override
    public String name() {
        return switch (update) {
            case INVERSE_BENCH -> "eki";
            case PERTURBED -> "eki-perturbed";
            case TEMPERED -> "eki-tempered";
        };
    }

    @Override
    public Reconstruction sample(
            InverseProblem problem, GaussianPrior prior, int samples, RandomGenerator rng, StepCallback callback) {
        Unknowns unknowns = problem.forward().unknowns();
        if (prior == null || !prior.unknowns().equals(unknowns)) {
            throw new IllegalArgumentException("the prior must be on the problem's unknowns " + unknowns.names());
        }
        if (samples < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 particles, got " + samples);
        }
        double[][] particles = new double[samples][];
        for (int p = 0; p < samples; p++) {
            particles[p] = prior.sample(rng);
        }
        return sample(problem, particles, rng, callback);
    }

    /**
     * EKI from a given initial ensemble instead of draws from a Gaussian prior: for example fields drawn from
     * a data set (a climatological ensemble, as in ensemble data assimilation), whose span then carries a
     * prior no Gaussian describes. The answer stays in the span of these particles.
     *
     * @param problem the problem
     * @param ensemble J &gt;= 2 particles, each the problem's packed unknowns (copied, not modified)
     * @param rng draws the perturbed observations (unused by {@link Update#INVERSE_BENCH})
     * @param callback told after each update, may be null
     * @return the final ensemble as samples
     */
    public Reconstruction sample(
            InverseProblem problem, double[][] ensemble, RandomGenerator rng, StepCallback callback) {
        Observations observations = problem.observations();
        long t0 = System.nanoTime();
        CountingForwardModel model = new CountingForwardModel(problem.forward());
        Unknowns unknowns = model.unknowns();
        if (ensemble == null || ensemble.length < 2) {
            throw new IllegalArgumentException(
                    "an ensemble needs at least 2 particles, got " + (ensemble == null ? 0 : ensemble.length));
        }
        double[][] particles = new double[ensemble.length][];
        for (int p = 0; p < ensemble.length; p++) {
            if (ensemble[p] == null || ensemble[p].length != unknowns.size()) {
                throw new IllegalArgumentException("each particle must have the problem's " + unknowns.size()
                        + " unknowns, particle " + p + " has "
                        + (ensemble[p] == null ? "none" : String.valueOf(ensemble[p].length)));
            }
            particles[p] = ensemble[p].clone();
        }
        if (observations.size() != model.outputSize()) {
            throw new IllegalArgumentException(
                    observations.size() + " observations for a model predicting " + model.outputSize());
        }
        StepCallback listener = callback == null ? StepCallback.NONE : callback;
        int j = ensemble.length;
        int n = unknowns.size();
        int m = model.outputSize();
        double[] history = new double[iterations + 1];
        double[][] predictions = model.applyBatch(particles);
        history[0] = meanMisfit(observations, predictions);
        double[] mean = new double[n];
        for (int it = 1; it <= iterations; it++) {
            switch (update) {
                case INVERSE_BENCH -> inverseBenchStep(particles, predictions, observations, n, m);
                case PERTURBED -> kalmanStep(particles, predictions, observations, 1.0, rng, n, m);
                case TEMPERED -> kalmanStep(particles, predictions, observations, iterations, rng, n, m);
                default -> throw new IllegalStateException();
            }
            predictions = model.applyBatch(particles);
            history[it] = meanMisfit(observations, predictions);
            ensembleMean(particles, mean);
            listener.onStep(new StepInfo(it, iterations, history[it], mean));
        }
        Timings timings = new Timings((System.nanoTime() - t0) * 1e-9, model.seconds(), model.evaluations(), 0);
        return Reconstruction.of(
                name(),
                unknowns,
                particles,
                history,
                timings,
                Map.of("iterations", (double) iterations, "ensembleSize", (double) j));
    }

    private void inverseBenchStep(double[][] particles, double[][] predictions, Observations obs, int n, int m) {
        int j = particles.length;
        DMatrixRMaj ax = anomalies(particles, n);
        DMatrixRMaj g = whitened(predictions, obs, m);
        DMatrixRMaj ag = anomalies(g);
        DMatrixRMaj innovation = g.copy();
        for (int p = 0; p < j; p++) {
            for (int k = 0; k < m; k++) {
                innovation.add(p, k, -obs.value(k) / obs.sigma(k));
            }
        }
        DMatrixRMaj e = new DMatrixRMaj(j, j);
        CommonOps_DDRM.multTransB(1.0 / j, innovation, ag, e);
        double norm = NormOps_DDRM.normF(e);
        if (norm == 0) {
            return;
        }
        DMatrixRMaj delta = new DMatrixRMaj(j, n);
        CommonOps_DDRM.mult(e, ax, delta);
        double step = stepSize / norm;
        for (int p = 0; p < j; p++) {
            for (int i = 0; i < n; i++) {
                particles[p][i] -= step * delta.unsafe_get(p, i);
            }
        }
    }

    private static void kalmanStep(
            double[][] particles,
            double[][] predictions,
            Observations obs,
            double alpha,
            RandomGenerator rng,
            int n,
            int m) {
        int j = particles.length;
        DMatrixRMaj ax = anomalies(particles, n);
        DMatrixRMaj g = whitened(predictions, obs, m);
        DMatrixRMaj ag = anomalies(g);
        // d_j = y~ + sqrt(alpha) xi_j - g_j  (J x m)
        double root = Math.sqrt(alpha);
        DMatrixRMaj d = new DMatrixRMaj(j, m);
        for (int p = 0; p < j; p++) {
            for (int k = 0; k < m; k++) {
                d.unsafe_set(p, k, obs.value(k) / obs.sigma(k) + root * rng.nextGaussian() - g.unsafe_get(p, k));
            }
        }
        DMatrixRMaj s = new DMatrixRMaj(j, j);
        CommonOps_DDRM.multTransB(ag, ag, s);
        for (int p = 0; p < j; p++) {
            s.add(p, p, alpha * (j - 1));
        }
        DMatrixRMaj w = new DMatrixRMaj(j, j);
        CommonOps_DDRM.multTransB(ag, d, w);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(j);
        if (!chol.setA(s)) {
            throw new DivergenceException("the ensemble matrix is not positive definite (are the predictions finite?)");
        }
        DMatrixRMaj z = new DMatrixRMaj(j, j);
        chol.solve(w, z);
        // Δx_j = sum_i A_x[i] z[i, j]  ->  Δ = z^T A_x  (J x n)
        DMatrixRMaj delta = new DMatrixRMaj(j, n);
        CommonOps_DDRM.multTransA(z, ax, delta);
        for (int p = 0; p < j; p++) {
            for (int i = 0; i < n; i++) {
                particles[p][i] += delta.unsafe_get(p, i);
            }
        }
    }

    private static DMatrixRMaj anomalies(double[][] rows, int width) {
        DMatrixRMaj a = new DMatrixRMaj(rows.length, width);
        for (int p = 0; p < rows.length; p++) {
            System.arraycopy(rows[p], 0, a.data, p * width, width);
        }
        return anomalies(a);
    }

    private static DMatrixRMaj anomalies(DMatrixRMaj a) {
        DMatrixRMaj out = a.copy();
        int rows = a.numRows;
        int cols = a.numCols;
        for (int c = 0; c < cols; c++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += a.unsafe_get(r, c);
            }
            mean /= rows;
            for (int r = 0; r < rows; r++) {
                out.unsafe_set(r, c, a.unsafe_get(r, c) - mean);
            }
        }
        return out;
    }

    private static DMatrixRMaj whitened(double[][] predictions, Observations obs, int m) {
        DMatrixRMaj g = new DMatrixRMaj(predictions.length, m);
        for (int p = 0; p < predictions.length; p++) {
            for (int k = 0; k < m; k++) {
                g.unsafe_set(p, k, predictions[p][k] / obs.sigma(k));
            }
        }
        return g;
    }

    private static double meanMisfit(Observations obs, double[][] predictions) {
        double s = 0;
        for (double[] p : predictions) {
            s += obs.misfit(p);
        }
        return s / predictions.length;
    }

    private static void ensembleMean(double[][] particles, double[] mean) {
        Arrays.fill(mean, 0);
        for (double[] p : particles) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += p[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= particles.length;
        }
    }
}
