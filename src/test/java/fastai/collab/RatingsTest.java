package fastai.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import fastai.io.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsTest {
    @TempDir Path dir;

    static final String RATINGS = """
            userId,movieId,rating,timestamp
            1,31,2.5,1260759144
            1,1029,3.0,1260759179
            2,31,4.0,835355493
            3,11,5.0,1298861675
            """;
    static final String MOVIES = """
            movieId,title,genres
            11,"American President, The (1995)",Comedy|Drama|Romance
            31,Dangerous Minds (1995),Drama
            1029,Dumbo (1941),Animation|Children|Drama|Musical
            """;

    Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    String error(String content) throws IOException {
        Path f = write("ratings.csv", content);
        return assertThrows(DataException.class, () -> Ratings.read(f)).getMessage();
    }

    @Test void readsGroupLensLayout() throws IOException {
        Ratings r = Ratings.read(write("ratings.csv", RATINGS));
        assertEquals(4, r.size());
        assertEquals(3, r.distinctUsers());
        assertEquals(3, r.distinctMovies());
        assertEquals(1029, r.movie(1));
        assertEquals(3.0f, r.rating(1));
        assertEquals(835355493L, r.timestamp(2));
        assertEquals(4, r.line(2));
        assertEquals((2.5 + 3 + 4 + 5) / 4, r.mean(), 1e-9);
    }

    @Test void columnsAreFoundByNameAndTimestampIsOptional() throws IOException {
        Ratings r = Ratings.read(write("ratings.csv", "rating,movieId,userId\n4.5,7,3\n"));
        assertEquals(3, r.user(0));
        assertEquals(7, r.movie(0));
        assertEquals(4.5f, r.rating(0));
    }

    @Test void missingColumn() throws IOException {
        assertEquals(dir.resolve("ratings.csv") + " line 1: no column 'rating' in the header 'userId,movieId,timestamp';"
                + " expected the columns userId,movieId,rating,timestamp", error("userId,movieId,timestamp\n1,2,3\n"));
    }

    @Test void nonNumericRating() throws IOException {
        assertEquals(dir.resolve("ratings.csv") + " line 3: rating 'four' is not a number; expected a number such as 3.5",
                error("userId,movieId,rating,timestamp\n1,2,3.5,9\n1,3,four,9\n"));
    }

    @Test void nonNumericId() throws IOException {
        assertEquals(dir.resolve("ratings.csv") + " line 2: userId 'x7' is not a whole number; expected an id such as 42",
                error("userId,movieId,rating,timestamp\nx7,2,3.5,9\n"));
    }

    @Test void tooFewFields() throws IOException {
        assertEquals(dir.resolve("ratings.csv") + " line 2: 2 fields ('1,2'), expected 4 (userId,movieId,rating,timestamp)",
                error("userId,movieId,rating,timestamp\n1,2\n"));
    }

    @Test void emptyFile() throws IOException {
        assertEquals(dir.resolve("ratings.csv") + " line 1: the file is empty; expected a header userId,movieId,rating,timestamp and one rating per line",
                error(""));
        assertEquals(dir.resolve("ratings.csv") + ": no ratings after the header (line 1); expected one rating per line",
                error("userId,movieId,rating,timestamp\n"));
    }

    @Test void missingFile() {
        Path f = dir.resolve("nope.csv");
        assertEquals("no ratings file " + f + " (expected a CSV userId,movieId,rating,timestamp)",
                assertThrows(DataException.class, () -> Ratings.read(f)).getMessage());
    }

    @Test void aGroupLensZipIsReadInPlace() throws IOException {
        Path zip = dir.resolve("ml-latest-small.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("ml-latest-small/"));
            z.closeEntry();
            for (String[] e : new String[][] {{"ratings.csv", RATINGS}, {"movies.csv", MOVIES}, {"README.txt", "x"}}) {
                z.putNextEntry(new ZipEntry("ml-latest-small/" + e[0]));
                z.write(e[1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        MovieLens ml = MovieLens.load(zip);
        assertEquals(4, ml.ratings().size());
        assertEquals(3, ml.movieCount());
        assertEquals("American President, The (1995)", ml.title(11));
        assertEquals("Drama", ml.genres(31));
        assertEquals("movie 999", ml.title(999));
        assertEquals(zip + "!ml-latest-small/ratings.csv", ml.ratings().source());
        assertEquals("4 ratings, 3 users, 3 rated movies (3 titles): not the course's data set, which had 100,004 ratings, 671 users, 9,066 movies",
                ml.countCheck());
        // and the same files unzipped into a folder
        Path folder = Files.createDirectories(dir.resolve("unzipped"));
        Files.writeString(folder.resolve("ratings.csv"), RATINGS);
        Files.writeString(folder.resolve("movies.csv"), MOVIES);
        assertEquals(ml.ratings().size(), MovieLens.load(folder).ratings().size());
    }

    @Test void aZipWithoutRatingsIsOneLine() throws IOException {
        Path zip = dir.resolve("other.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("movies.csv"));
            z.write(MOVIES.getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertEquals(zip + ": no ratings.csv inside; expected GroupLens's ml-latest-small.zip",
                assertThrows(DataException.class, () -> MovieLens.load(zip)).getMessage());
    }

    @Test void splitIsSeededAndComplete() throws IOException {
        int n = 1000;
        int[] u = new int[n], m = new int[n];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) { u[i] = i % 7; m[i] = i; s[i] = 1 + i % 5; }
        Ratings r = Ratings.of("x", u, m, s);
        Ratings[] a = r.split(0.2, 42), b = r.split(0.2, 42);
        assertEquals(n, a[0].size() + a[1].size());
        assertEquals(a[1].size(), b[1].size());
        assertEquals(a[1].movie(0), b[1].movie(0));
        assertEquals(0.2, a[1].size() / (double) n, 0.04);
    }

    @Test void baselinesByHand() {
        Ratings train = Ratings.of("t", new int[] {1, 2, 3}, new int[] {7, 7, 8}, new float[] {4, 2, 5});
        Ratings valid = Ratings.of("v", new int[] {1, 2}, new int[] {7, 9}, new float[] {3, 1});
        double mu = 11.0 / 3;
        assertEquals((Math.pow(3 - mu, 2) + Math.pow(1 - mu, 2)) / 2, Baselines.globalMeanMse(train, valid), 1e-12);
        // movie 7's mean is 3; movie 9 is unseen -> the global mean
        assertEquals((0 + Math.pow(1 - mu, 2)) / 2, Baselines.movieMeanMse(train, valid), 1e-12);
    }
}
