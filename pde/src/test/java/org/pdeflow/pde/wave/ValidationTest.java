package org.pdeflow.pde.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.grid.Layout;
import org.pdeflow.pde.progress.ProgressListener;

class ValidationTest {

    private static final Grid2D GRID = Grid2D.nodes(21, 200.0);
    private static final List<PointSource> SRC = List.of(new PointSource(100.0, 100.0, RickerWavelet.of(30)));

    private static AcousticWave2D eq() {
        return AcousticWave2D.homogeneous(GRID, 1500.0, AbsorbingLayer.NONE);
    }

    @Test
    void rejectsBadVelocity() {
        double[] c = new double[GRID.size()];
        Arrays.fill(c, 1500);
        assertThrows(
                IllegalArgumentException.class, () -> new AcousticWave2D(GRID, new double[5], AbsorbingLayer.NONE));
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] v = c.clone();
            v[17] = bad;
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> new AcousticWave2D(GRID, v, AbsorbingLayer.NONE));
            assertTrue(e.getMessage().contains("velocity"), e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> new AcousticWave2D(Grid2D.periodic(20, 200.0), c, AbsorbingLayer.NONE));
        assertThrows(IllegalArgumentException.class, () -> new AcousticWave2D(GRID, c, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new AcousticWave2D(new Grid2D(2, 2, 1, 1, Layout.NODE), new double[4], AbsorbingLayer.NONE));
        // the velocity is copied
        AcousticWave2D eq = new AcousticWave2D(GRID, c, AbsorbingLayer.NONE);
        c[0] = 99;
        assertEquals(1500, eq.velocity()[0], 0.0);
    }

    @Test
    void rejectsBadLayer() {
        assertThrows(IllegalArgumentException.class, () -> new AbsorbingLayer(-1, 3));
        assertThrows(IllegalArgumentException.class, () -> new AbsorbingLayer(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new AbsorbingLayer(10, Double.NaN));
        assertTrue(new AbsorbingLayer(0, 0).isRigid());
    }

    @Test
    void rejectsPointsOutsideTheModel() {
        LeapfrogIntegrator lf = new LeapfrogIntegrator();
        assertThrows(
                IllegalArgumentException.class,
                () -> lf.record(
                        eq(), List.of(new PointSource(-1.0, 50.0, RickerWavelet.of(30))), List.of(), 0.1, 0.01, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> lf.record(eq(), SRC, List.of(new Receiver(50.0, 200.5)), 0.1, 0.01, null));
        // the edges themselves are allowed (a rigid edge records zero)
        double[][] t = lf.record(eq(), SRC, List.of(new Receiver(200.0, 200.0)), 0.1, 0.01, null);
        assertEquals(0.0, t[0][10], 0.0);
    }

    @Test
    void rejectsBadTimes() {
        LeapfrogIntegrator lf = new LeapfrogIntegrator();
        assertThrows(IllegalArgumentException.class, () -> lf.record(eq(), SRC, List.of(), 0.0, 0.01, null));
        assertThrows(IllegalArgumentException.class, () -> lf.record(eq(), SRC, List.of(), 0.1, 0.2, null));
        assertThrows(IllegalArgumentException.class, () -> lf.record(eq(), SRC, List.of(), 0.1, Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> LeapfrogIntegrator.withCourant(1.2));
        assertThrows(IllegalArgumentException.class, () -> LeapfrogIntegrator.withTimeStep(-1));
        // CFL: h = 10 m, c = 1500 m/s, limit h / (c sqrt 2) = 4.714 ms
        double limit = eq().stableTimeStep();
        assertEquals(10.0 / (1500 * Math.sqrt(2)), limit, 1e-15);
        IllegalArgumentException cfl = assertThrows(
                IllegalArgumentException.class,
                () -> LeapfrogIntegrator.withTimeStep(0.005).record(eq(), SRC, List.of(), 0.1, 0.01, null));
        assertTrue(cfl.getMessage().contains("CFL"), cfl.getMessage());
        // a step that does not divide the sample interval
        assertThrows(
                IllegalArgumentException.class,
                () -> LeapfrogIntegrator.withTimeStep(0.003).record(eq(), SRC, List.of(), 0.1, 0.01, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LeapfrogIntegrator().solve(eq(), new double[3], null, SRC, List.of(), 0.1, 0.01, null));
    }

    @Test
    void durationIsCutToWholeSampleIntervals() {
        WaveSolution s = new LeapfrogIntegrator().solve(eq(), SRC, List.of(new Receiver(10, 10)), 0.105, 0.01, null);
        assertEquals(11, s.sampleCount());
        assertEquals(11, s.traces()[0].length);
        assertEquals(0.1, s.endTime(), 1e-15);
        // 0.3 / 0.1 is 2.9999999999999996 in floating point: counted as 3 intervals
        assertEquals(
                4,
                new LeapfrogIntegrator()
                        .solve(eq(), SRC, List.of(new Receiver(10, 10)), 0.3, 0.1, null)
                        .sampleCount());
    }

    @Test
    void leapfrogReportsMonotoneProgressToTheEnd() {
        List<double[]> reports = new ArrayList<>();
        ProgressListener p = (done, total) -> reports.add(new double[] {done, total});
        new LeapfrogIntegrator().solve(eq(), SRC, List.of(), 0.1, 0.01, p);
        double last = -1;
        for (double[] r : reports) {
            assertEquals(0.1, r[1], 1e-15);
            assertTrue(r[0] >= last && r[0] <= r[1]);
            last = r[0];
        }
        assertEquals(0.1, last, 1e-12);
        reports.clear();
        WaveMethodOfLinesIntegrator.rungeKutta4().solve(eq(), SRC, List.of(), 0.1, 0.01, p);
        assertEquals(0.1, reports.get(reports.size() - 1)[0], 1e-12);
    }

    @Test
    void cflBoundIsSharp() {
        // Just below the limit the scheme stays bounded; 2 % above it the grid-scale checkerboard
        // mode grows without bound, so the check in LeapfrogIntegrator guards a real instability.
        AcousticWave2D eq = eq();
        double[] u0 = new double[GRID.size()];
        for (int i = 1; i < GRID.nx() - 1; i++) {
            for (int j = 1; j < GRID.ny() - 1; j++) {
                u0[GRID.index(i, j)] =
                        ((i + j) % 2 == 0 ? 1 : -1) * Math.sin(Math.PI * i / 20) * Math.sin(Math.PI * j / 20);
            }
        }
        // u0 is the highest Dirichlet mode (19, 19); at 1.02 x the limit its amplification factor is
        // about 1.44 per step, 1e31 after 200 steps (more steps would overflow to NaN)
        assertTrue(maxAfter(eq, 0.999 * eq.stableTimeStep(), u0, 200) < 10);
        assertTrue(maxAfter(eq, 1.02 * eq.stableTimeStep(), u0, 200) > 1e6);
    }

    private static double maxAfter(AcousticWave2D eq, double dt, double[] u0, int steps) {
        LeapfrogStepper s = new LeapfrogStepper(eq, dt, Acquisition.of(eq, List.of(), List.of()));
        s.start(u0, null);
        for (int n = 0; n < steps; n++) {
            s.step();
        }
        double m = 0;
        for (double v : s.current()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
