package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.examples.priors.PriorFiles;
import org.pdeflow.operators.checkpoint.Checkpoints;
import org.pdeflow.solvers.prior.PriorTrainer;

/**
 * Data of the wrong kind is refused in one line naming both files: a Navier-Stokes data set given
 * to a Darcy operator, a reference or a resumed run's data unlike a prior's training data (the data
 * set's preset and domain attributes against the model card, and the channel scales against its
 * normaliser).
 */
class DataKindTest {

    @TempDir
    static Path dir;

    static Path darcy;
    static Path ns;
    static Path poisson;

    @BeforeAll
    static void generate() {
        darcy = dir.resolve("darcy16.h5");
        ns = dir.resolve("ns16.h5");
        poisson = dir.resolve("poisson16.h5");
        for (String[] g : new String[][] {
            {"darcy", darcy.toString(), "24"}, {"ns", ns.toString(), "3"}, {"poisson", poisson.toString(), "6"}
        }) {
            CliRun run = CliRun.of(
                    "generate",
                    g[0],
                    "--samples",
                    g[2],
                    "--resolution",
                    "16",
                    "--seed",
                    "3",
                    "--threads",
                    "1",
                    "--out",
                    g[1]);
            assertEquals(0, run.exitCode(), run.err());
        }
    }

    private static String refused(CliRun run) {
        assertEquals(Pdeflow.USAGE, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, run.err());
        assertFalse(lines[0].contains("Exception"), lines[0]);
        return lines[0];
    }

    @Test
    void anOperatorTrainsOnlyOnItsOwnProblemsData() {
        Path out = dir.resolve("op");
        String line = refused(CliRun.of(
                "train-operator", "darcy", "--dataset", ns.toString(), "--epochs", "1", "--out", out.toString()));
        assertTrue(line.contains(ns.toString()) && line.contains("'ns'") && line.contains("not darcy"), line);
        line = refused(CliRun.of(
                "train-operator", "ns", "--dataset", darcy.toString(), "--epochs", "1", "--out", out.toString()));
        assertTrue(line.contains(darcy.toString()) && line.contains("'darcy'"), line);
        assertFalse(Files.exists(out));
    }

    @Test
    void aPriorIsComparedWithAndResumedOnlyOnItsOwnKindOfData() throws Exception {
        Path prior = dir.resolve("prior");
        CliRun train = CliRun.of(
                "train-prior",
                "--dataset",
                darcy.toString(),
                "--fields",
                "a,u",
                "--arch",
                "uno",
                "--width",
                "4",
                "--mults",
                "1,2",
                "--modes",
                "4",
                "--projection",
                "8",
                "--embedding",
                "8",
                "--steps",
                "10",
                "--batch",
                "8",
                "--checkpoint-every",
                "10",
                "--threads",
                "1",
                "--out",
                prior.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertEquals("darcy", Checkpoints.readCard(prior).properties().get(DataMatch.DATASET_PRESET));

        Path report = dir.resolve("r.json");
        for (Path other : List.of(ns, poisson)) {
            String line = refused(CliRun.of(
                    "evaluate-prior",
                    "--model",
                    prior.toString(),
                    "--reference",
                    other.toString(),
                    "--n",
                    "2",
                    "--steps",
                    "2",
                    "--threads",
                    "1",
                    "--out",
                    report.toString()));
            assertTrue(line.contains("--reference " + other) && line.contains(prior.toString()), line);
            assertFalse(Files.exists(report));

            line = refused(CliRun.of(
                    "train-prior",
                    "--dataset",
                    other.toString(),
                    "--fields",
                    "a,u",
                    "--resume",
                    "--steps",
                    "20",
                    "--threads",
                    "1",
                    "--out",
                    prior.toString()));
            assertTrue(line.contains("--dataset " + other) && line.contains(prior.toString()), line);
            assertEquals(10, PriorTrainer.readState(prior).steps(), "the saved run is untouched");
        }

        // An .npz has no attributes: the channel scales give it away (u a thousand times too large).
        var fields = PriorFiles.read(darcy, List.of("a", "u"), 0, null);
        int n = fields.count();
        int p = 16 * 16;
        double[] a = new double[n * p];
        double[] u = new double[n * p];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < p; i++) {
                a[k * p + i] = fields.values()[(2 * k) * p + i];
                u[k * p + i] = 1000 * fields.values()[(2 * k + 1) * p + i];
            }
        }
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("a", new NdArray(new int[] {n, 16, 16}, a));
        arrays.put("u", new NdArray(new int[] {n, 16, 16}, u));
        Path npz = dir.resolve("scaled.npz");
        Npz.write(npz, arrays);
        String line = refused(CliRun.of(
                "train-prior",
                "--dataset",
                npz.toString(),
                "--fields",
                "a,u",
                "--resume",
                "--steps",
                "20",
                "--threads",
                "1",
                "--out",
                prior.toString()));
        assertTrue(
                line.contains("--dataset " + npz) && line.contains(prior.toString()) && line.contains("channel u"),
                line);
        assertEquals(10, PriorTrainer.readState(prior).steps());

        // The data it was trained on resumes fine.
        CliRun resumed = CliRun.of(
                "train-prior",
                "--dataset",
                darcy.toString(),
                "--fields",
                "a,u",
                "--resume",
                "--steps",
                "20",
                "--threads",
                "1",
                "--out",
                prior.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(20, PriorTrainer.readState(prior).steps());

        // A reference on another grid: the message names the reference file.
        Path darcy24 = dir.resolve("darcy24.h5");
        assertEquals(
                0,
                CliRun.of(
                                "generate",
                                "darcy",
                                "--samples",
                                "2",
                                "--resolution",
                                "24",
                                "--threads",
                                "1",
                                "--out",
                                darcy24.toString())
                        .exitCode());
        line = refused(CliRun.of(
                "evaluate-prior",
                "--model",
                prior.toString(),
                "--reference",
                darcy24.toString(),
                "--n",
                "2",
                "--steps",
                "2",
                "--threads",
                "1",
                "--out",
                report.toString()));
        assertTrue(
                line.contains("--reference " + darcy24) && line.contains("24 x 24") && line.contains("16 x 16"), line);
        assertFalse(Files.exists(report));
    }

    @Test
    void theShippedDarcyPriorRefusesANavierStokesReference() {
        Path shipped = Path.of("..", "models", "darcy64-edm-uno");
        Assumptions.assumeTrue(Files.isDirectory(shipped), "shipped prior present");
        Path ns64 = dir.resolve("ns64.h5");
        assertEquals(
                0,
                CliRun.of(
                                "generate",
                                "ns",
                                "--samples",
                                "1",
                                "--resolution",
                                "64",
                                "--threads",
                                "1",
                                "--out",
                                ns64.toString())
                        .exitCode());
        List<String> args = new ArrayList<>(List.of(
                "evaluate-prior",
                "--model",
                shipped.toString(),
                "--reference",
                ns64.toString(),
                "--n",
                "2",
                "--steps",
                "2",
                "--threads",
                "1",
                "--out",
                dir.resolve("shipped.json").toString()));
        String line = refused(CliRun.of(args.toArray(String[]::new)));
        assertTrue(line.contains("--reference " + ns64) && line.contains(shipped.toString()), line);
    }
}
