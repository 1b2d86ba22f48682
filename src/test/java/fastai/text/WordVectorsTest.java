package fastai.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The GloVe text-format loader on fixture files, and cosine neighbours on hand-made vectors. */
class WordVectorsTest {
    @TempDir Path dir;

    private Path fixture(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void loadsGloveTextFormat() throws Exception {
        Path f = fixture("glove.fixture.3d.txt", "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\ncat 1 0 -1.5e-1\n");
        WordVectors v = GloveFormat.load(f, 3);
        assertEquals(3, v.size());
        assertEquals(3, v.dim());
        assertEquals(List.of("the", ",", "cat"), v.words());
        assertArrayEquals(new float[] {1f, 0f, -0.15f}, v.vector("cat").data().asFloat(), 1e-7f);
        assertArrayEquals(new float[] {0.418f, 0.24968f, -0.41242f}, v.vector("the").data().asFloat(), 1e-7f);
        assertEquals(2, GloveFormat.load(f, -1, 2).size());   // the first n lines only
    }

    @Test
    void savedVectorsLoadBackExactly() {
        WordVectors v = new WordVectors(List.of("good", "bad"), Nd4j.createFromArray(new float[][] {{0.1f, -2.5f}, {3e-5f, 7f}}));
        Path f = dir.resolve("out.txt");
        GloveFormat.save(v, f);
        WordVectors back = GloveFormat.load(f, 2);
        assertEquals(v.words(), back.words());
        assertEquals(v.matrix(), back.matrix());
    }

    @Test
    void aShortLineIsAOneLineErrorNamingFileAndLine() throws Exception {
        Path f = fixture("short.txt", "the 1 2 3\ncat 1 2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(f));
        assertEquals(f + ":2: a short line: 2 values, expected the word and 3", e.getMessage());
    }

    @Test
    void aWrongDimensionIsAOneLineError() throws Exception {
        Path f = fixture("glove.3d.txt", "the 1 2 3\ncat 1 2 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(f, 50));
        assertEquals(f + ":1: vectors of 3 dimensions, expected 50", e.getMessage());
    }

    @Test
    void otherBadFilesAreOneLineErrors() throws Exception {
        Path nan = fixture("nan.txt", "the 1 x 3\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(nan)).getMessage()
                .endsWith("nan.txt:1: 'x' is not a number"));
        Path empty = fixture("empty.txt", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(empty)).getMessage()
                .endsWith("empty.txt: no word vectors in the file"));
        Path missing = dir.resolve("nope.txt");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(missing)).getMessage()
                .endsWith("nope.txt: no such word-vectors file"));
        Path wordOnly = fixture("word.txt", "the\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GloveFormat.load(wordOnly)).getMessage()
                .contains("word.txt:1: expected a word followed by its vector"));
    }

    @Test
    void nearestNeighboursByCosine() {
        // a and b point almost the same way; c is at right angles to a; d is a's opposite; e is a scaled copy of b
        WordVectors v = new WordVectors(List.of("a", "b", "c", "d", "e"), Nd4j.createFromArray(new float[][] {
                {1, 0}, {0.9f, 0.1f}, {0, 1}, {-1, 0}, {9, 1}}));
        var near = v.nearest("a", 4);
        assertEquals(List.of("b", "e", "c", "d"), near.stream().map(WordVectors.Neighbour::word).toList());
        double cosAB = 0.9 / Math.sqrt(0.81 + 0.01);
        assertEquals(cosAB, near.get(0).cosine(), 1e-6);
        assertEquals(cosAB, near.get(1).cosine(), 1e-6);   // length does not matter
        assertEquals(0.0, near.get(2).cosine(), 1e-6);
        assertEquals(-1.0, near.get(3).cosine(), 1e-6);
        assertEquals(1.0, v.cosine("b", "e"), 1e-6);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> v.nearest("zebra", 3)).getMessage().contains("'zebra'"));
    }

    @Test
    void analogyOnHandMadeVectors() {
        WordVectors v = new WordVectors(List.of("man", "woman", "king", "queen", "apple"), Nd4j.createFromArray(new float[][] {
                {1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1}, {0, 0, 1}}));
        // king - man + woman on unit vectors = (0.414, 0.707, 0.707): cosine 0.975 with queen, 0.653 with apple
        var answer = v.analogy("man", "king", "woman", 2);
        assertEquals("queen", answer.get(0).word());
        assertEquals(0.975, answer.get(0).cosine(), 1e-3);
        assertEquals("apple", answer.get(1).word());
        assertEquals(0.653, answer.get(1).cosine(), 1e-3);
    }
}
