package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class PredictionViewsTest {
    //                         0     1     2     3     4     5     6     7
    static final double[] P = {0.95, 0.10, 0.55, 0.48, 0.80, 0.30, 0.02, 0.65};
    static final int[] Y =     {1,    0,    0,    1,    1,    0,    1,    0};
    // predicted:               1     0     1     0     1     0     0     1
    // correct:                 y     y     n     n     y     y     n     n

    final PredictionViews v = new PredictionViews(P, Y);

    @Test void mostConfidentCorrectPerClass() {
        assertEquals(List.of(0, 4), v.mostConfidentCorrect(1, 5));
        assertEquals(List.of(1, 5), v.mostConfidentCorrect(0, 5));
        assertEquals(List.of(0), v.mostConfidentCorrect(1, 1));
    }

    @Test void mostConfidentIncorrectPerPredictedClass() {
        // called "1" but are 0: 7 (0.65) is surer than 2 (0.55)
        assertEquals(List.of(7, 2), v.mostConfidentIncorrect(1, 5));
        // called "0" but are 1: 6 (P(1) = 0.02) is surer than 3 (0.48)
        assertEquals(List.of(6, 3), v.mostConfidentIncorrect(0, 5));
    }

    @Test void mostUncertainIsNearestHalf() {
        assertEquals(List.of(3, 2, 7), v.mostUncertain(3));
        assertEquals(8, v.mostUncertain(100).size());
        assertEquals(List.of(), v.mostUncertain(0));
    }

    @Test void randomViewsAreSeededSubsetsOfTheRightKind() {
        List<Integer> a = v.correctAtRandom(2, 7);
        assertEquals(a, v.correctAtRandom(2, 7));
        assertEquals(2, a.size());
        assertTrue(Set.of(0, 1, 4, 5).containsAll(a));
        assertEquals(Set.of(0, 1, 4, 5), new HashSet<>(v.correctAtRandom(10, 1)));
        assertEquals(Set.of(2, 3, 6, 7), new HashSet<>(v.incorrectAtRandom(10, 1)));
        assertEquals(4, new HashSet<>(v.incorrectAtRandom(4, 3)).size());
        // different seeds give different orders at least sometimes
        Set<List<Integer>> orders = new HashSet<>();
        for (long s = 0; s < 20; s++) orders.add(v.incorrectAtRandom(4, s));
        assertTrue(orders.size() > 1);
    }

    @Test void accuracyTitlesAndNd4j() {
        assertEquals(0.5, v.accuracy(), 1e-12);
        assertEquals(List.of("0.950", "0.020"), v.titles(List.of(0, 6)));
        PredictionViews w = PredictionViews.of(Nd4j.create(P), Nd4j.create(new double[] {1, 0, 0, 1, 1, 0, 1, 0}));
        assertEquals(v.mostUncertain(3), w.mostUncertain(3));
        // a model's two-column softmax output and one-hot labels
        double[][] two = new double[P.length][];
        double[][] onehot = new double[P.length][];
        for (int i = 0; i < P.length; i++) {
            two[i] = new double[] {1 - P[i], P[i]};
            onehot[i] = Y[i] == 1 ? new double[] {0, 1} : new double[] {1, 0};
        }
        PredictionViews u = PredictionViews.of(Nd4j.create(two), Nd4j.create(onehot));
        assertEquals(v.mostConfidentIncorrect(0, 5), u.mostConfidentIncorrect(0, 5));
        assertEquals(v.correctAtRandom(3, 5), u.correctAtRandom(3, 5));
    }

    @Test void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PredictionViews(new double[] {0.5}, new int[] {0, 1}));
        assertEquals("probs has 1 values but labels has 2; they must match", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.mostConfidentCorrect(2, 3));
        assertEquals("c = 2 must be class 0 or 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.mostUncertain(-1));
        assertEquals("n = -1 must not be negative", e.getMessage());
    }
}
