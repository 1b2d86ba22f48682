package fastai.rnn;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * The characters of a text, numbered: every distinct character gets an index 0..size-1 in
 * sorted order. Turns text into index arrays and back, and an index into a one-hot vector.
 */
public final class CharVocab {
    private final char[] chars;          // index -> character, sorted
    private final int[] indexOf;         // character -> index, or -1

    private CharVocab(char[] chars) {
        this.chars = chars;
        this.indexOf = new int[Character.MAX_VALUE + 1];
        Arrays.fill(indexOf, -1);
        for (int i = 0; i < chars.length; i++) indexOf[chars[i]] = i;
    }

    /** The vocabulary of every character that occurs in {@code text}. */
    public static CharVocab of(CharSequence text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) set.add(text.charAt(i));
        char[] cs = new char[set.size()];
        int k = 0;
        for (char c : set) cs[k++] = c;
        return new CharVocab(cs);
    }

    public int size() {
        return chars.length;
    }

    public char charAt(int index) {
        return chars[index];
    }

    public boolean contains(char c) {
        return indexOf[c] >= 0;
    }

    public int indexOf(char c) {
        int i = indexOf[c];
        if (i < 0) throw new IllegalArgumentException("character " + printable(c) + " is not in the vocabulary");
        return i;
    }

    public int[] encode(CharSequence text) {
        int[] idx = new int[text.length()];
        for (int i = 0; i < idx.length; i++) idx[i] = indexOf(text.charAt(i));
        return idx;
    }

    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder(indices.length);
        for (int i : indices) sb.append(chars[i]);
        return sb.toString();
    }

    /** A vector of zeros with a single 1 at {@code index}. */
    public double[] oneHot(int index) {
        double[] v = new double[chars.length];
        v[index] = 1;
        return v;
    }

    /** All characters in index order, as one string. */
    public String chars() {
        return new String(chars);
    }

    /** A character shown so that newlines and spaces are visible. */
    public static String printable(char c) {
        switch (c) {
            case '\n': return "'\\n'";
            case '\r': return "'\\r'";
            case '\t': return "'\\t'";
            case ' ': return "' '";
            default: return "'" + c + "'";
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CharVocab(" + chars.length + " chars: ");
        for (char c : chars) sb.append(c == '\n' ? "\\n" : String.valueOf(c));
        return sb.append(')').toString();
    }
}
