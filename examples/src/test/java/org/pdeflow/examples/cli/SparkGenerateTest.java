package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.generate.DatasetGenerator;
import org.pdeflow.examples.spark.SparkJobs;

/**
 * {@code generate --spark local[2]}: the shards as Spark tasks give the local run's file byte for byte, a killed run
 * resumes on Spark, and a bad master fails in one line without writing anything.
 */
class SparkGenerateTest {

    private static final String MASTER = "local[2]";
    private static SparkJobs spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = SparkJobs.keepOpen(MASTER);
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "generate", "darcy", "--samples", "9", "--resolution", "12", "--seed", "7", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private Path local() throws IOException {
        Path out = dir.resolve("local.h5");
        CliRun run = CliRun.of(args(out, "--threads", "1"));
        assertEquals(0, run.exitCode(), run.err());
        return out;
    }

    @Test
    void sparkShardsGiveTheLocalFileByteForByte() throws IOException {
        Path expected = local();
        Path out = dir.resolve("spark.h5");
        CliRun run = CliRun.of(args(out, "--spark", MASTER));
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
        assertFalse(Files.exists(DatasetGenerator.partialFolder(out)), "the partial folder is removed");
    }

    @Test
    void aKilledSparkRunResumes() throws IOException {
        Path expected = local();
        Path out = dir.resolve("resumed.h5");
        String[] argv = args(out, "--spark", MASTER);
        // The job is killed after its first shard: the generator's runner writes one shard, then dies.
        DatasetGenerator generator =
                CommandReplay.parse(argv, GenerateCommand.class).generator();
        IllegalStateException killed = assertThrows(
                IllegalStateException.class,
                () -> generator.generate(out, new DatasetGenerator.Options(2, false, false), null, (p, k, shards) -> {
                    generator.writeShard(p, shards[0], k, generator.problem().newSolver());
                    throw new IllegalStateException("killed");
                }));
        assertEquals("killed", killed.getMessage());
        assertFalse(Files.exists(out));
        Path partial = DatasetGenerator.partialFolder(out);
        try (Stream<Path> s = Files.list(partial)) {
            assertEquals(
                    1,
                    s.filter(p -> p.getFileName().toString().endsWith("-a.npy")).count());
        }
        CliRun refused = CliRun.of(argv);
        assertEquals(Pdeflow.USAGE, refused.exitCode(), "an interrupted run is not overwritten without --resume");

        CliRun run = CliRun.of(args(out, "--spark", MASTER, "--resume"));
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aBadMasterFailsInOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("bad.h5");
        CliRun run = CliRun.of(args(out, "--spark", "nonsense://x"));
        assertEquals(Pdeflow.USAGE, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("pdeflow: error: --spark nonsense://x"), lines[0]);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no file, no partial folder");
        }
    }
}
