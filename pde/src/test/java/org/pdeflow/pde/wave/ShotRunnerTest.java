package org.pdeflow.pde.wave;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pdeflow.pde.grid.Grid2D;
import org.pdeflow.pde.progress.ProgressListener;

class ShotRunnerTest {

    private static final Grid2D GRID = Grid2D.nodes(41, 400.0);

    private static AcousticWave2D equation() {
        double[] c = new double[GRID.size()];
        for (int i = 0; i < GRID.nx(); i++) {
            for (int j = 0; j < GRID.ny(); j++) {
                c[GRID.index(i, j)] = 1800 + 2.0 * GRID.y(j) + 100 * Math.sin(GRID.x(i) / 50);
            }
        }
        return new AcousticWave2D(GRID, c, new AbsorbingLayer(10, 5.0));
    }

    private static final List<PointSource> SHOTS = List.of(
            new PointSource(50.0, 20.0, RickerWavelet.of(25.0)),
            new PointSource(200.0, 20.0, RickerWavelet.of(25.0, -2.0)),
            new PointSource(333.3, 20.0, RickerWavelet.of(18.0)));
    private static final List<Receiver> RECEIVERS = List.of(
            new Receiver(20.0, 380.0),
            new Receiver(150.0, 380.0),
            new Receiver(275.0, 380.0),
            new Receiver(390.0, 390.0));

    @Test
    void parallelShotsEqualSerialRuns() {
        for (WaveIntegrator integrator :
                new WaveIntegrator[] {new LeapfrogIntegrator(), WaveMethodOfLinesIntegrator.rungeKutta4()}) {
            AcousticWave2D eq = equation();
            double[][][] parallel =
                    new ShotRunner(integrator, 2).run(eq, SHOTS, RECEIVERS, 0.3, 0.004, ProgressListener.NONE);
            assertEquals(SHOTS.size(), parallel.length);
            for (int s = 0; s < SHOTS.size(); s++) {
                double[][] serial =
                        integrator.record(eq, List.of(SHOTS.get(s)), RECEIVERS, 0.3, 0.004, ProgressListener.NONE);
                assertEquals(RECEIVERS.size(), parallel[s].length);
                for (int r = 0; r < RECEIVERS.size(); r++) {
                    assertEquals(76, parallel[s][r].length);
                    // independent solver state per shot: bit-identical to a run on its own
                    assertArrayEquals(serial[r], parallel[s][r], 0.0);
                }
            }
        }
    }

    @Test
    void shotsSumToSimultaneousSources() {
        // the equation is linear: firing all sources at once gives the sum of the single-shot traces
        AcousticWave2D eq = equation();
        LeapfrogIntegrator lf = new LeapfrogIntegrator();
        double[][][] shots = new ShotRunner(lf, 2).run(eq, SHOTS, RECEIVERS, 0.3, 0.004, null);
        double[][] together = lf.record(eq, SHOTS, RECEIVERS, 0.3, 0.004, null);
        double peak = 0;
        double diff = 0;
        for (int r = 0; r < RECEIVERS.size(); r++) {
            for (int k = 0; k < together[r].length; k++) {
                double sum = 0;
                for (double[][] shot : shots) {
                    sum += shot[r][k];
                }
                peak = Math.max(peak, Math.abs(together[r][k]));
                diff = Math.max(diff, Math.abs(sum - together[r][k]));
            }
        }
        assertTrue(peak > 0);
        // roundoff of a few hundred steps
        assertTrue(diff < 1e-12 * peak, "superposition defect " + diff / peak);
    }

    @Test
    void flattenIsRowMajor() {
        double[][][] t = new double[2][3][4];
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 4; k++) {
                    t[s][r][k] = 100 * s + 10 * r + k;
                }
            }
        }
        double[] flat = ShotRunner.flatten(t);
        assertEquals(24, flat.length);
        for (int s = 0; s < 2; s++) {
            for (int r = 0; r < 3; r++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(100 * s + 10 * r + k, flat[(s * 3 + r) * 4 + k], 0.0);
                }
            }
        }
    }

    @Test
    void progressSumsOverShotsAndEndsComplete() {
        List<double[]> reports = new ArrayList<>();
        new ShotRunner(new LeapfrogIntegrator(), 2)
                .run(
                        equation(),
                        SHOTS,
                        RECEIVERS,
                        0.3,
                        0.004,
                        (done, total) -> reports.add(new double[] {done, total}));
        double last = -1;
        for (double[] rep : reports) {
            assertEquals(3 * 0.3, rep[1], 1e-12);
            assertTrue(rep[0] >= last, "progress went backwards");
            last = rep[0];
        }
        assertEquals(0.9, last, 1e-12);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ShotRunner(null, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShotRunner(new LeapfrogIntegrator(), 0));
        ShotRunner runner = new ShotRunner(new LeapfrogIntegrator(), 2);
        assertThrows(
                IllegalArgumentException.class, () -> runner.run(equation(), List.of(), RECEIVERS, 0.3, 0.004, null));
        assertThrows(
                IllegalArgumentException.class,
                () -> runner.run(
                        equation(),
                        List.of(new PointSource(500.0, 10.0, RickerWavelet.of(10))),
                        RECEIVERS,
                        0.3,
                        0.004,
                        null));
    }
}
