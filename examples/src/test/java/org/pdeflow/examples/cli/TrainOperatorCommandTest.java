package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.operators.checkpoint.ModelCard;
import org.pdeflow.operators.data.DarcyPairs;
import org.pdeflow.operators.data.FieldPairs;
import org.pdeflow.operators.training.OperatorTrainer;
import org.pdeflow.pde.progress.ProgressListener;

/** {@code pdeflow train-operator} end to end on a tiny Darcy .npz: train, resume, usage errors. */
class TrainOperatorCommandTest {

    @TempDir
    Path dir;

    private Path darcyNpz(int n, int s) throws Exception {
        FieldPairs pairs = DarcyPairs.generate(n, s, 5L, ProgressListener.NONE);
        double[] a = new double[n * s * s];
        double[] u = new double[n * s * s];
        try (NDManager m = NDManager.newBaseManager()) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            var batch = pairs.batch(m, all);
            float[] af = batch.get(0).toFloatArray();
            float[] uf = batch.get(1).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                a[i] = af[i];
                u[i] = uf[i];
            }
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("a", new NdArray(new int[] {n, s, s}, a));
        arrays.put("u", new NdArray(new int[] {n, s, s}, u));
        Path file = dir.resolve("darcy.npz");
        Npz.write(file, arrays);
        return file;
    }

    @Test
    void trainsResumesAndRefusesToOverwrite() throws Exception {
        Path data = darcyNpz(12, 16);
        Path out = dir.resolve("models/fno");
        CliRun run = CliRun.of(
                "train-operator",
                "darcy",
                "--dataset",
                data.toString(),
                "--epochs",
                "2",
                "--batch",
                "4",
                "--width",
                "4",
                "--modes",
                "3",
                "--layers",
                "2",
                "--train",
                "8",
                "--test",
                "4",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        ModelCard card = Checkpoints.readCard(out);
        assertEquals(2.0, card.metrics().get("epochs"));
        assertEquals(4.0, card.metrics().get("test_samples"));
        assertTrue(card.commandLine().startsWith("pdeflow train-operator darcy --dataset"), card.commandLine());
        assertTrue(card.metrics().get("test_rel_l2") > 0 && card.metrics().get("test_rel_l2") < 10);

        CliRun again = CliRun.of(
                "train-operator",
                "darcy",
                "--dataset",
                data.toString(),
                "--out",
                out.toString(),
                "--train",
                "8",
                "--test",
                "4");
        assertEquals(Pdeflow.USAGE, again.exitCode());
        assertTrue(again.err().contains("already exists"), again.err());

        CliRun resumed = CliRun.of(
                "train-operator",
                "darcy",
                "--dataset",
                data.toString(),
                "--epochs",
                "3",
                "--batch",
                "4",
                "--train",
                "8",
                "--test",
                "4",
                "--out",
                out.toString(),
                "--resume");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(3, OperatorTrainer.readState(out).epochsDone());
        assertEquals(6, OperatorTrainer.readState(out).steps());
    }

    @Test
    void userMistakesAreOneLineUsageErrors() throws Exception {
        Path data = darcyNpz(6, 16);
        Path out = dir.resolve("m");
        CliRun tooMany = CliRun.of(
                "train-operator",
                "darcy",
                "--dataset",
                data.toString(),
                "--train",
                "5",
                "--test",
                "4",
                "--out",
                out.toString());
        assertEquals(Pdeflow.USAGE, tooMany.exitCode());
        assertTrue(tooMany.err().contains("holds 6"), tooMany.err());
        CliRun modes = CliRun.of(
                "train-operator", "darcy", "--dataset", data.toString(), "--modes", "9", "--out", out.toString());
        assertEquals(Pdeflow.USAGE, modes.exitCode());
        assertTrue(modes.err().contains("--modes 9"), modes.err());
        CliRun missing = CliRun.of(
                "train-operator", "darcy", "--dataset", dir.resolve("none.h5").toString(), "--out", out.toString());
        assertEquals(Pdeflow.USAGE, missing.exitCode());
        CliRun noResume =
                CliRun.of("train-operator", "darcy", "--dataset", data.toString(), "--out", out.toString(), "--resume");
        assertEquals(Pdeflow.USAGE, noResume.exitCode());
        assertFalse(Files.exists(out));
    }
}
