package fastai.rnn;

import java.util.Random;
import fastai.train.Rows;
import java.util.Arrays;

/**
 * A text cut into training examples the way the course did it: consecutive, non-overlapping
 * pieces of {@code seqLength} characters (8 in the course), each paired with the same piece
 * shifted by one character. The model reads characters 0..7 of a piece and at every step
 * predicts the next one, so the targets are characters 1..8: a sequence-to-sequence setup
 * with {@code seqLength} predictions per example.
 */
public final class CharSequences {
    private final int[] text;
    private final int seqLength;
    private final int count;

    /** @param text the text as vocabulary indices */
    public CharSequences(int[] text, int seqLength) {
        if (seqLength < 1) throw new IllegalArgumentException("seqLength must be positive");
        if (text.length < seqLength + 1) {
            throw new IllegalArgumentException("a text of " + text.length + " characters is too short for sequences of " + seqLength);
        }
        this.text = text;
        this.seqLength = seqLength;
        this.count = (text.length - 1) / seqLength;
    }

    /** Number of examples. */
    public int count() {
        return count;
    }

    public int seqLength() {
        return seqLength;
    }

    /** Number of characters predicted in one pass over all examples. */
    public long charsPerEpoch() {
        return (long) count * seqLength;
    }

    /** Characters i·T .. i·T+T-1. */
    public int[] inputs(int i) {
        int[] x = new int[seqLength];
        System.arraycopy(text, i * seqLength, x, 0, seqLength);
        return x;
    }

    /** Characters i·T+1 .. i·T+T: what comes after each input character. */
    public int[] targets(int i) {
        int[] y = new int[seqLength];
        System.arraycopy(text, i * seqLength + 1, y, 0, seqLength);
        return y;
    }

    /** 0..count-1 in a random order (Fisher-Yates). */
    public int[] shuffledOrder(Random rng) {
        return Rows.permutation(count, rng);
    }

    /** {@code n} example indices spread evenly over the whole set (for evaluating on a sample). */
    public int[] evenlySpaced(int n) {
        n = Math.min(n, count);
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) idx[k] = (int) ((long) k * count / n);
        return idx;
    }

    /**
     * Splits an encoded text into a training part (the first {@code 1 - validFraction}) and a
     * validation part (the rest), cut at a character boundary so no example straddles both.
     */
    public static CharSequences[] split(int[] text, int seqLength, double validFraction) {
        int cut = (int) Math.round(text.length * (1 - validFraction));
        int[] a = Arrays.copyOfRange(text, 0, cut);
        int[] b = Arrays.copyOfRange(text, cut, text.length);
        return new CharSequences[] {new CharSequences(a, seqLength), new CharSequences(b, seqLength)};
    }
}
