package org.pdeflow.examples.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pdeflow.examples.plot.ColorMap;
import org.pdeflow.examples.plot.Figure;
import org.pdeflow.examples.plot.FigureFiles;
import org.pdeflow.examples.plot.Heatmap;
import org.pdeflow.inverse.diagnostics.StepHistory;
import org.pdeflow.inverse.forward.Unknowns;
import org.pdeflow.inverse.sampling.StepInfo;
import org.pdeflow.pde.grid.Grid2D;
import org.w3c.dom.Document;

/** Every diagnostic figure is a readable PNG with content and a well-formed SVG of the same size. */
class FigureFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeAllProducesEveryFigureInBothFormats() throws Exception {
        Grid2D g = Grid2D.nodes(16, 1.0);
        SplittableRandom rng = new SplittableRandom(1);
        double[] truth = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                truth[g.index(i, j)] = 2 + Math.cos(Math.PI * 2 * g.x(i)) * Math.cos(Math.PI * g.y(j));
            }
        }
        int s = 6;
        double[][] samples = new double[s][g.size()];
        double[] mean = new double[g.size()];
        double[] std = new double[g.size()];
        for (int k = 0; k < s; k++) {
            for (int i = 0; i < g.size(); i++) {
                samples[k][i] = truth[i] + 0.3 * rng.nextGaussian();
                mean[i] += samples[k][i] / s;
            }
        }
        for (int i = 0; i < g.size(); i++) {
            for (double[] x : samples) {
                std[i] += (x[i] - mean[i]) * (x[i] - mean[i]) / (s - 1);
            }
            std[i] = Math.sqrt(std[i]);
        }
        PosteriorField f = new PosteriorField("a", g, samples, mean, std, truth);
        StepHistory h = new StepHistory(Unknowns.single("a", g), Map.of("a", truth));
        for (int step = 1; step <= 5; step++) {
            double[] est = mean.clone();
            for (int i = 0; i < est.length; i++) {
                est[i] += (truth[i] - mean[i]) * step / 5.0 + 1.0 / step;
            }
            h.onStep(new StepInfo(step, 5, 100.0 / step, est));
        }
        List<Figure> figures = InverseFigures.writeAll(
                dir,
                new InverseFigures.Input(
                        List.of(f),
                        new double[] {0.25, 0.5},
                        new double[] {0.5, 0.75},
                        new double[] {100, 50, 33, 25, 20},
                        h.steps(),
                        "",
                        240));
        List<String> names =
                figures.stream().map(x -> x.png().getFileName().toString()).toList();
        assertEquals(
                List.of(
                        "a.png",
                        "a_gallery.png",
                        "a_spectrum.png",
                        "calibration.png",
                        "misfit.png",
                        "error_per_step.png"),
                names);
        for (Figure fig : figures) {
            assertTrue(!fig.title().isBlank() && !fig.caption().isBlank());
            assertValid(fig);
        }
    }

    @Test
    void methodComparisonChartIsWritten() throws Exception {
        Map<String, List<MethodComparisonChart.Point>> series = new LinkedHashMap<>();
        series.put(
                "dps",
                List.of(
                        new MethodComparisonChart.Point(50, 0.3),
                        new MethodComparisonChart.Point(100, 0.2),
                        new MethodComparisonChart.Point(200, 0.15)));
        series.put(
                "daps",
                List.of(
                        new MethodComparisonChart.Point(60, 0.25),
                        new MethodComparisonChart.Point(240, 0.1),
                        new MethodComparisonChart.Point(0, 0.1)));
        JFreeChart chart = MethodComparisonChart.of("error vs NFE", "NFE", "relative L2", series);
        assertEquals(2, chart.getXYPlot().getDataset().getSeriesCount());
        assertEquals(2, chart.getXYPlot().getDataset().getItemCount(1), "the point at x = 0 cannot sit on a log axis");
        assertValid(FigureFiles.write(dir, "cmp", "t", "c", chart, 600, 400));
    }

    /** x to the right, y upwards: a field that is high only where x < 1/2 and y > 1/2 lights the top-left quadrant. */
    @Test
    void heatmapPutsXRightAndYUp() {
        Grid2D g = Grid2D.nodes(8, 1.0);
        double[] v = new double[g.size()];
        for (int i = 0; i < g.nx(); i++) {
            for (int j = 0; j < g.ny(); j++) {
                v[g.index(i, j)] = g.x(i) < 0.5 && g.y(j) > 0.5 ? 1 : 0;
            }
        }
        JFreeChart chart = Heatmap.of(g, v, "t", "v");
        BufferedImage image = new BufferedImage(500, 400, BufferedImage.TYPE_INT_RGB);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(image.createGraphics(), new Rectangle(0, 0, 500, 400), info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        int top = ColorMap.VIRIDIS.at(1).getRGB() & 0xFFFFFF;
        int bottom = ColorMap.VIRIDIS.at(0).getRGB() & 0xFFFFFF;
        int x1 = (int) (area.getMinX() + 0.25 * area.getWidth());
        int x2 = (int) (area.getMinX() + 0.75 * area.getWidth());
        int y1 = (int) (area.getMinY() + 0.25 * area.getHeight());
        int y2 = (int) (area.getMinY() + 0.75 * area.getHeight());
        assertEquals(top, image.getRGB(x1, y1) & 0xFFFFFF, "top left");
        assertEquals(bottom, image.getRGB(x2, y1) & 0xFFFFFF, "top right");
        assertEquals(bottom, image.getRGB(x1, y2) & 0xFFFFFF, "bottom left");
        assertEquals(bottom, image.getRGB(x2, y2) & 0xFFFFFF, "bottom right");
    }

    @Test
    void colourScalesFollowTheKindOfField() {
        assertEquals(ColorMap.COOLWARM, Heatmap.Scale.auto(-3, 5).map());
        assertEquals(-5, Heatmap.Scale.auto(-3, 5).lower());
        // a solution that vanishes on the boundary with small negative noise stays one-signed
        assertEquals(ColorMap.VIRIDIS, Heatmap.Scale.auto(-0.001, 0.013).map());
        assertEquals(
                ColorMap.VIRIDIS,
                Heatmap.Scale.like(new double[] {0, 1}, new double[] {-0.5, 1}).map());
        assertEquals(
                -0.5,
                Heatmap.Scale.like(new double[] {0, 1}, new double[] {-0.5, 1}).lower());
        assertEquals(
                ColorMap.COOLWARM,
                Heatmap.Scale.like(new double[] {-1, 1}, new double[] {0, 3}).map());
        assertEquals(
                3, Heatmap.Scale.like(new double[] {-1, 1}, new double[] {0, 3}).upper());
    }

    private static void assertValid(Figure fig) throws Exception {
        assertTrue(Files.size(fig.png()) > 0 && Files.size(fig.svg()) > 0);
        BufferedImage png = ImageIO.read(fig.png().toFile());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y += 3) {
            for (int x = 0; x < png.getWidth(); x += 3) {
                colours.add(png.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 10, fig.png() + " has " + colours.size() + " colours");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // well-formedness only: the DOCTYPE's DTD is not fetched
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(fig.svg().toFile());
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals(png.getWidth(), (int)
                Double.parseDouble(svg.getDocumentElement().getAttribute("width")));
        assertEquals(png.getHeight(), (int)
                Double.parseDouble(svg.getDocumentElement().getAttribute("height")));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < svg.getElementsByTagNameNS("*", "text").getLength(); i++) {
            texts.add(svg.getElementsByTagNameNS("*", "text").item(i).getTextContent());
        }
        assertTrue(!texts.isEmpty(), fig.svg() + " has no text (titles, labels)");
    }
}
