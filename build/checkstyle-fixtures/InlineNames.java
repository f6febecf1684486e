package checkstylefixture;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Fixture of build/checkstyle-selftest.sh for the rule inlineFullyQualifiedName of build/checkstyle.xml: every line
 * marked VIOLATION at its end must be reported, no other line may be. Not compiled; Javadoc such as java.util.List,
 * {@link java.util.Map} or org.pdeflow.pde.grid.Grid2D is fine.
 */
class InlineNames {
    // a comment with java.util.List<String> is fine
    /* a block comment with java.util.Set */ int a1;
    String s1 = "java.util.List is text";
    String s2 = "an escaped quote \" then java.util.List";
    String s3 = "a" + 'x' + "java.lang.String";
    char c1 = '"';
    String s4 = "java.util.List" + c1;
    String s5 = "x", s6 = "y";
    int nojava = 1;
    int x2 = this.nojava;
    List<String> l1 = requireNonNull(List.of());
    String s7 = "org.pdeflow.Foo" + List.of().size();
    Object o1 = new Object() { int org = 1; }.org;
    java.util.List<String> v1; // VIOLATION
    Object v2 = new java.util.ArrayList<>(); // VIOLATION
    Object v3 = java.util.Locale.ROOT; // VIOLATION
    @java.lang.Deprecated int v4; // VIOLATION
    String v5 = "abc" + java.io.File.separator; // VIOLATION
    char v6 = '\''; Object v7 = java.util.Map.of(); // VIOLATION
    Object v8 = picocli.CommandLine.class; // VIOLATION
    Object v9 = ai.djl.ndarray.types.DataType.FLOAT64; // VIOLATION
    Object v10 = (java.util.function.Supplier<String>) () -> "x"; // VIOLATION
    String v11 = "\\"; Object v12 = javax.swing.JLabel.class; // VIOLATION
    Object v13 = org.pdeflow.pde.grid.Grid2D.class; // also java.util.List here // VIOLATION
    void m(java.nio.file.Path p) throws java.io.IOException { } // VIOLATION
    String t1 = """
        a text block is not recognised as a string: java.util.List here is reported // VIOLATION
        """;
}
