package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.nd4j.linalg.factory.Nd4j;

class LogLossTest {
    // four images; the last is a cat (1) the model was nearly sure was not
    static final double[] P = {0.9, 0.2, 0.6, 0.01};
    static final int[] Y = {1, 0, 0, 1};

    @Test void binaryMatchesHandComputation() {
        // (-ln 0.9 - ln 0.8 - ln 0.4 - ln 0.01) / 4
        assertEquals(1.4624912462085704, LogLoss.binary(P, Y), 1e-12);
        // clipped to [0.02, 0.98]: the 0.01 becomes 0.02
        assertEquals(1.2892044510685843, LogLoss.binary(P, Y, 0.02), 1e-12);
        assertArrayEquals(new double[] {0.9, 0.2, 0.6, 0.02}, LogLoss.clip(P, 0.02), 1e-15);
    }

    @Test void certainWrongAnswerCostsAboutThirtyFiveWithoutClipping() {
        assertEquals(34.538776394910684, LogLoss.binary(new double[] {0.0}, new int[] {1}), 1e-9);
        assertEquals(-Math.log(0.02), LogLoss.binary(new double[] {0.0}, new int[] {1}, 0.02), 1e-12);
    }

    @Test void perItemSumsToTheMean() {
        double[] each = LogLoss.binaryPerItem(P, Y, 0.02);
        assertEquals(-Math.log(0.02), each[3], 1e-12);
        double s = 0;
        for (double v : each) s += v;
        assertEquals(LogLoss.binary(P, Y, 0.02), s / 4, 1e-12);
    }

    @Test void multiClassMatchesHandComputationAndBinary() {
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.1, 0.8}};
        assertEquals(0.2899092476264711, LogLoss.multiClass(p, new int[] {0, 2}), 1e-12);
        // clipping then dividing by the row sum: {0.5, 0.5, 0.1} / 1.1
        assertEquals(2.3978952727983707, LogLoss.multiClass(new double[][] {{0.5, 0.5, 0.0}}, new int[] {2}, 0.1), 1e-12);
        double[][] two = new double[P.length][];
        for (int i = 0; i < P.length; i++) two[i] = new double[] {1 - P[i], P[i]};
        assertEquals(LogLoss.binary(P, Y, 0.02), LogLoss.multiClass(two, Y, 0.02), 1e-12);
        // ND4J with one-hot labels
        double nd = LogLoss.multiClass(Nd4j.create(two), Nd4j.create(new double[][] {{0, 1}, {1, 0}, {1, 0}, {0, 1}}), 0.02);
        assertEquals(LogLoss.binary(P, Y, 0.02), nd, 1e-6);
    }

    @Test void nd4jVectorsGiveTheSameAnswer() {
        assertEquals(LogLoss.binary(P, Y, 0.05), LogLoss.binary(Nd4j.create(P), Nd4j.create(new double[] {1, 0, 0, 1}), 0.05), 1e-12);
    }

    @Test void clipCurveHasAMinimumInsideTheGrid() {
        // a 95%-accurate model that always says 0 or 1
        int n = 100;
        double[] p = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            boolean right = i >= 5;
            p[i] = right ? y[i] : 1 - y[i];
        }
        double[] grid = LogLoss.clipGrid();
        double best = LogLoss.bestClip(p, y, grid);
        assertTrue(best > 0.01 && best < 0.1, "best clip " + best);
        double[] losses = LogLoss.versusClip(p, y, grid);
        assertEquals(grid.length, losses.length);
        assertTrue(losses[0] > LogLoss.binary(p, y, best));
        XYChart chart = LogLoss.clipChart(p, y);
        assertEquals(3, chart.getSeriesCollection().size());
        java.awt.image.BufferedImage img = org.knowm.xchart.BitmapEncoder.getBufferedImage(chart);
        assertEquals(640, img.getWidth());
    }

    @Test void badInputIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.binary(new double[] {0.5, 1.2}, new int[] {0, 1}));
        assertEquals("probs[1] = 1.2 is outside [0, 1]; log loss needs probabilities", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(new double[] {-0.1}, new int[] {0}));
        assertEquals("probs[0] = -0.1 is outside [0, 1]; log loss needs probabilities", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(new double[] {Double.NaN}, new int[] {0}));
        assertEquals("probs[0] = NaN is outside [0, 1]; log loss needs probabilities", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(new double[] {0.5, 0.5, 0.5}, new int[] {0, 1}));
        assertEquals("probs has 3 values but labels has 2; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(P, Y, 0.5));
        assertEquals("clip = 0.5 must be in (0, 0.5): predictions are moved into [clip, 1 - clip]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(P, Y, 0.0));
        assertEquals("clip = 0.0 must be in (0, 0.5): predictions are moved into [clip, 1 - clip]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(P, Y, -0.02));
        assertTrue(e.getMessage().startsWith("clip = -0.02 must be in (0, 0.5)"));
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.binary(P, new int[] {1, 0, 2, 1}));
        assertEquals("labels[2] = 2 is not 0 or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogLoss.clip(new double[] {2}, 0.02));
        assertEquals("probs[0] = 2.0 is outside [0, 1]; log loss needs probabilities", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.multiClass(new double[][] {{0.5, 0.5}}, new int[] {0, 1}));
        assertEquals("probs has 1 rows but labels has 2 values; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.multiClass(new double[][] {{0.5, 1.5}}, new int[] {0}));
        assertEquals("probs[0][1] = 1.5 is outside [0, 1]; log loss needs probabilities", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.multiClass(new double[][] {{0.5, 0.5}}, new int[] {2}));
        assertEquals("labels[0] = 2 is not a class index in [0, 1]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogLoss.multiClass(new double[][] {{0.5, 0.5}}, new int[] {0}, 0.7));
        assertTrue(e.getMessage().startsWith("clip = 0.7 must be in (0, 0.5)"));
    }
}
