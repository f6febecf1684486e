package org.pdeflow.examples.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.pdeflow.examples.cli.Pdeflow;
import org.pdeflow.pde.archfixture.BackwardsDependency;

/**
 * Dependencies between the modules point one way: pde &lt;- datasets &lt;- operators &lt;- solvers
 * &lt;- inverse &lt;- examples; {@code pde} never touches DJL; Apache Spark is used in
 * {@code org.pdeflow.examples.spark} only (and is a dependency of the examples module alone).
 */
class ModuleLayeringTest {

    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("pde")
            .definedBy("org.pdeflow.pde..")
            .layer("datasets")
            .definedBy("org.pdeflow.datasets..")
            .layer("operators")
            .definedBy("org.pdeflow.operators..")
            .layer("solvers")
            .definedBy("org.pdeflow.solvers..")
            .layer("inverse")
            .definedBy("org.pdeflow.inverse..")
            .layer("examples")
            .definedBy("org.pdeflow.examples..")
            .whereLayer("examples")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("inverse")
            .mayOnlyBeAccessedByLayers("examples")
            .whereLayer("solvers")
            .mayOnlyBeAccessedByLayers("inverse", "examples")
            .whereLayer("operators")
            .mayOnlyBeAccessedByLayers("solvers", "inverse", "examples")
            .whereLayer("datasets")
            .mayOnlyBeAccessedByLayers("operators", "solvers", "inverse", "examples");

    static final ArchRule PDE_WITHOUT_DJL = noClasses()
            .that()
            .resideInAPackage("org.pdeflow.pde..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("ai.djl..");

    /** Spark stays in its adapter: the modules below examples never see it, nor does the rest of examples. */
    static final ArchRule SPARK_ONLY_IN_ITS_ADAPTER = noClasses()
            .that()
            .resideOutsideOfPackage("org.pdeflow.examples.spark..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.spark..", "scala..");

    private static JavaClasses production() {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.pdeflow");
    }

    @Test
    void modulesDependOneWay() {
        JavaClasses classes = production();
        assertTrue(classes.size() > 10, "the import must see the project's classes, saw " + classes.size());
        LAYERS.check(classes);
    }

    @Test
    void pdeNeverTouchesDjl() {
        PDE_WITHOUT_DJL.check(production());
    }

    @Test
    void sparkIsUsedOnlyInItsAdapterPackage() {
        SPARK_ONLY_IN_ITS_ADAPTER.check(production());
        JavaClasses adapter = new ClassFileImporter().importPackages("org.pdeflow.examples.spark");
        assertTrue(
                noClasses()
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage("org.apache.spark..")
                        .evaluate(adapter)
                        .hasViolation(),
                "the rule must see the adapter's own use of Spark");
    }

    @Test
    void ruleCatchesABackwardsDependency() {
        JavaClasses withFixture = new ClassFileImporter().importClasses(BackwardsDependency.class, Pdeflow.class);
        EvaluationResult result = LAYERS.evaluate(withFixture);
        assertTrue(result.hasViolation(), "a pde class using examples must violate the layering");
        assertFalse(LAYERS.evaluate(new ClassFileImporter().importClasses(Pdeflow.class))
                .hasViolation());
    }
}
