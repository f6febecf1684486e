package org.pdeflow.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;

/** {@link Heatmap#image}: the panel layout that notebooks display and {@code writePng} writes. */
class HeatmapImageTest {

    private static JFreeChart panel(double level) {
        Grid2D grid = Grid2D.nodes(8, 1.0);
        double[] v = new double[grid.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = level + i;
        }
        return Heatmap.of(grid, v, "panel " + level, "v");
    }

    @Test
    void panelsFillRowsOfColumnsAndTheEmptyCellStaysWhite() {
        // three panels, two per row: a 2 x 2 layout whose last cell is empty
        BufferedImage image = Heatmap.image(List.of(panel(0), panel(1), panel(2)), 2, 200, 150);
        assertEquals(400, image.getWidth());
        assertEquals(300, image.getHeight());
        int white = 0xFFFFFF;
        for (int x = 200; x < 400; x += 7) {
            for (int y = 150; y < 300; y += 7) {
                assertEquals(white, image.getRGB(x, y) & 0xFFFFFF, "empty cell at " + x + "," + y);
            }
        }
        // each drawn panel has coloured (non-grey) pixels: its heatmap
        for (int[] origin : new int[][] {{0, 0}, {200, 0}, {0, 150}}) {
            assertTrue(hasColour(image, origin[0], origin[1], 200, 150), "panel at " + origin[0] + "," + origin[1]);
        }
    }

    @Test
    void fewerPanelsThanColumnsGiveOneRowAsWideAsThePanels() {
        BufferedImage image = Heatmap.image(List.of(panel(0)), 3, 120, 90);
        assertEquals(120, image.getWidth());
        assertEquals(90, image.getHeight());
    }

    private static boolean hasColour(BufferedImage image, int x0, int y0, int w, int h) {
        for (int x = x0; x < x0 + w; x++) {
            for (int y = y0; y < y0 + h; y++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    return true;
                }
            }
        }
        return false;
    }
}
