package fastai.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a review into lower-case words: runs of letters and digits, with inner apostrophes kept
 * ({@code don't}, {@code director's}). HTML line breaks ({@code <br />}, common in IMDB reviews)
 * and punctuation separate words and are dropped, as in Keras' IMDB word index.
 */
public final class Tokenizer {
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    private Tokenizer() { }

    public static List<String> tokens(String text) {
        String t = BREAK.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        List<String> out = new ArrayList<>();
        for (Matcher m = WORD.matcher(t); m.find(); ) out.add(m.group());
        return out;
    }

    /** The tokens of every review, in order. */
    public static List<List<String>> tokens(List<Review> reviews) {
        List<List<String>> out = new ArrayList<>(reviews.size());
        for (Review r : reviews) out.add(tokens(r.text()));
        return out;
    }
}
