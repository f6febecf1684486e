package org.pdeflow.datasets.measurements;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pdeflow.datasets.io.InputException;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;
import org.pdeflow.datasets.npy.Npz;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;

class MeasurementReaderTest {

    @TempDir
    Path dir;

    /** Domain [0, 2] x [0, 1], observable fields u and a, time-dependent up to t = 5. */
    private static final MeasurementReader TIMED =
            MeasurementReader.forDomain(2, 1, "u", "a").timeDependent(5);
    /** Steady Darcy-like problem on the unit square observing u only, sigma column optional. */
    private static final MeasurementReader STEADY =
            MeasurementReader.forGrid(Grid2D.nodes(17, 1.0), "u").withDefaultSigma(0.01);

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsAnyColumnOrderWithCommentsBlanksWhitespaceBomAndCrlf() throws IOException {
        String text = "\uFEFF# sensors of run 12\r\n"
                + "\r\n"
                + " t , field,value ,  x,sigma,y \r\n"
                + "# first sensor\r\n"
                + "0.5,u,1.25,0.25,0.1,0.75\r\n"
                + "\t0 ,a, -3e-2 ,2, 1E-3,0\r\n"
                + "   \r\n"
                + "5,u,+7,.5,2.,1";
        Measurements m = TIMED.read(file("obs.csv", text));
        assertEquals(
                List.of(
                        new Reading(0.25, 0.75, 1.25, 0.1, "u", 0.5),
                        new Reading(2, 0, -0.03, 0.001, "a", 0),
                        new Reading(0.5, 1, 7, 2, "u", 5)),
                m.readings());
        assertEquals(dir.resolve("obs.csv"), m.source());
        assertEquals(List.of("u", "a"), m.fields());
        assertEquals(2, m.forField("u").size());
        assertEquals(List.of("u", "a"), List.copyOf(m.byField().keySet()));
        assertArrayEquals(new double[] {0, 0.5, 5}, m.times());
        assertEquals(1, m.atTime(0.5).size());
        assertArrayEquals(new double[] {0.25, 2, 0.5}, m.x());
        assertArrayEquals(new double[] {0.1, 0.001, 2}, m.sigmas());
    }

    @Test
    void defaultsFillAbsentSigmaAndFieldColumns() throws IOException {
        Measurements m = STEADY.read(file("plain.csv", "x,y,value\n0,0,1\n1,1,2\n"));
        assertEquals(List.of(Reading.steady(0, 0, 1, 0.01, "u"), Reading.steady(1, 1, 2, 0.01, "u")), m.readings());
        assertFalse(m.hasTime());
        MeasurementReader twoFields = MeasurementReader.forDomain(1, 1, "u", "a")
                .withDefaultField("a")
                .withDefaultSigma(3);
        assertEquals(
                "a",
                twoFields
                        .read(file("a.csv", "x,y,value\n0.5,0.5,1\n"))
                        .readings()
                        .get(0)
                        .field());
    }

    @Test
    void boundaryPointsAndZeroTimeAreInside() throws IOException {
        Measurements m =
                TIMED.read(file("edge.csv", "x,y,value,sigma,field,t\n0,0,1,1,u,0\n2,1,1,1,u,5\n-0.0,1,1,1,u,0\n"));
        assertEquals(3, m.size());
    }

