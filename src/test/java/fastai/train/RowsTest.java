package fastai.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class RowsTest {
    @Test
    void permutationHoldsEveryIndexOnceAndRepeatsWithTheSeed() {
        int[] p = Rows.permutation(50, new Random(7));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
        assertArrayEquals(p, Rows.permutation(50, new Random(7)));
        // by hand for n = 3, seed 1: Random(1).nextInt(3) = 0 swaps 2<->0, nextInt(2) = 1 keeps 1
        Random r = new Random(1);
        int a = r.nextInt(3), b = r.nextInt(2);
        int[] expect = {0, 1, 2};
        int t = expect[2]; expect[2] = expect[a]; expect[a] = t;
        t = expect[1]; expect[1] = expect[b]; expect[b] = t;
        assertArrayEquals(expect, Rows.permutation(3, new Random(1)));
    }

    @Test
    void sliceTakesRowsOfAnyRankAndCorrectCountsArgMaxHits() {
        var x = Nd4j.arange(24).reshape(4, 2, 3);
        assertArrayEquals(new long[] {2, 2, 3}, Rows.slice(x, 1, 3).shape());
        assertEquals(6.0, Rows.slice(x, 1, 3).getDouble(0, 0, 0), 0);
        var probs = Nd4j.createFromArray(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}});
        var labels = Nd4j.createFromArray(new float[][] {{1, 0}, {1, 0}, {1, 0}});
        assertEquals(2, Rows.correct(probs, labels));
    }
}
