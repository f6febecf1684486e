package org.pdeflow.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The result of one in-process run of the {@code pdeflow} program. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Pdeflow.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
