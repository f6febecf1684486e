package org.pdeflow.inverse.classical;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.pdeflow.inverse.prior.GaussianPrior;

/** {@code 1/2 v^T C^{-1} v} for a Gaussian prior's dense covariance C. */
final class PrecisionRegulariser implements Regulariser {

    private final GaussianPrior prior;
    private final DMatrixRMaj precision;

    PrecisionRegulariser(GaussianPrior prior) {
        if (prior == null) {
            throw new IllegalArgumentException("prior is required");
        }
        if (prior.field().removesMean()) {
            throw new IllegalArgumentException(
                    "the prior removes the mean mode (or another mode has variance 0), so its covariance is "
                            + "singular and has no precision; use a prior that keeps every mode");
        }
        DMatrixRMaj c = prior.covariance();
        int n = c.numRows;
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(n);
        if (!chol.setA(c)) {
            throw new IllegalArgumentException("prior covariance is not positive definite");
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        chol.invert(inv);
        this.prior = prior;
        this.precision = inv;
    }

    @Override
    public double value(double[] v) {
        prior.unknowns().requireLength(v, "regularised vector");
        int n = v.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += precision.unsafe_get(i, j) * v[j];
            }
            s += v[i] * row;
        }
        return 0.5 * s;
    }

    @Override
    public void addGradient(double[] v, double scale, double[] gradient) {
        prior.unknowns().requireLength(v, "regularised vector");
        int n = v.length;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += precision.unsafe_get(i, j) * v[j];
            }
            gradient[i] += scale * row;
        }
    }

    @Override
    public String description() {
        return "1/2 v^T C^-1 v (" + prior + ")";
    }
}
