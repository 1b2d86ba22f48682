package fastai.text;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes every review the same length, as Keras' {@code pad_sequences} did by default for the
 * course: a longer review keeps its last {@code length} words, a shorter one gets padding (index 0)
 * in front. Keeping the end in front of the padding also puts the last real word at the last step,
 * which an RNN reads last.
 */
public final class Padding {
    private Padding() { }

    public static int[] padOrTruncate(int[] ids, int length) {
        if (length < 1) throw new IllegalArgumentException("sequence length " + length + ": must be at least 1");
        int[] out = new int[length];
        int n = Math.min(ids.length, length);
        System.arraycopy(ids, ids.length - n, out, length - n, n);
        return out;
    }

    /** An {@code [n, length]} matrix of word indices (floats, as DL4J's embedding layers take them). */
    public static INDArray matrix(List<int[]> docs, int length) {
        float[] flat = new float[docs.size() * length];
        for (int i = 0; i < docs.size(); i++) {
            int[] row = padOrTruncate(docs.get(i), length);
            for (int j = 0; j < length; j++) flat[i * length + j] = row[j];
        }
        return Nd4j.create(flat, new long[] {docs.size(), length}, 'c');
    }
}
