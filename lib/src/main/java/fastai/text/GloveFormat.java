package fastai.text;

import fastai.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;

/**
 * GloVe's text format: one word a line, then its numbers, separated by single spaces
 * ({@code the 0.418 0.24968 -0.41242 ...}). Stanford's {@code glove.6B.50d.txt} (which the course
 * used) loads with {@code GloveFormat.load(path, 50)}; our own Word2Vec vectors are cached in the
 * same format.
 */
public final class GloveFormat {
    private GloveFormat() { }

    /** Loads every line; all lines must have the same number of values. */
    public static WordVectors load(Path file) { return load(file, -1, Integer.MAX_VALUE); }

    /** Loads every line and checks that the vectors have {@code dim} dimensions. */
    public static WordVectors load(Path file, int dim) { return load(file, dim, Integer.MAX_VALUE); }

    /**
     * Loads the first {@code maxWords} lines. {@code dim} &lt; 0 takes the dimension of the first line.
     * A line with too few or too many values, a value that is not a number or an empty file is a
     * one-line error naming the file, the line and what was expected.
     */
    public static WordVectors load(Path file, int dim, int maxWords) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such word-vectors file");
        List<String> words = new ArrayList<>();
        float[] data = new float[1 << 16];
        int d = dim, n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; n < maxWords && (line = r.readLine()) != null; ) {
                int lineNo = n + 1;
                if (line.isBlank()) throw new IllegalArgumentException(file + ":" + lineNo + ": empty line; expected a word and its vector");
                String[] parts = line.trim().split(" ");
                int values = parts.length - 1;
                if (d < 0) {
                    if (values < 1) throw new IllegalArgumentException(file + ":1: expected a word followed by its vector, found '" + shorten(line) + "'");
                    d = values;
                }
                if (values != d) {
                    String what = n == 0 && dim >= 0
                            ? "vectors of " + values + " dimensions, expected " + d
                            : (values < d ? "a short line: " : "a long line: ") + values + " values, expected the word and " + d;
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + what);
                }
                if ((long) (n + 1) * d > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, (n + 1) * d));
                for (int j = 0; j < d; j++) {
                    try {
                        data[n * d + j] = Float.parseFloat(parts[j + 1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + lineNo + ": '" + shorten(parts[j + 1]) + "' is not a number");
                    }
                }
                words.add(parts[0]);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) throw new IllegalArgumentException(file + ": no word vectors in the file");
        return new WordVectors(words, Nd4j.create(Arrays.copyOf(data, n * d), new long[] {n, d}, 'c'));
    }

    /** Writes {@code v} in GloVe's format, atomically (a reader sees the old file or the whole new one). */
    public static void save(WordVectors v, Path file) {
        AtomicFiles.write(file, tmp -> {
            float[] m = v.matrix().dup('c').data().asFloat();
            int d = v.dim();
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (int i = 0; i < v.size(); i++) {
                    StringBuilder sb = new StringBuilder(v.words().get(i));
                    for (int j = 0; j < d; j++) sb.append(' ').append(m[i * d + j]);
                    w.write(sb.toString());
                    w.newLine();
                }
            }
        });
    }

    private static String shorten(String s) { return s.length() > 40 ? s.substring(0, 40) + "..." : s; }
}
