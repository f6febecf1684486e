package org.pdeflow.inverse.optim;

/** A smooth function f: R^n -> R with its gradient, evaluated together (one adjoint solve gives both). */
@FunctionalInterface
public interface Objective {

    /**
     * Evaluates f and its gradient.
     *
     * @param x the point, length n (not modified)
     * @param gradient receives df/dx, length n
     * @return f(x); +infinity or NaN mark points outside the domain (the line search backs off)
     */
    double evaluate(double[] x, double[] gradient);
}
