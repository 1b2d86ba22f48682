package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Lesson 6: sampling with a temperature, and the one-line errors for bad input. */
class TextGeneratorTest {
    static final double[] P = {0.1, 0.05, 0.5, 0.3, 0.05};

    @Test
    void temperatureTowardsZeroIsTheArgMax() {
        Random rng = new Random(1);
        for (int i = 0; i < 2000; i++) assertEquals(2, TextGenerator.sample(P, 1e-4, rng));
    }

    @Test
    void temperatureOneSamplesTheDistributionAndHighTemperatureFlattensIt() {
        Random rng = new Random(2);
        int n = 40000;
        int[] counts = new int[P.length];
        for (int i = 0; i < n; i++) counts[TextGenerator.sample(P, 1.0, rng)]++;
        for (int k = 0; k < P.length; k++) assertEquals(P[k], counts[k] / (double) n, 0.01, "frequency of " + k);
        int[] hot = new int[P.length];
        for (int i = 0; i < n; i++) hot[TextGenerator.sample(P, 100.0, rng)]++;
        for (int k = 0; k < P.length; k++) assertEquals(0.2, hot[k] / (double) n, 0.02, "at temperature 100, frequency of " + k);
    }

    /** A "model" that always predicts P, over a five-character vocabulary. */
    static final CharVocab VOCAB = CharVocab.of("abcde");
    static final TextGenerator.Predictor FIXED = TextGenerator.windowed(3, x -> Nd4j.create(new double[][] {P}));

    @Test
    void generatesFromTheSeedAndAtLowTemperaturePicksTheLikeliestCharacter() {
        String s = TextGenerator.generate(FIXED, VOCAB, "abc", 5, 0.001, new Random(3));
        assertEquals("abcccccc", s);
    }

    @Test
    void badInputsGiveOneLineErrors() {
        Random r = new Random(0);
        assertMessage("temperature must be a number > 0, got 0.0", () -> TextGenerator.generate(FIXED, VOCAB, "abc", 5, 0, r));
        assertMessage("temperature must be a number > 0, got -1.0", () -> TextGenerator.sample(P, -1, r));
        assertMessage("seed \"ab\" has 2 characters: the model reads 3 characters", () -> TextGenerator.generate(FIXED, VOCAB, "ab", 5, 1, r));
        assertMessage("seed character 'z' at position 1 is not in the model's vocabulary of 5 characters",
                () -> TextGenerator.generate(FIXED, VOCAB, "azc", 5, 1, r));
        assertMessage("the text is empty", () -> CharWindows.of(new int[0], 3, 3));
        assertMessage("a text of 3 characters is too short for windows of 3", () -> CharWindows.of(new int[] {1, 2, 3}, 3, 3));
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), "message: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void windowsAreTheCoursesThreeCharactersInTheFourthOut() {
        int[] text = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        CharWindows w = CharWindows.of(text, 3, 3);
        assertEquals(3, w.count());                    // windows start at 0, 3, 6; each has a next character
        assertEquals(java.util.List.of(3, 4, 5), java.util.Arrays.stream(w.inputs(1)).boxed().toList());
        assertEquals(6, w.next(1));
        assertEquals(9, w.nextArray(org.nd4j.linalg.api.buffer.DataType.FLOAT).getInt(2, 0));
        assertEquals(7, w.targetArray(org.nd4j.linalg.api.buffer.DataType.FLOAT).getInt(2, 0, 0));
    }
}
