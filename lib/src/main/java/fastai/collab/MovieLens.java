package fastai.collab;

import fastai.Figures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import fastai.Config;
import fastai.io.DataException;
import java.util.regex.Pattern;

/**
 * MovieLens as the course used it: the ratings and the movie titles. {@link #load(Path)} takes a
 * folder with {@code ratings.csv} and {@code movies.csv} (what {@code ./fastai setup} makes in
 * {@code data/movielens/}, or GroupLens's unzipped {@code ml-latest-small/}) or GroupLens's zip
 * itself ({@code ml-latest-small.zip}, read in place).
 */
public final class MovieLens {
    /** The course's MovieLens small (2016): ratings, users, movies. */
    public static final int COURSE_RATINGS = 100_004, COURSE_USERS = 671, COURSE_MOVIES = 9_066;

    private final String source;
    private final Ratings ratings;
    private final Map<Integer, String> titles;
    private final Map<Integer, String> genres;

    private MovieLens(String source, Ratings ratings, Map<Integer, String> titles, Map<Integer, String> genres) {
        this.source = source;
        this.ratings = ratings;
        this.titles = titles;
        this.genres = genres;
    }

    /** {@code data/movielens/}, made by {@code ./fastai setup} from Debian's r-cran-dslabs. */
    public static Path defaultFolder() { return Config.dataDir().resolve("movielens"); }

    /** The default data (checked complete first). */
    public static MovieLens load() {
        Path dir = defaultFolder();
        if (!Files.isRegularFile(dir.resolve(".complete"))) {
            throw new DataException(dir + " is missing or incomplete (no .complete marker): run ./fastai setup, or bash datasets/movielens.sh");
        }
        return load(dir);
    }

    /** A folder with ratings.csv and movies.csv, or GroupLens's zip. */
    public static MovieLens load(Path folderOrZip) {
        Figures.used("data", folderOrZip);
        if (Files.isDirectory(folderOrZip)) {
            Ratings r = Ratings.read(folderOrZip.resolve("ratings.csv"));
            Path movies = folderOrZip.resolve("movies.csv");
            if (!Files.isRegularFile(movies)) throw new DataException("no movies file " + movies + " (expected a CSV movieId,title,genres)");
            try (InputStream in = Files.newInputStream(movies)) {
                return withMovies(folderOrZip.toString(), r, movies.toString(), in);
            } catch (IOException e) {
                throw new DataException("cannot read " + movies + ": " + e.getMessage(), e);
            }
        }
        if (Files.isRegularFile(folderOrZip) && folderOrZip.getFileName().toString().endsWith(".zip")) return fromZip(folderOrZip);
        throw new DataException(folderOrZip + " is neither a folder with ratings.csv and movies.csv nor a GroupLens .zip");
    }

    private static MovieLens fromZip(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry re = entry(z, "ratings.csv"), me = entry(z, "movies.csv");
            if (re == null || me == null) {
                throw new DataException(zip + ": no " + (re == null ? "ratings.csv" : "movies.csv") + " inside; expected GroupLens's ml-latest-small.zip");
            }
            Ratings r;
            try (InputStream in = z.getInputStream(re)) {
                r = Ratings.read(zip + "!" + re.getName(), in);
            }
            try (InputStream in = z.getInputStream(me)) {
                return withMovies(zip.toString(), r, zip + "!" + me.getName(), in);
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + zip + ": " + e.getMessage(), e);
        }
    }

    /** The entry called {@code name} at the top or one folder down (GroupLens: ml-latest-small/ratings.csv). */
    private static ZipEntry entry(ZipFile z, String name) {
        return z.stream().filter(e -> !e.isDirectory() && (e.getName().equals(name) || e.getName().matches("[^/]+/" + Pattern.quote(name))))
                .findFirst().orElse(null);
    }

    private static MovieLens withMovies(String source, Ratings r, String moviesSource, InputStream in) throws IOException {
        BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = br.readLine();
        if (header == null) throw new DataException(moviesSource + " line 1: the file is empty; expected a header movieId,title,genres");
        List<String> names = fields(header.replace("\uFEFF", ""));
        int ci = names.indexOf("movieId"), ct = names.indexOf("title"), cg = names.indexOf("genres");
        if (ci < 0 || ct < 0) {
            throw new DataException(moviesSource + " line 1: no column '" + (ci < 0 ? "movieId" : "title") + "' in the header '" + header.trim() + "'; expected movieId,title,genres");
        }
        Map<Integer, String> titles = new HashMap<>(), genres = new HashMap<>();
        String s;
        int line = 1;
        while ((s = br.readLine()) != null) {
            line++;
            if (s.isBlank()) continue;
            List<String> f = fields(s);
            if (f.size() <= Math.max(ci, ct)) {
                throw new DataException(moviesSource + " line " + line + ": " + f.size() + " fields, expected " + names.size() + " (" + String.join(",", names) + ")");
            }
            int id;
            try {
                id = Integer.parseInt(f.get(ci).trim());
            } catch (NumberFormatException e) {
                throw new DataException(moviesSource + " line " + line + ": movieId '" + f.get(ci) + "' is not a whole number");
            }
            titles.put(id, f.get(ct));
            if (cg >= 0 && cg < f.size()) genres.put(id, f.get(cg));
        }
        return new MovieLens(source, r, titles, genres);
    }

    /** One CSV line split into fields; double quotes around a field, "" inside it for a quote. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { cur.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    public String source() { return source; }
    public Ratings ratings() { return ratings; }
    public int movieCount() { return titles.size(); }

    /** The movie's title, or "movie N" when the file has none. */
    public String title(int movieId) {
        String t = titles.get(movieId);
        return t == null || t.isBlank() ? "movie " + movieId : t;
    }

    public String genres(int movieId) { return genres.getOrDefault(movieId, ""); }

    /** The counts beside the course's: says whether they are the course's data set. */
    public String countCheck() {
        int n = ratings.size(), u = ratings.distinctUsers(), m = ratings.distinctMovies();
        boolean same = n == COURSE_RATINGS && u == COURSE_USERS && m == COURSE_MOVIES;
        return String.format(Locale.ROOT, "%,d ratings, %,d users, %,d rated movies (%,d titles): %s", n, u, m, titles.size(),
                same ? "the course's MovieLens small, exactly"
                        : String.format(Locale.ROOT, "not the course's data set, which had %,d ratings, %,d users, %,d movies", COURSE_RATINGS, COURSE_USERS, COURSE_MOVIES));
    }

    @Override public String toString() { return "MovieLens from " + source + ": " + countCheck(); }
}
