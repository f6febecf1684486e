package org.pdeflow.solvers.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Schedules against their defining formulas evaluated independently. */
class ScheduleTest {

    @Test
    void karrasEndpointsAndMidpoint() {
        double[] s = KarrasSchedule.edm().sigmas(3);
        assertEquals(4, s.length);
        assertEquals(80.0, s[0], 0);
        assertEquals(0.002, s[2], 0);
        assertEquals(0.0, s[3], 0);
        // Midpoint: ((80^(1/7) + 0.002^(1/7)) / 2)^7.
        assertEquals(Math.pow((Math.pow(80, 1 / 7.0) + Math.pow(0.002, 1 / 7.0)) / 2, 7), s[1], 1e-12);
        NoiseSchedule.validate(KarrasSchedule.edm().sigmas(200));
    }

    @Test
    void karrasApproachesLogLinearForLargeRho() {
        double[] karras = new KarrasSchedule(0.01, 10, 1e6).sigmas(9);
        double[] log = new LogLinearSchedule(0.01, 10).sigmas(9);
        assertArrayEquals(log, karras, 1e-4);
        assertEquals(Math.sqrt(10 * 0.01), log[4], 1e-12);
    }

    @Test
    void vpMatchesSongEtAl() {
        VpSchedule vp = VpSchedule.standard();
        // sigma(t) = sqrt(e^(beta_d t^2 / 2 + beta_min t) - 1).
        assertEquals(Math.sqrt(Math.exp(19.9 / 2 + 0.1) - 1), vp.sigmas(10)[0], 1e-9);
        assertEquals(Math.sqrt(Math.exp(19.9 / 2 * 1e-6 + 1e-4) - 1), vp.sigmas(10)[9], 1e-12);
    }

    @Test
    void ddpmMatchesTheCumulativeProduct() {
        DdpmSchedule ddpm = DdpmSchedule.linear();
        double abar = 1;
        double[] direct = new double[1000];
        for (int t = 0; t < 1000; t++) {
            abar *= 1 - (1e-4 + (0.02 - 1e-4) * t / 999.0);
            direct[t] = Math.sqrt((1 - abar) / abar);
        }
        double[] s = ddpm.sigmas(10);
        for (int i = 0; i < 10; i++) {
            assertEquals(direct[(9 - i) * 100], s[i], 1e-9 * direct[(9 - i) * 100]);
        }
        assertEquals(0.0, s[10], 0);
        assertThrows(IllegalArgumentException.class, () -> ddpm.sigmas(1001));
    }

    @Test
    void flowTimesFromSigmas() {
        double[] t = FlowTimes.fromSigmas(new double[] {3, 1, 0});
        assertArrayEquals(new double[] {0.25, 0.5, 1.0}, t, 0);
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.validate(new double[] {1, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> FlowTimes.validate(new double[] {0, 0.5, 0.5}));
    }
}
