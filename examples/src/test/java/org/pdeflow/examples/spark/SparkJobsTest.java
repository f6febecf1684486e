package org.pdeflow.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark adapter in {@code local[2]}: order, borrowing the kept context, and one-line failures. The bad master runs
 * first, while no context is open (Spark allows one per JVM).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkJobsTest {

    private static SparkJobs kept;

    @TempDir
    Path dir;

    @BeforeEach
    void startSpark(TestInfo test) {
        if (kept == null && !test.getDisplayName().startsWith("aBadMaster")) {
            kept = SparkJobs.keepOpen("local[2]");
        }
    }

    @AfterAll
    static void stopSpark() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }

    @Test
    void resultsComeBackInInputOrderAndProgressCountsEveryTask() {
        List<Integer> units = IntStream.range(0, 9).boxed().toList();
        int[] last = new int[1];
        List<Integer> squares;
        try (SparkJobs jobs = SparkJobs.connect("local[2]", "test")) {
            assertEquals(2, jobs.parallelism());
            squares = jobs.map("squares", units, i -> i * i, n -> last[0] = Math.max(last[0], n));
        }
        assertEquals(units.stream().map(i -> i * i).toList(), squares);
        assertEquals(9, last[0]);
        // Closing the borrowed connection left the kept context running.
        assertEquals(List.of(4), kept.map("again", List.of(2), i -> i * i, null));
    }

    @Test
    void aPathAnExecutorCannotReadFailsTheJobInOneLine() {
        Path missing = dir.resolve("gone").resolve("readings.csv");
        SparkFailure e = assertThrows(
                SparkFailure.class,
                () -> kept.map("read", List.of(missing.toString()), p -> Files.readString(Path.of(p)), null));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("read failed on Spark (local[2]): "), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    @Order(1)
    void aBadMasterIsAUsageErrorInOneLine() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SparkJobs.connect("nonsense://x", "test"));
        assertEquals("--spark nonsense://x: Could not parse Master URL: 'nonsense://x'", e.getMessage());
    }

    @Test
    @Order(2)
    void anotherMasterWhileOneIsOpenIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SparkJobs.connect("local[1]", "test"));
        assertEquals(
                "--spark local[1]: this program already runs Spark on local[2] (one Spark context per JVM)",
                e.getMessage());
    }
}
