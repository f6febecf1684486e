package org.pdeflow.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.pdeflow.datasets.npy.DType;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import picocli.CommandLine.Option;

/** The {@code --out} and {@code --float32} options every simulate command shares. */
final class OutputOption {

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.npy",
            description = "Result as a NumPy .npy file (C order).")
    Path out;

    @Option(names = "--float32", description = "Write float32 instead of float64.")
    boolean float32;

    /** Fails before any work starts when the output cannot be written or is not named *.npy. */
    void check() {
        FieldFiles.checkWritable(out, "--out");
        FieldFiles.requireExtension(out, "--out", ".npy");
    }

    /** Writes the result atomically. */
    void write(NdArray result) throws IOException {
        Npy.write(out, result, float32 ? DType.FLOAT32 : DType.FLOAT64);
    }
}
