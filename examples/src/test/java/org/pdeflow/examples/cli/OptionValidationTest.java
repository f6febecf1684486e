package org.pdeflow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.datasets.npy.NdArray;
import org.pdeflow.datasets.npy.Npy;

/**
 * Bad output options (figure size and format, gallery rows, a data file given as a model folder)
 * are refused before any work: exit 2, one line naming the option or file, and no file written.
 */
class OptionValidationTest {

    @TempDir
    Path dir;

    private Path coefficient() throws IOException {
        double[] a = new double[9 * 9];
        Arrays.fill(a, 1.0);
        Path p = dir.resolve("in/a.npy");
        Npy.write(p, NdArray.of2d(9, 9, a));
        return p;
    }

    private Path vorticity() throws IOException {
        Path p = dir.resolve("in/w0.npy");
        Npy.write(p, NdArray.of2d(8, 8, new double[64]));
        return p;
    }

    private Path velocity() throws IOException {
        double[] c = new double[9 * 9];
        Arrays.fill(c, 2000);
        Path p = dir.resolve("in/c.npy");
        Npy.write(p, NdArray.of2d(9, 9, c));
        return p;
    }

    /** Runs, expects a one-line usage error containing {@code expected}, and that nothing was written to out/. */
    private void refused(String expected, String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(Pdeflow.USAGE, run.exitCode(), String.join(" ", args) + ": " + run.err());
        String[] lines = run.err().strip().split("\\R");
        assertEquals(1, lines.length, "one line: " + run.err());
        assertTrue(lines[0].contains(expected), lines[0]);
        assertFalse(lines[0].contains("Exception"), lines[0]);
        Path out = dir.resolve("out");
        if (Files.exists(out)) {
            try (Stream<Path> s = Files.list(out)) {
                assertEquals(List.of(), s.toList(), "nothing written for " + String.join(" ", args));
            }
        }
    }

    @Test
    void plotSizeIsCheckedBeforeTheResultIsWritten() throws IOException {
        String a = coefficient().toString();
        String w = vorticity().toString();
        String c = velocity().toString();
        String out = dir.resolve("out/r.npy").toString();
        String png = dir.resolve("out/r.png").toString();
        for (String size : List.of("0", "-5", "99", "2001", "100000")) {
            refused(
                    "--plot-size",
                    "simulate",
                    "darcy",
                    "--coefficient",
                    a,
                    "--out",
                    out,
                    "--plot",
                    png,
                    "--plot-size",
                    size);
            refused(
                    "--plot-size",
                    "simulate",
                    "ns",
                    "--initial",
                    w,
                    "--time",
                    "0.01",
                    "--out",
                    out,
                    "--plot",
                    png,
                    "--plot-size",
                    size);
            refused(
                    "--plot-size",
                    "simulate",
                    "wave",
                    "--velocity",
                    c,
                    "--sources",
                    "40,40",
                    "--receivers",
                    "20,20",
                    "--time",
                    "0.01",
                    "--out",
                    out,
                    "--plot",
                    png,
                    "--plot-size",
                    size);
        }
    }

    @Test
    void figuresAreWrittenInTheFormatTheirNameSays() throws IOException {
        String a = coefficient().toString();
        String out = dir.resolve("out/u.npy").toString();
        for (String bad : List.of("u.jpg", "u.pdf", "u")) {
            refused(
                    "--plot " + dir.resolve("out/" + bad),
                    "simulate",
                    "darcy",
                    "--coefficient",
                    a,
                    "--out",
                    out,
                    "--plot",
                    dir.resolve("out/" + bad).toString());
        }
        refused(
                "--out",
                "simulate",
                "darcy",
                "--coefficient",
                a,
                "--out",
                dir.resolve("out/u.txt").toString());

        Path svg = dir.resolve("out/u.svg");
        CliRun run = CliRun.of(
                "simulate", "darcy", "--coefficient", a, "--out", out, "--plot", svg.toString(), "--plot-size", "200");
        assertEquals(0, run.exitCode(), run.err());
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, Math.min(80, text.length())));
        assertTrue(text.contains("</svg>"));

        Path png = dir.resolve("out/u.PNG");
        assertEquals(
                0,
                CliRun.of(
                                "simulate",
                                "darcy",
                                "--coefficient",
                                a,
                                "--out",
                                out,
                                "--plot",
                                png.toString(),
                                "--plot-size",
                                "200")
                        .exitCode());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
    }

    @Test
    void samplingOptionsAreCheckedBeforeTheModelIsLoaded() throws IOException {
        // Validation comes first, so even a folder that is no model gives the option's error.
        Path notAModel = Files.createDirectories(dir.resolve("in/empty-model"));
        String out = dir.resolve("out/s.npy").toString();
        for (String rows : List.of("0", "-1", "65")) {
            refused(
                    "--plot-rows",
                    "sample",
                    "--model",
                    notAModel.toString(),
                    "--out",
                    out,
                    "--plot",
                    dir.resolve("out/g.png").toString(),
                    "--plot-rows",
                    rows);
        }
        refused(
                "--plot " + dir.resolve("out/g.jpg"),
                "sample",
                "--model",
                notAModel.toString(),
                "--out",
                out,
                "--plot",
                dir.resolve("out/g.jpg").toString());
        refused(
                "--out",
                "sample",
                "--model",
                notAModel.toString(),
                "--out",
                dir.resolve("out/s.bin").toString());

        // A data file where the model folder belongs: named, one line.
        Path h5 = dir.resolve("in/darcy.h5");
        Files.writeString(h5, "not a folder");
        refused(h5 + ": is a file, not a checkpoint folder", "sample", "--model", h5.toString(), "--out", out);
        refused(
                dir.resolve("in/none") + ": no such checkpoint folder",
                "sample",
                "--model",
                dir.resolve("in/none").toString(),
                "--out",
                out);
        refused("model-card.json", "sample", "--model", notAModel.toString(), "--out", out);
    }

    @Test
    void evaluatePriorChecksItsOutputsFirst() throws IOException {
        Path notAModel = Files.createDirectories(dir.resolve("in/empty-model"));
        Path ref = dir.resolve("in/ref.h5");
        Files.writeString(ref, "unused");
        List<String> base = new ArrayList<>(List.of(
                "evaluate-prior",
                "--model",
                notAModel.toString(),
                "--reference",
                ref.toString(),
                "--out",
                dir.resolve("out/r.json").toString()));
        List<String> plot = new ArrayList<>(base);
        plot.addAll(List.of("--plot", dir.resolve("out/spectra.jpg").toString()));
        refused("--plot", plot.toArray(String[]::new));
        List<String> gallery = new ArrayList<>(base);
        gallery.addAll(List.of("--gallery", dir.resolve("out/g.gif").toString()));
        refused("--gallery", gallery.toArray(String[]::new));
        refused(
                "--out",
                "evaluate-prior",
                "--model",
                notAModel.toString(),
                "--reference",
                ref.toString(),
                "--out",
                dir.resolve("out/r.npy").toString());
    }
}
