package fastai.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CharVocabTest {
    static final String TEXT = "It was a calm morning at sea.\nThe crew, tired but cheerful, mended the nets — and sang!";

    @Test
    void roundTrip() {
        CharVocab v = CharVocab.of(TEXT);
        assertEquals(TEXT, v.decode(v.encode(TEXT)));
    }

    @Test
    void indicesAreSortedAndDense() {
        CharVocab v = CharVocab.of("banana");
        assertEquals(3, v.size());
        assertEquals("abn", v.chars());
        assertArrayEquals(new int[] {1, 0, 2, 0, 2, 0}, v.encode("banana"));
        assertEquals('n', v.charAt(2));
    }

    @Test
    void oneHot() {
        CharVocab v = CharVocab.of("banana");
        assertArrayEquals(new double[] {0, 0, 1}, v.oneHot(v.indexOf('n')));
    }

    @Test
    void unknownCharacterIsAClearError() {
        CharVocab v = CharVocab.of("banana");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("bandana"));
        assertTrue(e.getMessage().contains("'d'"), e.getMessage());
    }

    @Test
    void sequencesAreShiftedByOne() {
        CharVocab v = CharVocab.of(TEXT);
        CharSequences s = new CharSequences(v.encode(TEXT), 8);
        assertEquals((TEXT.length() - 1) / 8, s.count());
        assertEquals("It was a", v.decode(s.inputs(0)));
        assertEquals("t was a ", v.decode(s.targets(0)));
        assertEquals(" calm mo", v.decode(s.inputs(1)));
        int[] order = s.shuffledOrder(new java.util.Random(3));
        assertEquals(s.count(), java.util.Arrays.stream(order).distinct().count());
    }
}
