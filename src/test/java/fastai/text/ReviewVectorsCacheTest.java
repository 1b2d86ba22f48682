package fastai.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word2Vec's cache: used only when complete (marker written last, checksum and settings match). */
class ReviewVectorsCacheTest {
    @TempDir Path dir;

    @Test
    void onlyACompleteMatchingCacheCounts() throws Exception {
        List<List<String>> docs = new ArrayList<>();
        for (int i = 0; i < 60; i++) docs.add(Tokenizer.tokens(i % 2 == 0 ? "a good film with a good plot" : "a bad film with a dull plot"));
        ReviewVectors.Settings s = new ReviewVectors.Settings(8, 2, 1, 1, 7);
        Path cache = dir.resolve("vectors.txt");
        WordVectors v = ReviewVectors.trainAndCache(docs, s, cache);
        assertEquals("a", v.words().get(0));   // most frequent first
        assertEquals(8, v.dim());
        assertTrue(ReviewVectors.isComplete(cache, s));
        assertEquals(v.words(), GloveFormat.load(cache, 8).words());

        assertFalse(ReviewVectors.isComplete(cache, new ReviewVectors.Settings(8, 2, 1, 2, 7)));   // other settings

        byte[] whole = Files.readAllBytes(cache);
        Files.write(cache, java.util.Arrays.copyOf(whole, whole.length / 2));               // half-written
        assertFalse(ReviewVectors.isComplete(cache, s));

        Files.write(cache, whole);
        assertTrue(ReviewVectors.isComplete(cache, s));
        Files.delete(ReviewVectors.markerOf(cache));                                         // no marker
        assertFalse(ReviewVectors.isComplete(cache, s));
    }
}
