package org.pdeflow.inverse.forward;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;

/**
 * A tiny external forward model for {@link ExternalForwardModelTest}, launched as its own process
 * with the test JVM's {@code java}: {@code ExternalProgramFixture MODE INPUT OUTPUT [PIDFILE]}.
 * In mode {@code ok} it writes {@code 2 u[::2, ::2]} flattened; the other modes misbehave on purpose.
 */
public final class ExternalProgramFixture {

    private ExternalProgramFixture() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path input = Path.of(args[1]);
        Path output = Path.of(args[2]);
        NdArray u = Npy.read(input);
        int nx = u.dim(0);
        int ny = u.dim(1);
        int rows = (nx + 1) / 2;
        int cols = (ny + 1) / 2;
        double[] y = new double[rows * cols];
        int k = 0;
        for (int i = 0; i < nx; i += 2) {
            for (int j = 0; j < ny; j += 2) {
                y[k++] = 2 * u.data()[i * ny + j];
            }
        }
        switch (mode) {
            case "ok" -> Npy.write(output, new NdArray(new int[] {y.length}, y));
            case "fail" -> {
                System.err.println("reading mesh...");
                System.err.println("boom: solver diverged at step 17");
                System.exit(3);
            }
            case "sleep" -> {
                Files.writeString(
                        Path.of(args[3]), Long.toString(ProcessHandle.current().pid()));
                Thread.sleep(60_000);
            }
            case "nooutput" -> System.out.println("done, but forgot to write");
            case "shape" -> Npy.write(output, new NdArray(new int[] {rows, cols}, y));
            case "nan" -> {
                y[1] = Double.NaN;
                Npy.write(output, new NdArray(new int[] {y.length}, y));
            }
            case "garbage" -> Files.writeString(output, "not an npy file");
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
