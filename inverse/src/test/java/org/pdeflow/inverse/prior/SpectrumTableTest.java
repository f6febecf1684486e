package org.pdeflow.inverse.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.pde.grf.GrfSpec;
import org.pdeflow.pde.grf.PeriodicGaussianField;
import org.pdeflow.pde.grid.Grid2D;

class SpectrumTableTest {

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWrittenTableReadsBackAsTheSameFieldBitForBit(@TempDir Path dir) throws Exception {
        Grid2D g = Grid2D.periodic(8, 2 * Math.PI);
        PeriodicGaussianField source = new PeriodicGaussianField(g, new GrfSpec(2.5, 3.0, 7.0, true));
        List<double[]> draws = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 50; i++) {
            draws.add(source.sample(rng));
        }
        PeriodicGaussianField estimated = PeriodicGaussianField.estimate(g, draws);
        Path file = dir.resolve("spectrum.csv");
        SpectrumTable.write(file, estimated, List.of("a test table", "second line"));
        PeriodicGaussianField back;
        try (InputStream in = Files.newInputStream(file)) {
            back = SpectrumTable.read(in, file.toString(), g);
        }
        for (int k1 = 0; k1 <= 4; k1++) {
            for (int k2 = 0; k2 <= 4; k2++) {
                assertEquals(estimated.modeVariance(k1, k2), back.modeVariance(k1, k2), 0.0);
            }
        }
        assertTrue(back.removesMean());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "only the table is left, no temporary file");
        }
    }

    @Test
    void badTablesAreRefusedNamingTheLineAndField() {
        Grid2D g = Grid2D.periodic(2, 1.0);
        String good = "# comment\nk1,k2,variance\n0,0,0\n0,1,1.5\n1,0,2\n1,1,0.25\n";
        PeriodicGaussianField f = SpectrumTable.read(text(good), "t.csv", g);
        assertEquals(1.5, f.modeVariance(0, 1));
        assertTrue(f.isTabulated());
        assertTrue(f.removesMean());
        assertMessage("t.csv, line 1, header", "k1,k2,var\n0,0,1\n", g);
        assertMessage("t.csv, line 4, variance: not a number: 'x'", "k1,k2,variance\n0,0,0\n0,1,1\n1,0,x\n1,1,1\n", g);
        assertMessage("t.csv, line 3, variance: must be finite and >= 0", "k1,k2,variance\n0,0,1\n0,1,-1\n", g);
        assertMessage("t.csv, line 3, k1,k2: expected (0, 1), got (1, 0)", "k1,k2,variance\n0,0,1\n1,0,1\n", g);
        assertMessage("t.csv, line 2, row: expected 3", "k1,k2,variance\n0,0\n", g);
        assertMessage("t.csv: 2 rows, a 2 x 2 grid needs 4", "k1,k2,variance\n0,0,1\n0,1,1\n", g);
        assertMessage("t.csv, line 6, row: more rows", good.substring(10) + "1,1,3\n", g);
    }

    private static void assertMessage(String expected, String table, Grid2D g) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> SpectrumTable.read(text(table), "t.csv", g));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