    /**
     * One malformed file per kind of error: the message must name the file, the line and the
     * column, and say what is wrong.
     */
    static Stream<Arguments> badFiles() {
        String h = "x,y,value,sigma,field,t\n";
        return Stream.of(
                Arguments.of(
                        "missing required column", "# c\nx,y,sigma,field,t\n1,1,1,u,0\n", 2, "value", "missing column"),
                Arguments.of("duplicated column", "x,y,value,x,field,t\n", 1, "x", "appears twice"),
                Arguments.of(
                        "typo in column name", "x,y,value,sigam,field,t\n1,1,1,1,u,0\n", 1, "sigam", "unknown column"),
                Arguments.of("upper-case column name", "X,y,value,sigma,field,t\n", 1, "X", "lower case"),
                Arguments.of("header forgotten", "0.5,0.5,1\n", 1, "0.5", "must be the header"),
                Arguments.of("empty column name", "x,,y,value,field,t\n", 1, "column 2", "empty column name"),
                Arguments.of("time column missing", "x,y,value,sigma,field\n", 1, "t", "time-dependent"),
                Arguments.of("too few cells", h + "1,1,1,1,u,0\n1,0.5,2,1\n", 3, "field", "missing cell"),
                Arguments.of("too many cells", h + "\n1,1,1,1,u,0,9\n", 3, "column 7", "extra cell"),
                Arguments.of("trailing comma", h + "1,1,1,1,u,0,\n", 2, "column 7", "extra cell"),
                Arguments.of("empty cell", h + "1,,1,1,u,0\n", 2, "y", "empty cell"),
                Arguments.of("non-numeric value", h + "1,1,abc,1,u,0\n", 2, "value", "not a number: 'abc'"),
                Arguments.of("decimal comma", h + "1,1,1;5,1,u,0\n", 2, "value", "not a number"),
                Arguments.of("NaN", h + "1,1,NaN,1,u,0\n", 2, "value", "NaN"),
                Arguments.of("infinity", h + "-inf,1,1,1,u,0\n", 2, "x", "infinite"),
                Arguments.of("overflowing number", h + "1,1,1e400,1,u,0\n", 2, "value", "out of range"),
                Arguments.of("Java float suffix", h + "1,1,1.5d,1,u,0\n", 2, "value", "not a number"),
                Arguments.of("x outside domain", h + "2.5,1,1,1,u,0\n", 2, "x", "outside the domain [0, 2.0]"),
                Arguments.of("y outside domain", h + "1,-0.001,1,1,u,0\n", 2, "y", "outside the domain [0, 1.0]"),
                Arguments.of("negative sigma", h + "1,1,1,-0.1,u,0\n", 2, "sigma", "negative value -0.1"),
                Arguments.of("zero sigma", h + "1,1,1,0,u,0\n", 2, "sigma", "zero noise level"),
                Arguments.of("negative time", h + "1,1,1,1,u,-1\n", 2, "t", "negative time"),
                Arguments.of("time after the end", h + "1,1,1,1,u,6\n", 2, "t", "after the final time 5.0"),
                Arguments.of(
                        "unknown field",
                        h + "1,1,1,1,v,0\n",
                        2,
                        "field",
                        "unknown field 'v' (this problem observes: u, a)"),
                Arguments.of("empty field", h + "1,1,1,1,,0\n", 2, "field", "empty cell"),
                Arguments.of(
                        "duplicated point",
                        h + "1,1,1,1,u,0\n# again\n1.0,1e0,2,1,u,0.0\n",
                        4,
                        "x",
                        "same x, y, field and t as line 2"),
                Arguments.of("control character", h + "1,1,1\r2,1,u,0\n", 2, "value", "not a number: '1\\u000d2'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void eachKindOfBadLineIsReportedWithFileLineAndColumn(
            String kind, String content, int line, String column, String problem) throws IOException {
        Path f = file("bad.csv", content);
        InputException e = assertThrows(InputException.class, () -> TIMED.read(f), kind);
        String expectedStart = f + ": line " + line + ", field '" + column + "': ";
        assertTrue(
                e.getMessage().startsWith(expectedStart),
                e.getMessage() + "  (expected to start with " + expectedStart + ")");
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        assertEquals(f, e.file());
    }

    @Test
    void fileWideErrorsNameTheFile() throws IOException {
        for (String content : new String[] {"", "\n\n", "# only a comment\n", "\uFEFF"}) {
            Path f = file("empty.csv", content);
            InputException e = assertThrows(InputException.class, () -> STEADY.read(f));
            assertTrue(e.getMessage().startsWith(f + ": no header and no readings"), e.getMessage());
        }
        Path f = file("header.csv", "# c\nx,y,value\n\n");
        InputException e = assertThrows(InputException.class, () -> STEADY.read(f));
        assertEquals(f + ": no readings after the header on line 2", e.getMessage());
        Path none = dir.resolve("missing.csv");
        assertEquals(
                none + ": no such file",
                assertThrows(InputException.class, () -> STEADY.read(none)).getMessage());
    }

    @Test
    void steadyReaderRefusesTimeAndRequiresSigmaWithoutDefault() throws IOException {
        Path f = file("t.csv", "x,y,value,t\n1,1,1,0\n");
        assertTrue(assertThrows(InputException.class, () -> STEADY.read(f))
                .getMessage()
                .startsWith(f + ": line 1, field 't': time column given, but the problem is steady"));
        MeasurementReader noDefault = MeasurementReader.forDomain(1, 1, "u");
        Path g = file("s.csv", "x,y,value\n1,1,1\n");
        assertTrue(assertThrows(InputException.class, () -> noDefault.read(g))
                .getMessage()
                .startsWith(g + ": line 1, field 'sigma': missing column"));
        MeasurementReader twoFields =
                MeasurementReader.forDomain(1, 1, "u", "a").withDefaultSigma(1);
        assertTrue(assertThrows(InputException.class, () -> twoFields.read(g))
                .getMessage()
                .startsWith(g + ": line 1, field 'field': missing column"));
    }

    /**
     * A snapshot problem (readings of one time, t = 1): a t column equal to that time reads as the same
     * steady readings as a file without it; another time is an error naming the line and the column.
     */
    @Test
    void aSnapshotReaderTakesATimeColumnAtItsObservationTimeOnly() throws IOException {
        MeasurementReader snapshot = STEADY.snapshotAt(1.0);
        Measurements plain = snapshot.read(file("plain.csv", "x,y,value\n0.25,0.5,3\n0.75,0.5,-2\n"));
        Measurements timed = snapshot.read(file("timed.csv", "x,y,value,t\n0.25,0.5,3,1\n0.75,0.5,-2,1.0e0\n"));
        List<Reading> expected =
                List.of(Reading.steady(0.25, 0.5, 3, 0.01, "u"), Reading.steady(0.75, 0.5, -2, 0.01, "u"));
        assertEquals(expected, plain.readings());
        assertEquals(expected, timed.readings());
        Path early = file("early.csv", "x,y,value,t\n0.25,0.5,3,1\n0.75,0.5,-2,0.5\n");
        String message =
                assertThrows(InputException.class, () -> snapshot.read(early)).getMessage();
        assertTrue(message.startsWith(early + ": line 3, field 't': time 0.5"), message);
        assertEquals(1, message.lines().count());
        // Two readings at one place are still duplicates when both carry the time.
        Path twice = file("twice.csv", "x,y,value,t\n0.25,0.5,3,1\n0.25,0.5,4,1\n");
        assertTrue(assertThrows(InputException.class, () -> snapshot.read(twice))
                .getMessage()
                .contains("duplicate reading"));
    }

    /** A NumPy file given as a CSV file is named as what it is, not as bad UTF-8 text. */
    @Test
    void numpyFilesAreRecognisedAsNotCsv() throws IOException {
        Path npy = dir.resolve("values.csv");
        Npy.write(npy, NdArray.of2d(2, 2, new double[] {1, 2, 3, 4}));
        String message =
                assertThrows(InputException.class, () -> STEADY.read(npy)).getMessage();
        assertTrue(message.startsWith(npy + ": is a NumPy .npy file, not CSV text"), message);
        Path npz = dir.resolve("archive.csv");
        Npz.write(npz, Map.of("values", NdArray.of2d(1, 1, new double[] {1})));
        assertTrue(assertThrows(InputException.class, () -> STEADY.read(npz))
                .getMessage()
                .startsWith(npz + ": is a ZIP archive (a NumPy .npz?), not CSV text"));
    }

    @Test
    void invalidUtf8NamesTheLine() throws IOException {
        Path f = dir.resolve("latin1.csv");
        byte[] head = "x,y,value\n0,0,1\n# caf".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(head, head.length + 2);
        bytes[head.length] = (byte) 0xE9; // 'é' in Latin-1, invalid alone in UTF-8
        bytes[head.length + 1] = '\n';
        Files.write(f, bytes);
        assertEquals(
                f + ": line 3: not valid UTF-8 text (save the file as UTF-8)",
                assertThrows(InputException.class, () -> STEADY.read(f)).getMessage());
    }

    @Test
    void readerArgumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> MeasurementReader.forDomain(0, 1, "u"));
        assertThrows(IllegalArgumentException.class, () -> MeasurementReader.forDomain(1, 1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementReader.forDomain(1, 1, "u", "u"));
        assertThrows(IllegalArgumentException.class, () -> MeasurementReader.forDomain(1, 1, "u v"));
        assertThrows(IllegalArgumentException.class, () -> STEADY.withDefaultSigma(0));
        assertThrows(IllegalArgumentException.class, () -> STEADY.withDefaultField("a"));
        assertThrows(IllegalArgumentException.class, () -> STEADY.timeDependent(-1));
    }

    /** Random finite doubles over the whole exponent range, plus the awkward ones. */
    private static double anyFinite(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0:
                return rnd.nextBoolean() ? -0.0 : Double.MIN_VALUE * rnd.nextInt(1000);
            case 1:
                return rnd.nextGaussian();
            default:
                double d;
                do {
                    d = Double.longBitsToDouble(rnd.nextLong());
                } while (!Double.isFinite(d));
                return d;
        }
    }

