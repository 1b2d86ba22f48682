package fastai.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Word vectors: one row of {@code vectors} per word, in the order of {@code words} (for GloVe and
 * for our own vectors: most frequent first). Looks up, compares by cosine, solves analogies.
 */
public final class WordVectors {
    private final List<String> words;
    private final INDArray vectors;      // [n, dim]
    private final INDArray unit;         // rows scaled to length 1, for cosines
    private final Map<String, Integer> index = new HashMap<>();

    /** A word and its cosine similarity to what was asked. */
    public record Neighbour(String word, double cosine) {
        @Override public String toString() { return String.format(Locale.ROOT, "%s (%.3f)", word, cosine); }
    }

    public WordVectors(List<String> words, INDArray vectors) {
        if (vectors.rank() != 2 || vectors.rows() != words.size()) {
            throw new IllegalArgumentException("word vectors: " + words.size() + " words but a matrix of shape "
                    + Arrays.toString(vectors.shape()));
        }
        if (words.isEmpty()) throw new IllegalArgumentException("word vectors: no words");
        this.words = List.copyOf(words);
        this.vectors = vectors.castTo(DataType.FLOAT);
        for (int i = 0; i < words.size(); i++) {
            if (index.putIfAbsent(words.get(i), i) != null) {
                throw new IllegalArgumentException("word vectors: the word '" + words.get(i) + "' appears twice");
            }
        }
        INDArray norms = this.vectors.norm2(1).reshape(words.size(), 1);
        this.unit = this.vectors.divColumnVector(Nd4j.getExecutioner().exec(
                new ScalarMax(norms.dup(), 1e-12)));
    }

    public int size() { return words.size(); }
    public int dim() { return (int) vectors.columns(); }
    public List<String> words() { return words; }
    public INDArray matrix() { return vectors; }
    public boolean contains(String word) { return index.containsKey(word); }

    /** The vector of {@code word}; an error naming the word when there is none. */
    public INDArray vector(String word) {
        Integer i = index.get(word);
        if (i == null) throw new IllegalArgumentException("no vector for '" + word + "'");
        return vectors.getRow(i).dup();
    }

    public double cosine(String a, String b) {
        return unit.getRow(index(a)).mul(unit.getRow(index(b))).sumNumber().doubleValue();
    }

    /** The {@code k} words closest to {@code word} by cosine, the word itself left out. */
    public List<Neighbour> nearest(String word, int k) {
        return nearest(vector(word), k, Set.of(word));
    }

    /** The {@code k} words closest to {@code v} by cosine, leaving out {@code exclude}. */
    public List<Neighbour> nearest(INDArray v, int k, Set<String> exclude) {
        INDArray q = v.castTo(unit.dataType()).reshape(dim(), 1);
        double norm = q.norm2Number().doubleValue();
        if (norm == 0) throw new IllegalArgumentException("nearest words to a zero vector are undefined");
        double[] cos = unit.mmul(q).div(norm).toDoubleVector();
        List<Integer> order = new ArrayList<>(cos.length);
        for (int i = 0; i < cos.length; i++) if (!exclude.contains(words.get(i))) order.add(i);
        order.sort((x, y) -> Double.compare(cos[y], cos[x]));
        List<Neighbour> out = new ArrayList<>();
        for (int i : order.subList(0, Math.min(k, order.size()))) out.add(new Neighbour(words.get(i), cos[i]));
        return Collections.unmodifiableList(out);
    }

    /** "a is to b as c is to ?": the words nearest to b - a + c (on unit vectors), the three left out. */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        INDArray v = unit.getRow(index(b)).sub(unit.getRow(index(a))).add(unit.getRow(index(c)));
        return nearest(v, k, Set.of(a, b, c));
    }

    /** The first {@code n} words and their vectors. */
    public WordVectors first(int n) { return range(0, n); }

    /** The words ranked {@code from} (inclusive) to {@code to} (exclusive) and their vectors. */
    public WordVectors range(int from, int to) {
        int a = Math.max(0, from), b = Math.min(to, size());
        if (a >= b) throw new IllegalArgumentException("no words ranked " + from + " to " + to + " among " + size());
        return new WordVectors(words.subList(a, b), vectors.get(NDArrayIndex.interval(a, b),
                NDArrayIndex.all()).dup());
    }

    private int index(String word) {
        Integer i = index.get(word);
        if (i == null) throw new IllegalArgumentException("no vector for '" + word + "'");
        return i;
    }

    @Override public String toString() {
        return "WordVectors(" + size() + " words, " + dim() + " dimensions: "
                + String.join(", ", words.subList(0, Math.min(8, size()))) + (size() > 8 ? ", ..." : "") + ")";
    }
}
