package fastai.datasets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import fastai.io.DataException;

/**
 * Makes {@code data/movielens/} from the {@code movielens} data frame of the R package dslabs
 * (Debian's {@code r-cran-dslabs}, unpacked by {@code datasets/movielens.sh}): GroupLens's
 * "ml-latest-small" as of 2016, the data set of the course's lesson 4.
 *
 * <p>It writes the two files the course read, in GroupLens's own layout:
 * {@code ratings.csv} ({@code userId,movieId,rating,timestamp}, sorted by user then movie) and
 * {@code movies.csv} ({@code movieId,title,genres}, titles with a comma in double quotes). dslabs
 * split GroupLens's title "Toy Story (1995)" into a title and a year; we join them back the same
 * way. Five titles that do not end in "(year)" (TV series such as "(1975-1979)") came out of
 * dslabs's split as NA; their title field is left empty. dslabs kept only movies that have ratings, so {@code movies.csv} has 9,066 movies where
 * GroupLens's had 9,125 (59 movies nobody rated); every rated movie is there.
 *
 * <p>Before the folder is renamed into place, the counts (100,004 ratings, 671 users, 9,066
 * movies) and the files' SHA-256 are checked; {@code SHA256SUMS} and {@code README.txt} go with
 * them and {@code .complete} is written last ({@link AtomicFolder}).
 *
 * <pre>MovieLensFromR --rdata DIR/dslabs/data/Rdata --out data/movielens</pre>
 */
public final class MovieLensFromR {
    public static final int RATINGS = 100_004, USERS = 671, MOVIES = 9_066;
    /** SHA-256 of the files made from r-cran-dslabs 0.7.4-1 (Debian 12). */
    static final Map<String, String> SHA256 = Map.of(
            "ratings.csv", "b4239649fbf90ebf405c56c3ae1d929d9e7c86fc1a3a80cbef1c884df593ef73",
            "movies.csv", "dd43da0fcff532dce64eb7823df3cdbe425a63e54cc0180a3a6cb01999ddb659");

    private MovieLensFromR() { }

