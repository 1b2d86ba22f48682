package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Reliability bins on a constructed case, counted by hand. */
class ReliabilityTest {
    @Test void binsCountsMeansAndFrequenciesByHand() {
        // 4 bins: [0,.25) [.25,.5) [.5,.75) [.75,1]
        double[] p = {0.1, 0.2, 0.24, 0.3, 0.6, 0.7, 0.75, 0.9, 1.0, 0.0};
        int[] y = {0, 0, 1, 1, 0, 1, 1, 1, 1, 0};
        Reliability r = Reliability.of(p, y, 4);
        // bin 0: 0.1, 0.2, 0.24, 0.0 -> n 4, mean 0.135, one 1 -> 0.25
        // bin 1: 0.3 -> n 1, mean 0.3, freq 1
        // bin 2: 0.6, 0.7 -> n 2, mean 0.65, freq 0.5
        // bin 3: 0.75, 0.9, 1.0 -> n 3, mean 0.883.., freq 1 (0.75 opens bin 3, 1.0 closes it)
        assertArrayEquals(new int[] {4, 1, 2, 3}, r.counts());
        assertArrayEquals(new double[] {0.135, 0.3, 0.65, 2.65 / 3}, r.meanPredicted(), 1e-12);
        assertArrayEquals(new double[] {0.25, 1.0, 0.5, 1.0}, r.observed(), 1e-12);
        double ece = (4 * Math.abs(0.135 - 0.25) + 1 * 0.7 + 2 * 0.15 + 3 * Math.abs(2.65 / 3 - 1)) / 10;
        assertEquals(ece, r.expectedCalibrationError(), 1e-12);
        assertEquals(4, r.table().rowCount());
        assertEquals(4, r.table().intColumn("count").getInt(0));
        assertNotNull(r.chart("t"));
    }

    @Test void emptyBinsAreNaNAndPerfectCalibrationHasZeroError() {
        double[] p = {0.05, 0.05, 0.95, 0.95};
        int[] y = {0, 0, 1, 1};
        Reliability r = Reliability.of(p, y, 10);
        assertEquals(2, r.counts()[0]);
        assertEquals(2, r.counts()[9]);
        assertTrue(Double.isNaN(r.observed()[5]));
        assertEquals(0.05, r.expectedCalibrationError(), 1e-12, "|0.05-0| and |0.95-1| in every item");
        Reliability exact = Reliability.of(new double[] {0.5, 0.5}, new int[] {0, 1}, 2);
        assertEquals(0.0, exact.expectedCalibrationError(), 1e-12);
    }

    @Test void badInputIsAClearError() {
        assertEquals("2 probabilities but 1 labels",
                assertThrows(IllegalArgumentException.class, () -> Reliability.of(new double[] {0.1, 0.2}, new int[] {0}, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reliability.of(new double[] {1.5}, new int[] {0}, 5));
        assertThrows(IllegalArgumentException.class, () -> Reliability.of(new double[] {0.5}, new int[] {2}, 5));
        assertThrows(IllegalArgumentException.class, () -> Reliability.of(new double[] {0.5}, new int[] {1}, 0));
    }
}