    @Test
    void writeThenReadIsBitExact() throws IOException {
        Random rnd = new Random(2024);
        double lx = 3.7;
        double ly = 0.1;
        for (boolean timed : new boolean[] {false, true}) {
            List<Reading> readings = new ArrayList<>();
            Set<List<Object>> points = new HashSet<>();
            for (int k = 0; k < 2000; k++) {
                // Coordinates from random bit patterns inside the domain, including -0.0 and subnormals.
                double x = Math.abs(anyFinite(rnd)) % lx;
                double y = k == 0 ? -0.0 : Math.abs(anyFinite(rnd)) % ly;
                double sigma = Math.abs(anyFinite(rnd));
                sigma = sigma == 0 ? Double.MIN_VALUE : sigma;
                double t = timed ? Math.abs(anyFinite(rnd)) % 10 : Double.NaN;
                String field = rnd.nextBoolean() ? "u" : "a_2";
                if (!points.add(List.of(x + 0.0, y + 0.0, field, t))) {
                    continue; // the reader rightly refuses a repeated point
                }
                readings.add(new Reading(x, y, anyFinite(rnd), sigma, field, t));
            }
            Measurements m = new Measurements(null, readings);
            Path f = dir.resolve("rt" + timed + ".csv");
            MeasurementWriter.write(f, m);
            MeasurementReader reader = MeasurementReader.forDomain(lx, ly, "u", "a_2");
            if (timed) {
                reader = reader.timeDependent(10);
            }
            Measurements back = reader.read(f);
            // Record equality compares doubles with Double.compare: bit-exact, -0.0 distinct from 0.0.
            assertEquals(readings, back.readings());
            String head = Files.readAllLines(f).get(0);
            assertEquals(timed ? "x,y,value,sigma,field,t" : "x,y,value,sigma,field", head);
        }
    }