    public static void main(String[] args) {
        Path rdata = null, out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rdata" -> rdata = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> { }
            }
        }
        if (rdata == null || out == null) {
            System.err.println("usage: MovieLensFromR --rdata <dslabs>/data/Rdata --out data/movielens");
            System.exit(2);
        }
        try {
            make(rdata, out, true);
        } catch (DataException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Makes {@code out} unless it is complete; {@code checkSums}: compare with the known SHA-256. */
    public static boolean make(Path rdataBase, Path out, boolean checkSums) {
        return AtomicFolder.make(out, "movielens", tmp -> {
            RSerialization.RObject df = RLazyLoadDb.open(rdataBase).read("movielens");
            if (!df.inherits("data.frame")) throw new DataException(rdataBase + ": 'movielens' is not a data frame");
            Table t = Table.of(df, rdataBase);
            byte[] ratings = t.ratingsCsv(), movies = t.moviesCsv();
            String counts = t.counts();
            if (t.ratingCount() != RATINGS || t.userCount() != USERS || t.movieCount() != MOVIES) {
                throw new DataException(rdataBase + ": expected the course's MovieLens small (" + RATINGS + " ratings, " + USERS
                        + " users, " + MOVIES + " movies), found " + counts);
            }
            StringBuilder sums = new StringBuilder();
            for (var e : new TreeMap<>(Map.of("ratings.csv", ratings, "movies.csv", movies)).entrySet()) {
                String sum = sha256(e.getValue());
                String want = SHA256.get(e.getKey());
                if (checkSums && !sum.equals(want)) {
                    throw new DataException(e.getKey() + " made from " + rdataBase + " has SHA-256 " + sum + ", expected " + want
                            + " (the files of r-cran-dslabs 0.7.4-1); the package's data has changed");
                }
                Files.write(tmp.resolve(e.getKey()), e.getValue());
                sums.append(sum).append("  ").append(e.getKey()).append('\n');
            }
            Files.writeString(tmp.resolve("SHA256SUMS"), sums, StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve("README.txt"), """
                    movielens: GroupLens's MovieLens "ml-latest-small" as of 2016 (the course's lesson 4 data)
                    %s
                    Taken from the movielens data frame of the R package dslabs (Debian package r-cran-dslabs),
                    read from its lazy-load database %s by fastai.datasets.MovieLensFromR,
                    written in GroupLens's layout: ratings.csv (userId,movieId,rating,timestamp) and
                    movies.csv (movieId,title,genres; titles rebuilt as "title (year)"; only rated movies;
                    five titles without a plain "(year)" were lost by dslabs and are left empty).
                    The data is (c) GroupLens Research, University of Minnesota, free for research and
                    education under its own licence (https://grouplens.org/datasets/movielens/).
                    """.formatted(counts, rdataBase), StandardCharsets.UTF_8);
            Progress.out().println("movielens: " + counts);
        });
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data frame's columns as Java arrays. */
    record Table(int[] user, int[] movie, double[] rating, long[] time, Map<Integer, String[]> titles) {
        static Table of(RSerialization.RObject df, Path src) {
            int[] user = ints(df, "userId", src), movie = ints(df, "movieId", src);
            double[] rating = doubles(df, "rating", src), ts = doubles(df, "timestamp", src);
            String[] title = strings(df, "title", src), genres = strings(df, "genres", src);
            int[] year = ints(df, "year", src);
            long[] time = new long[ts.length];
            for (int i = 0; i < ts.length; i++) time[i] = (long) ts[i];
            Map<Integer, String[]> titles = new TreeMap<>();
            for (int i = 0; i < movie.length; i++) {
                String full = year[i] == RSerialization.NA_INTEGER ? title[i] : title[i] + " (" + year[i] + ")";
                titles.putIfAbsent(movie[i], new String[] {full, genres[i]});
            }
            return new Table(user, movie, rating, time, titles);
        }

        int ratingCount() { return user.length; }
        int userCount() { return (int) Arrays.stream(user).distinct().count(); }
        int movieCount() { return titles.size(); }

        String counts() {
            return String.format(Locale.ROOT, "%,d ratings, %,d users, %,d movies", ratingCount(), userCount(), movieCount());
        }

        byte[] ratingsCsv() {
            Integer[] order = new Integer[user.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> user[a] != user[b] ? Integer.compare(user[a], user[b]) : Integer.compare(movie[a], movie[b]));
            StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
            for (int i : order) {
                sb.append(user[i]).append(',').append(movie[i]).append(',')
                        .append(String.format(Locale.ROOT, "%.1f", rating[i])).append(',').append(time[i]).append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        byte[] moviesCsv() {
            StringBuilder sb = new StringBuilder("movieId,title,genres\n");
            titles.forEach((id, tg) -> sb.append(id).append(',').append(csv(tg[0])).append(',').append(csv(tg[1])).append('\n'));
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static String csv(String s) {
        if (s == null) return "";
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static RSerialization.RObject column(RSerialization.RObject df, String name, Path src) {
        RSerialization.RObject c = df.get(name);
        if (c == null) throw new DataException(src + ": the movielens data frame has no column '" + name + "'");
        return c;
    }

    static int[] ints(RSerialization.RObject df, String name, Path src) {
        Object d = column(df, name, src).data();
        if (d instanceof int[] a) return a;
        if (d instanceof double[] a) {
            int[] v = new int[a.length];
            for (int i = 0; i < a.length; i++) v[i] = Double.isNaN(a[i]) ? RSerialization.NA_INTEGER : (int) a[i];
            return v;
        }
        throw new DataException(src + ": column '" + name + "' is not numeric");
    }

    static double[] doubles(RSerialization.RObject df, String name, Path src) {
        Object d = column(df, name, src).data();
        if (d instanceof double[] a) return a;
        if (d instanceof int[] a) return Arrays.stream(a).asDoubleStream().toArray();
        throw new DataException(src + ": column '" + name + "' is not numeric");
    }

    /** A character column, or a factor's labels. */
    static String[] strings(RSerialization.RObject df, String name, Path src) {
        RSerialization.RObject c = column(df, name, src);
        if (c.data() instanceof String[] s) return s;
        if (c.data() instanceof int[] codes && c.inherits("factor")) {
            String[] levels = c.stringAttr("levels");
            String[] v = new String[codes.length];
            for (int i = 0; i < codes.length; i++) v[i] = codes[i] == RSerialization.NA_INTEGER ? null : levels[codes[i] - 1];
            return v;
        }
        throw new DataException(src + ": column '" + name + "' is neither text nor a factor");
    }

}
