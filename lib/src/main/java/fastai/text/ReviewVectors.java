package fastai.text;

import fastai.Figures;
import fastai.io.AtomicFiles;
import fastai.Config;
import fastai.display.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.deeplearning4j.models.embeddings.learning.impl.elements.CBOW;
import org.deeplearning4j.models.sequencevectors.SequenceVectors;
import org.deeplearning4j.models.sequencevectors.enums.ListenerEvent;
import org.deeplearning4j.models.sequencevectors.interfaces.VectorsListener;
import org.deeplearning4j.models.word2vec.VocabWord;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.text.sentenceiterator.CollectionSentenceIterator;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.security.NoSuchAlgorithmException;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Our own word vectors, standing in for Stanford's GloVe (not reachable here): DL4J's
 * {@link Word2Vec} (continuous bag of words) trained on the 50,000 IMDB reviews, tokenised with {@link Tokenizer}.
 *
 * <p>The result is cached in GloVe's text format under {@code data/models/} with a marker file
 * ({@code .complete}) written last that holds the file's SHA-256 and the settings; a cache without a
 * matching marker (half-written, other settings, edited) is never loaded: it is trained again.
 *
 * <pre>java fastai.text.ReviewVectors   # trains and caches once (./fastai setup runs this)</pre>
 */
public final class ReviewVectors {
    /** The settings; {@link #standard()} is what the notebooks use. */
    public record Settings(int dim, int window, int minCount, int epochs, long seed) {
        String describe() {
            return "word2vec cbow dim=" + dim + " window=" + window + " minCount=" + minCount
                    + " epochs=" + epochs + " seed=" + seed + " tokenizer=fastai.text.Tokenizer";
        }
    }

    /**
     * 50 dimensions like the course's GloVe 6B.50d, words seen at least 5 times, CBOW (measured about
     * 4x faster than skip-gram here, 2 cores: 590 against 156 reviews a second), 3 passes.
     */
    public static Settings standard() { return new Settings(50, 5, 5, 3, 42); }

    private ReviewVectors() { }

    public static void main(String[] args) {
        try {
            long t0 = System.nanoTime();
            WordVectors v = loadOrTrain();
            System.out.printf("word vectors: %s (%.1f s)%n", v, (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The cache file for {@code s}. */
    public static Path cacheFile(Settings s) {
        return Config.modelsDir().resolve("imdb-word2vec-" + s.dim() + "d.txt");
    }

    static Path markerOf(Path cache) { return cache.resolveSibling(cache.getFileName() + ".complete"); }

    /** The standard vectors: from the cache when it is complete, else trained on all 50,000 reviews and cached. */
    public static WordVectors loadOrTrain() {
        Settings s = standard();
        Path cache = cacheFile(s);
        if (isComplete(cache, s)) {
            Figures.used("model", cache);
            return GloveFormat.load(cache, s.dim());
        }
        List<Review> all = new ArrayList<>(Reviews.train());
        all.addAll(Reviews.test());
        return trainAndCache(Tokenizer.tokens(all), s, cache);
    }

    /** True when {@code cache} has a marker for these settings and its checksum matches. */
    public static boolean isComplete(Path cache, Settings s) {
        Path marker = markerOf(cache);
        if (!Files.isRegularFile(cache) || !Files.isRegularFile(marker)) return false;
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            return lines.size() >= 2 && lines.get(0).equals("sha256 " + sha256(cache)) && lines.get(1).equals(s.describe());
        } catch (IOException e) {
            return false;
        }
    }

    /** Trains, writes the cache (file first, marker last), returns the vectors. */
    public static WordVectors trainAndCache(List<List<String>> docs, Settings s, Path cache) {
        try {
            Files.deleteIfExists(markerOf(cache));   // from here on the old cache is invalid
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + markerOf(cache) + ": " + e.getMessage(), e);
        }
        WordVectors v = train(docs, s);
        GloveFormat.save(v, cache);
        String marker = "sha256 " + sha256(cache) + "\n" + s.describe() + "\n";
        AtomicFiles.write(markerOf(cache), tmp -> Files.writeString(tmp, marker, StandardCharsets.UTF_8));
        return v;
    }

    /** Trains Word2Vec on tokenised documents; words come out most frequent first. */
    public static WordVectors train(List<List<String>> docs, Settings s) {
        List<String> lines = new ArrayList<>(docs.size());
        for (List<String> d : docs) if (!d.isEmpty()) lines.add(String.join(" ", d));
        if (lines.isEmpty()) throw new IllegalArgumentException("empty vocabulary: no words to train word vectors on");
        ProgressBar bar = new ProgressBar("word2vec, " + s.epochs() + " passes over " + lines.size() + " reviews", lines.size()).unit("reviews");
        Word2Vec w2v = new Word2Vec.Builder()
                .layerSize(s.dim()).windowSize(s.window()).minWordFrequency(s.minCount())
                .epochs(s.epochs()).iterations(1).seed(s.seed()).workers(2)
                .iterate(new CollectionSentenceIterator(lines))
                .tokenizerFactory(new DefaultTokenizerFactory())   // the lines are already tokens split by spaces
                .elementsLearningAlgorithm(new CBOW<>())
                .setVectorsListeners(List.of(new Progress(bar, lines.size())))
                .build();
        w2v.fit();
        bar.done();
        List<VocabWord> vocab = new ArrayList<>(w2v.getVocab().vocabWords());
        vocab.sort((a, b) -> a.getElementFrequency() != b.getElementFrequency()
                ? Double.compare(b.getElementFrequency(), a.getElementFrequency()) : a.getLabel().compareTo(b.getLabel()));
        if (vocab.isEmpty()) throw new IllegalArgumentException("empty vocabulary: no word occurs " + s.minCount() + " times");
        List<String> words = new ArrayList<>(vocab.size());
        INDArray m = Nd4j.create(DataType.FLOAT, vocab.size(), s.dim());
        for (int i = 0; i < vocab.size(); i++) {
            words.add(vocab.get(i).getLabel());
            m.putRow(i, w2v.getWordVectorMatrix(vocab.get(i).getLabel()).castTo(m.dataType()));
        }
        return new WordVectors(words, m);
    }

    /**
     * Moves the bar every 500 reviews. Word2Vec reports the lines of the first pass only, so the bar
     * covers one pass and names the pass it is in.
     */
    private static final class Progress implements VectorsListener<VocabWord> {
        private final ProgressBar bar;
        private final long perPass;
        private int pass = 1;

        Progress(ProgressBar bar, long perPass) { this.bar = bar; this.perPass = perPass; }

        @Override public boolean validateEvent(ListenerEvent event, long argument) {
            return event == ListenerEvent.EPOCH || event == ListenerEvent.LINE && argument % 500 == 0;
        }

        @Override public void processEvent(ListenerEvent event, SequenceVectors<VocabWord> sv, long argument) {
            if (event == ListenerEvent.EPOCH) {
                bar.metric("passes done", ++pass - 1);
                return;
            }
            long n = Math.min(argument, perPass);
            bar.set(n, n);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