    @Test
    void writerRefusesNothingToWrite() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MeasurementWriter.write(dir.resolve("e.csv"), new Measurements(null, List.of())));
    }

    @Test
    void readingAndMeasurementsValidateInvariants() {
        assertThrows(IllegalArgumentException.class, () -> Reading.steady(0, 0, Double.NaN, 1, "u"));
        assertThrows(IllegalArgumentException.class, () -> Reading.steady(0, 0, 1, 0, "u"));
        assertThrows(IllegalArgumentException.class, () -> Reading.steady(0, 0, 1, 1, "u,v"));
        assertThrows(IllegalArgumentException.class, () -> new Reading(0, 0, 1, 1, "u", -1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Measurements(
                        null, List.of(Reading.steady(0, 0, 1, 1, "u"), new Reading(0, 0, 1, 1, "u", 1))));
    }

    @Test
    void gridLayoutDoesNotChangeTheDomain() throws IOException {
        Path f = file("corner.csv", "x,y,value\n1,1,0\n");
        for (Layout layout : Layout.values()) {
            Grid2D g = new Grid2D(4, 4, 1, 1, layout);
            assertEquals(
                    1,
                    MeasurementReader.forGrid(g, "u")
                            .withDefaultSigma(1)
                            .read(f)
                            .size(),
                    layout.name());
        }
    }

    @Test
    void exampleInTheFormatDocumentReads() throws IOException {
        // The module's tests run in datasets/; the format document lives at the repository root.
        String doc = Files.readString(Path.of("..", "docs", "measurement-files.md"));
        int start = doc.indexOf("```\n", doc.indexOf("## CSV measurement file")) + 4;
        String example = doc.substring(start, doc.indexOf("```", start));
        Measurements m = MeasurementReader.forDomain(1, 1, "u").read(file("doc.csv", example));
        assertEquals(
                List.of(
                        Reading.steady(0.25, 0.5, 0.0132, 0.001, "u"),
                        Reading.steady(0.75, 0.5, 0.0140, 0.001, "u"),
                        Reading.steady(0.5, 0.125, 0.01, 0.002, "u")),
                m.readings());
    }
}
