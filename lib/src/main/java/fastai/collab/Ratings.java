package fastai.collab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import fastai.io.DataException;
import java.util.HashSet;
import java.util.Set;

/**
 * Ratings in memory, one row per (user, movie, rating), read from a CSV in GroupLens's layout
 * ({@code userId,movieId,rating,timestamp}; columns found by name, timestamp optional). Each row
 * remembers its file and line, so a later problem (an id the model has no embedding row for) can
 * name where the rating came from. Subsets share nothing mutable.
 *
 * <p>Bad input is one line naming the file, the line and what was expected ({@link DataException}):
 * an empty file, a header without a needed column, a row with too few fields, a value that is not
 * a number.
 */
public final class Ratings {
    public static final List<String> COLUMNS = List.of("userId", "movieId", "rating", "timestamp");

    private final String source;
    private final int[] user, movie, line;
    private final float[] rating;
    private final long[] time;

    private Ratings(String source, int[] user, int[] movie, float[] rating, long[] time, int[] line) {
        this.source = source;
        this.user = user;
        this.movie = movie;
        this.rating = rating;
        this.time = time;
        this.line = line;
    }

    /** Reads {@code csv}. */
    public static Ratings read(Path csv) {
        if (!Files.isRegularFile(csv)) throw new DataException("no ratings file " + csv + " (expected a CSV userId,movieId,rating,timestamp)");
        try (InputStream in = Files.newInputStream(csv)) {
            return read(csv.toString(), in);
        } catch (IOException e) {
            throw new DataException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Reads a CSV from {@code in}; {@code source} names it in messages. */
    public static Ratings read(String source, InputStream in) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String header = r.readLine();
        if (header == null || header.isBlank()) {
            throw new DataException(source + " line 1: the file is empty; expected a header " + String.join(",", COLUMNS) + " and one rating per line");
        }
        String[] names = header.replace("\uFEFF", "").trim().split(",", -1);
        int cu = find(names, "userId"), cm = find(names, "movieId"), cr = find(names, "rating"), ct = find(names, "timestamp");
        for (String need : List.of("userId", "movieId", "rating")) {
            if (find(names, need) < 0) {
                throw new DataException(source + " line 1: no column '" + need + "' in the header '" + header.trim()
                        + "'; expected the columns " + String.join(",", COLUMNS));
            }
        }
        int minFields = Math.max(Math.max(cu, cm), Math.max(cr, ct)) + 1;
        IntList us = new IntList(), ms = new IntList(), ls = new IntList();
        FloatList rs = new FloatList();
        LongList ts = new LongList();
        int n = 0, lineNo = 1;
        String s;
        while ((s = r.readLine()) != null) {
            lineNo++;
            if (s.isBlank()) continue;
            String[] f = s.split(",", -1);
            if (f.length < minFields) {
                throw new DataException(source + " line " + lineNo + ": " + f.length + " field" + (f.length == 1 ? "" : "s")
                        + " ('" + s.trim() + "'), expected " + names.length + " (" + String.join(",", names) + ")");
            }
            us.add(integer(f[cu], "userId", source, lineNo));
            ms.add(integer(f[cm], "movieId", source, lineNo));
            float v = number(f[cr], source, lineNo);
            rs.add(v);
            ts.add(ct >= 0 ? integer64(f[ct], source, lineNo) : 0);
            ls.add(lineNo);
            n++;
        }
        if (n == 0) throw new DataException(source + ": no ratings after the header (line 1); expected one rating per line");
        return new Ratings(source, us.toArray(), ms.toArray(), rs.toArray(), ts.toArray(), ls.toArray());
    }

    private static int find(String[] names, String name) {
        for (int i = 0; i < names.length; i++) if (names[i].trim().equals(name)) return i;
        return -1;
    }

    private static int integer(String v, String column, String source, int line) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new DataException(source + " line " + line + ": " + column + " '" + v + "' is not a whole number; expected an id such as 42");
        }
    }

    private static long integer64(String v, String source, int line) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new DataException(source + " line " + line + ": timestamp '" + v + "' is not a whole number; expected seconds since 1970");
        }
    }

    private static float number(String v, String source, int line) {
        float x;
        try {
            x = Float.parseFloat(v.trim());
        } catch (NumberFormatException e) {
            x = Float.NaN;
        }
        if (!Float.isFinite(x)) {
            throw new DataException(source + " line " + line + ": rating '" + v + "' is not a number; expected a number such as 3.5");
        }
        return x;
    }

    /** Ratings made in code (tests, small examples); {@code line} numbers count from 2 as in a file. */
    public static Ratings of(String source, int[] users, int[] movies, float[] ratings) {
        if (users.length != movies.length || users.length != ratings.length) throw new IllegalArgumentException("users, movies and ratings must have the same length");
        int[] line = new int[users.length];
        for (int i = 0; i < line.length; i++) line[i] = i + 2;
        return new Ratings(source, users.clone(), movies.clone(), ratings.clone(), new long[users.length], line);
    }

    public String source() { return source; }
    public int size() { return user.length; }
    public int user(int i) { return user[i]; }
    public int movie(int i) { return movie[i]; }
    public float rating(int i) { return rating[i]; }
    public long timestamp(int i) { return time[i]; }
    /** The line of {@link #source()} that row {@code i} came from. */
    public int line(int i) { return line[i]; }
    public int[] users() { return user.clone(); }
    public int[] movies() { return movie.clone(); }
    public float[] ratings() { return rating.clone(); }

    public int distinctUsers() { return (int) Arrays.stream(user).distinct().count(); }
    public int distinctMovies() { return (int) Arrays.stream(movie).distinct().count(); }

    public double mean() {
        double s = 0;
        for (float v : rating) s += v;
        return s / rating.length;
    }

    /** The rows at {@code rows}, in that order. */
    public Ratings rows(int[] rows) {
        int n = rows.length;
        int[] u = new int[n], m = new int[n], l = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            int k = rows[i];
            u[i] = user[k]; m[i] = movie[k]; r[i] = rating[k]; t[i] = time[k]; l[i] = line[k];
        }
        return new Ratings(source, u, m, r, t, l);
    }

    /**
     * A seeded random split: element 0 the training rows, element 1 the validation rows (about
     * {@code validFraction} of them, each row drawn independently as the course did).
     */
    public Ratings[] split(double validFraction, long seed) {
        Random rnd = new Random(seed);
        IntList trn = new IntList(), val = new IntList();
        for (int i = 0; i < size(); i++) (rnd.nextDouble() < validFraction ? val : trn).add(i);
        return new Ratings[] {rows(trn.toArray()), rows(val.toArray())};
    }

    /** The ratings of the {@code nUsers} most active users, on the {@code nMovies} most rated movies. */
    public Ratings denseCorner(int nUsers, int nMovies) {
        int[] topU = Counts.top(user, nUsers), topM = Counts.top(movie, nMovies);
        Set<Integer> us = new HashSet<>(), ms = new HashSet<>();
        for (int u : topU) us.add(u);
        for (int m : topM) ms.add(m);
        IntList keep = new IntList();
        for (int i = 0; i < size(); i++) if (us.contains(user[i]) && ms.contains(movie[i])) keep.add(i);
        return rows(keep.toArray());
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "%,d ratings (%,d users, %,d movies, mean %.3f) from %s", size(), distinctUsers(), distinctMovies(), mean(), source);
    }

    // small growable primitive lists (a 100k-row file should not box every number)
    static final class IntList {
        private int[] a = new int[1024];
        private int n;
        void add(int v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }
        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class LongList {
        private long[] a = new long[1024];
        private int n;
        void add(long v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }
        long[] toArray() { return Arrays.copyOf(a, n); }
    }

    static final class FloatList {
        private float[] a = new float[1024];
        private int n;
        void add(float v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }
        float[] toArray() { return Arrays.copyOf(a, n); }
    }
}
