package fastai.arch;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PseudoLabelsTest {
    // 7 unlabelled rows, 3 classes; by hand: row -> (predicted class, its probability)
    // 0 -> (0, 0.95)  1 -> (1, 0.60)  2 -> (0, 0.97)  3 -> (2, 0.90)  4 -> (0, 0.91)  5 -> (1, 0.99)  6 -> (0, 0.90)
    static final INDArray PROBS = Nd4j.createFromArray(new double[][] {
            {0.95, 0.03, 0.02}, {0.30, 0.60, 0.10}, {0.97, 0.02, 0.01}, {0.05, 0.05, 0.90},
            {0.91, 0.05, 0.04}, {0.005, 0.99, 0.005}, {0.90, 0.05, 0.05}});

    @Test void keepsRowsAtOrAboveTheThresholdInRowOrder() {
        var s = PseudoLabels.select(PROBS, 0.9, Integer.MAX_VALUE);
        assertArrayEquals(new int[] {0, 2, 3, 4, 5, 6}, s.rows());   // row 1 (0.60) dropped; 0.90 is kept (>=)
        assertArrayEquals(new int[] {0, 0, 2, 0, 1, 0}, s.classes());
        assertArrayEquals(new double[] {0.95, 0.97, 0.90, 0.91, 0.99, 0.90}, s.confidence(), 1e-12);
        assertArrayEquals(new int[] {4, 1, 1}, s.perClass());
    }

    @Test void capsEachClassAtItsMostConfidentRows() {
        var s = PseudoLabels.select(PROBS, 0.9, 2);
        // class 0 had rows 2 (0.97), 0 (0.95), 4 (0.91), 6 (0.90): the two best are 2 and 0
        assertArrayEquals(new int[] {0, 2, 3, 5}, s.rows());
        assertArrayEquals(new int[] {0, 0, 2, 1}, s.classes());
        assertArrayEquals(new int[] {2, 1, 1}, s.perClass());
        INDArray y = s.oneHot();
        assertArrayEquals(new long[] {4, 3}, y.shape());
        assertEquals(1.0, y.getDouble(2, 2));
        assertEquals(1.0, y.getDouble(3, 1));
        assertEquals(4.0, y.sumNumber().doubleValue());
        // a tie at the cap goes to the lower row: rows 3 and 6 both 0.90
        var t = PseudoLabels.select(Nd4j.createFromArray(new double[][] {{0.9, 0.1}, {0.9, 0.1}, {0.2, 0.8}}), 0.5, 1);
        assertArrayEquals(new int[] {0, 2}, t.rows());
    }

    @Test void takesTheSelectedRowsOfAFeatureArray() {
        var s = PseudoLabels.select(PROBS, 0.95, 5);
        assertArrayEquals(new int[] {0, 2, 5}, s.rows());
        INDArray x = Nd4j.arange(7 * 2 * 3).reshape(7, 2, 3);
        INDArray r = s.rowsOf(x);
        assertArrayEquals(new long[] {3, 2, 3}, r.shape());
        assertEquals(x.slice(2), r.slice(1));
        assertEquals(x.slice(5), r.slice(2));
        assertEquals(0, PseudoLabels.select(PROBS, 1.0, 5).size());
    }

    @Test void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(Nd4j.ones(3), 0.9, 1));
        assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(PROBS, 1.5, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> PseudoLabels.select(PROBS, 0.9, 0));
        assertTrue(e.getMessage().contains("maxPerClass"), e.getMessage());
    }
}
