package org.pdeflow.pde.archfixture;

import org.pdeflow.examples.cli.Pdeflow;

/**
 * Test fixture only: a class in a {@code pde} package that reaches "up" into {@code examples}.
 * {@code ModuleLayeringTest} imports it on purpose to prove the layering rule catches it.
 */
public final class BackwardsDependency {

    private BackwardsDependency() {}

    /** Calls into a higher module (a method call, so the compiler cannot inline it away). */
    public static int reachUp(String... args) {
        return Pdeflow.execute(args);
    }
}
