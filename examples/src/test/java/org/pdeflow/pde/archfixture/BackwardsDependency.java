package org.pdeflow.pde.archfixture;

import org.pdeflow.examples.cli.Pdeflow;

/**
 * Test fixture only: a class in a {@code pde} package that reaches "up" into {@code examples}.
 * {@code ModuleLayeringTest} imports it on purpose to prove the layering rule catches it.
 */
public final class BackwardsDependency {

    private BackwardsDependency() {
    }

    /** Uses a class from a higher module. */
    public static int reachUp() {
        return Pdeflow.USAGE;
    }
}
