package fastai.rnn;

import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.dataset.MultiDataSet;
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

    /**
     * A per-batch transform for {@code Data.map}: labels given as indices ({@code [n, 1]} or
     * {@code [n, 1, T]}) become one-hot ({@code [n, V]} or {@code [n, V, T]}), what DL4J's
     * softmax output layers and the library's evaluation expect. Done per batch so that the whole
     * data set is held as indices (4 bytes a character instead of 4·V).
     */
    public static UnaryOperator<MultiDataSet> oneHotLabels(int vocabSize) {
        return mds -> {
            INDArray y = mds.getLabels(0);
            INDArray hot;
            if (y.rank() == 2) {
                hot = Nd4j.zeros(DataType.FLOAT, y.size(0), vocabSize);
                for (int i = 0; i < y.size(0); i++) hot.putScalar(i, y.getInt(i, 0), 1f);
            } else {
                long n = y.size(0), t = y.size(2);
                float[] flat = new float[(int) (n * vocabSize * t)];
                float[] idx = y.castTo(DataType.FLOAT).dup('c').data().asFloat();
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < t; s++) flat[(int) ((i * vocabSize + (int) idx[(int) (i * t + s)]) * t + s)] = 1f;
                }
                hot = Nd4j.create(flat, new long[] {n, vocabSize, t}, 'c');
            }
            return new MultiDataSet(mds.getFeatures(), new INDArray[] {hot},
                    mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        };
    }
}
