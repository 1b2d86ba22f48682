package fastai.rnn;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A text (as vocabulary indices) cut into windows of {@code length} characters, the way lesson 6
 * prepares its data: window i starts at character {@code i * stride}; its targets are the same
 * characters shifted by one, so the last target is the character that follows the window.
 * With {@code length = stride = 3} these are the course's "three characters in, the fourth out";
 * with 8 the inputs of its first RNN; with 40 and a small stride the windows of char-rnn.
 *
 * <p>As arrays: inputs {@code [n, length]} of indices (what an embedding layer and the SameDiff
 * graphs read), the next character {@code [n, 1]} and the shifted sequence {@code [n, 1, length]}
 * (the "sparse" labels of DL4J's {@code SPARSE_MCXENT}: an index instead of a one-hot vector).
 */
public final class CharWindows {
    private final int[] text;
    private final int length;
    private final int stride;
    private final int count;

    private CharWindows(int[] text, int length, int stride, int count) {
        this.text = text;
        this.length = length;
        this.stride = stride;
        this.count = count;
    }

    /** Every window of {@code length} characters that starts at a multiple of {@code stride} and has a next character. */
    public static CharWindows of(int[] text, int length, int stride) {
        if (length < 1) throw new IllegalArgumentException("window length must be at least 1, got " + length);
        if (stride < 1) throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        if (text == null || text.length == 0) {
            throw new IllegalArgumentException("the text is empty: need at least " + (length + 1) + " characters for windows of " + length);
        }
        if (text.length < length + 1) {
            throw new IllegalArgumentException("a text of " + text.length + " characters is too short for windows of "
                    + length + ": need at least " + (length + 1));
        }
        int count = (text.length - length - 1) / stride + 1;
        return new CharWindows(text, length, stride, count);
    }

    public int count() { return count; }
    public int length() { return length; }
    public int stride() { return stride; }

    /** Characters {@code i*stride .. i*stride+length-1}. */
    public int[] inputs(int i) {
        return Arrays.copyOfRange(text, i * stride, i * stride + length);
    }

    /** The same window shifted by one character: what should be predicted at each position. */
    public int[] targets(int i) {
        return Arrays.copyOfRange(text, i * stride + 1, i * stride + length + 1);
    }

    /** The character after window i. */
    public int next(int i) {
        return text[i * stride + length];
    }

    /** Inputs as indices, {@code [count, length]}. */
    public INDArray inputArray(DataType type) {
        float[] flat = new float[count * length];
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < length; t++) flat[i * length + t] = text[i * stride + t];
        }
        return Nd4j.create(flat, new long[] {count, length}, 'c').castTo(type);
    }

    /** The character after each window, {@code [count, 1]}. */
    public INDArray nextArray(DataType type) {
        float[] flat = new float[count];
        for (int i = 0; i < count; i++) flat[i] = next(i);
        return Nd4j.create(flat, new long[] {count, 1}, 'c').castTo(type);
    }

    /** The shifted windows, {@code [count, 1, length]} (DL4J's time-series layout, one "channel" holding the index). */
    public INDArray targetArray(DataType type) {
        float[] flat = new float[count * length];
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < length; t++) flat[i * length + t] = text[i * stride + t + 1];
        }
        return Nd4j.create(flat, new long[] {count, 1, length}, 'c').castTo(type);
    }

    /** The shifted windows as {@code [count, length]} (for the SameDiff graphs). */
    public INDArray targetMatrix(DataType type) {
        return targetArray(type).reshape(count, length);
    }

    /**
     * Splits an encoded text at {@code 1 - validFraction} into a training and a held-out part,
     * so that no window straddles the two.
     */
    public static int[][] split(int[] text, double validFraction) {
        if (!(validFraction > 0 && validFraction < 1)) {
            throw new IllegalArgumentException("validFraction must be between 0 and 1, got " + validFraction);
        }
        int cut = (int) Math.round(text.length * (1 - validFraction));
        return new int[][] {Arrays.copyOfRange(text, 0, cut), Arrays.copyOfRange(text, cut, text.length)};
    }
}
