package fastai.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Tokenising, the vocabulary's cut-off and padding, on a hand-made text. */
class TextPipelineTest {
    static final List<String> TEXTS = List.of(
            "The cat sat on the mat.",
            "THE dog sat!<br /><br />",
            "A cat.");

    @Test
    void tokensAreLowerCaseWordsWithoutPunctuationOrLineBreaks() {
        assertEquals(List.of("i", "loved", "it", "don't", "miss", "it", "10", "10"),
                Tokenizer.tokens("I loved it!<br /><br />Don\u2019t MISS it... 10/10"));
        assertEquals(List.of("the", "dog", "sat"), Tokenizer.tokens(TEXTS.get(1)));
        assertEquals(List.of(), Tokenizer.tokens("<br/> !!! ..."));
    }

    @Test
    void vocabularyKeepsTheMostFrequentWordsAndMapsTheRestToOneIndex() {
        // counts: the 3, cat 2, sat 2, then a, dog, mat, on once each
        Vocabulary v = Vocabulary.build(TEXTS.stream().map(Tokenizer::tokens).toList(), 5);
        assertEquals(5, v.size());
        assertEquals(List.of("<pad>", "<rare>", "the", "cat", "sat"),
                List.of(v.word(0), v.word(1), v.word(2), v.word(3), v.word(4)));   // cat before sat: same count, alphabetical
        assertArrayEquals(new int[] {2, 1, 4}, v.encode(Tokenizer.tokens("the dog sat")));
        assertEquals(Vocabulary.RARE, v.index("zebra"));
        assertEquals(3, v.count(2));
        assertEquals(4, v.count(Vocabulary.RARE));   // a, dog, mat, on
        assertEquals("the <rare> sat", v.decode(new int[] {0, 0, 2, 1, 4}));
        assertEquals(List.of("the", "cat"), v.mostFrequent(2));
    }

    @Test
    void aVocabularyLargerThanTheWordsKeepsThemAll() {
        Vocabulary v = Vocabulary.build(TEXTS.stream().map(Tokenizer::tokens).toList(), 100);
        assertEquals(2 + 7, v.size());
        assertEquals(0, v.count(Vocabulary.RARE));
    }

    @Test
    void paddingGoesInFrontAndTruncationKeepsTheEnd() {
        assertArrayEquals(new int[] {0, 0, 5, 6, 7}, Padding.padOrTruncate(new int[] {5, 6, 7}, 5));
        assertArrayEquals(new int[] {3, 4, 5, 6, 7}, Padding.padOrTruncate(new int[] {1, 2, 3, 4, 5, 6, 7}, 5));
        assertArrayEquals(new int[] {0, 0, 0}, Padding.padOrTruncate(new int[0], 3));
        INDArray m = Padding.matrix(List.of(new int[] {5, 6, 7}, new int[] {1, 2, 3, 4}), 3);
        assertArrayEquals(new long[] {2, 3}, m.shape());
        assertArrayEquals(new float[] {5, 6, 7, 2, 3, 4}, m.data().asFloat());
    }

    @Test
    void emptyVocabularyIsAOneLineError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.build(List.of(Tokenizer.tokens("!!!"), List.of()), 10));
        assertTrue(e.getMessage().startsWith("empty vocabulary"), e.getMessage());
        assertTrue(e.getMessage().contains("2 texts"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(List.of(List.of("a")), 2));
        assertThrows(IllegalArgumentException.class, () -> Padding.padOrTruncate(new int[] {1}, 0));
    }
}
