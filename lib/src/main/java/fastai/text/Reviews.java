package fastai.text;

import fastai.Figures;
import fastai.Config;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The IMDB reviews as split by {@code ./fastai setup} into {@code data/imdb/train.tsv} and
 * {@code data/imdb/test.tsv}: one review a line, {@code label<TAB>text}.
 */
public final class Reviews {
    private Reviews() { }

    /** The folder the set-up writes ({@code data/imdb}). */
    public static Path folder() { return Config.dataDir().resolve("imdb"); }

    /** The 25,000 training reviews. */
    public static List<Review> train() { return read(ready().resolve("train.tsv")); }

    /** The 25,000 held-out reviews (the course's validation set). */
    public static List<Review> test() { return read(ready().resolve("test.tsv")); }

    private static Path ready() {
        Path f = folder();
        if (!Files.isRegularFile(f.resolve(".complete"))) {
            throw new IllegalStateException("the IMDB reviews are not set up at " + f + ": run ./fastai setup");
        }
        return f;
    }

    /** Reads a {@code label<TAB>text} file; a line that is not one is an error naming the file and line. */
    public static List<Review> read(Path file) {
        Figures.used("data", file);
        List<Review> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                n++;
                int tab = line.indexOf('\t');
                String label = tab < 0 ? "" : line.substring(0, tab);
                if (!label.equals("0") && !label.equals("1") || line.substring(tab + 1).isBlank()) {
                    throw new IllegalArgumentException(file + ":" + n + ": expected '0 or 1, a tab, the review's text'");
                }
                out.add(new Review(line.substring(tab + 1), label.charAt(0) - '0'));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes reviews as {@code label<TAB>text} (tabs and line breaks in the text become spaces). */
    public static void write(List<Review> reviews, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Review rv : reviews) {
                w.write(rv.label() + "\t" + rv.text().replaceAll("[\\t\\r\\n]+", " "));
                w.newLine();
            }
        }
    }

    /** A seeded random sample of {@code n} reviews (all of them when n is larger). */
    public static List<Review> sample(List<Review> reviews, int n, long seed) {
        List<Review> copy = new ArrayList<>(reviews);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, Math.min(n, copy.size()));
    }

    /** The labels as an {@code [n, 1]} column of 0/1, the sigmoid output's targets. */
    public static INDArray labels(List<Review> reviews) {
        float[] y = new float[reviews.size()];
        for (int i = 0; i < y.length; i++) y[i] = reviews.get(i).label();
        return Nd4j.create(y, new long[] {y.length, 1}, 'c');
    }
}
