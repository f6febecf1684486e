package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.generate.DatasetGenerator;
import org.pdeflow.examples.spark.SparkJobs;

/**
 * {@code generate --spark local[2]}: the shards as Spark tasks give the local run's file byte for byte, a killed run
 * resumes on Spark, and a bad master fails in one line without writing anything (first, while no Spark context is
 * open: Spark allows one per JVM).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkGenerateTest {

    private static final String MASTER = "local[2]";
    private static SparkJobs spark;

    @TempDir
    Path dir;

    @BeforeEach
    void startSpark(TestInfo test) {
        if (spark == null && !test.getDisplayName().startsWith("aBadMaster")) {
            spark = SparkJobs.keepOpen(MASTER);
        }
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.close();
            spark = null;
        }
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
    @Order(1)
    void aBadMasterFailsInOneLineAndWritesNothing() throws IOException {
        Path out = dir.resolve("bad.h5");
        CliRun run = CliRun.of(args(out, "--spark", "nonsense://x"));
        assertEquals(Pdeflow.USAGE, run.exitCode(), run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, run.err());
        assertEquals("pdeflow: error: --spark nonsense://x: Could not parse Master URL: 'nonsense://x'", lines[0]);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no file, no partial folder");
        }
        CliRun both = CliRun.of(args(out, "--spark", MASTER, "--threads", "2"));
        assertEquals(Pdeflow.USAGE, both.exitCode(), "--threads is for the local path");
    }
}
