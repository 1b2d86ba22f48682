package fastai.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Words to indices: 0 is padding, 1 stands for every word outside the vocabulary ("rare"), and
 * 2, 3, ... are the most frequent words, most frequent first (ties in alphabetical order, so the
 * same texts always give the same vocabulary). {@code size} counts all indices, padding and rare
 * included, as the course's {@code vocab_size = 5000} did.
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int RARE = 1;
    public static final String PAD_WORD = "<pad>";
    public static final String RARE_WORD = "<rare>";

    private final List<String> words;          // index -> word
    private final long[] counts;               // index -> how often it was seen (0 for pad/rare)
    private final Map<String, Integer> index = new HashMap<>();

    private Vocabulary(List<String> words, long[] counts) {
        this.words = words;
        this.counts = counts;
        for (int i = 0; i < words.size(); i++) index.put(words.get(i), i);
    }

    /** The {@code size - 2} most frequent words of {@code docs}, plus padding and rare. */
    public static Vocabulary build(Collection<? extends List<String>> docs, int size) {
        if (size < 3) throw new IllegalArgumentException("vocabulary size " + size + ": need at least 3 (padding, rare and one word)");
        Map<String, Long> freq = new HashMap<>();
        for (List<String> d : docs) for (String w : d) freq.merge(w, 1L, Long::sum);
        if (freq.isEmpty()) {
            throw new IllegalArgumentException("empty vocabulary: the " + docs.size() + " texts given contain no words");
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(freq.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        int n = Math.min(size - 2, sorted.size());
        List<String> words = new ArrayList<>(n + 2);
        long[] counts = new long[n + 2];
        words.add(PAD_WORD);
        words.add(RARE_WORD);
        for (int i = 0; i < n; i++) {
            words.add(sorted.get(i).getKey());
            counts[i + 2] = sorted.get(i).getValue();
        }
        for (int i = n; i < sorted.size(); i++) counts[RARE] += sorted.get(i).getValue();
        return new Vocabulary(words, counts);
    }

    /** Number of indices (padding and rare included). */
    public int size() { return words.size(); }

    public int index(String word) { return index.getOrDefault(word, RARE); }

    public String word(int i) { return words.get(i); }

    /** How often the word at index {@code i} occurred (for {@link #RARE}: all words outside the vocabulary). */
    public long count(int i) { return counts[i]; }

    public boolean contains(String word) { return index.containsKey(word) && index.get(word) > RARE; }

    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = index(tokens.get(i));
        return ids;
    }

    public List<int[]> encode(Collection<? extends List<String>> docs) {
        List<int[]> out = new ArrayList<>(docs.size());
        for (List<String> d : docs) out.add(encode(d));
        return out;
    }

    /** Indices back to words; padding is left out. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id == PAD) continue;
            if (sb.length() > 0) sb.append(' ');
            sb.append(words.get(id));
        }
        return sb.toString();
    }

    /** One row of a padded matrix back to words. */
    public String decode(INDArray row) {
        int[] ids = row.toIntVector();
        return decode(ids);
    }

    /** The words at indices 2 .. n+1, the {@code n} most frequent. */
    public List<String> mostFrequent(int n) {
        return List.copyOf(words.subList(2, Math.min(words.size(), n + 2)));
    }

    @Override public String toString() {
        return "Vocabulary(" + size() + " indices: " + PAD_WORD + ", " + RARE_WORD + ", "
                + String.join(", ", words.subList(2, Math.min(words.size(), 12))) + (words.size() > 12 ? ", ..." : "") + ")";
    }

}
