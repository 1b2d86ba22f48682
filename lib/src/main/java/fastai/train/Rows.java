package fastai.train;

import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small helpers for arrays whose first axis is the examples: shuffling, slicing, counting hits. */
public final class Rows {
    private Rows() { }

    /** 0..n-1 in a random order (Fisher-Yates; the same {@code r} gives the same order). */
    public static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code a}, any rank; a view. */
    public static INDArray slice(INDArray a, long from, long to) {
        INDArrayIndex[] ix = new INDArrayIndex[a.rank()];
        ix[0] = NDArrayIndex.interval(from, to);
        for (int k = 1; k < ix.length; k++) ix[k] = NDArrayIndex.all();
        return a.get(ix);
    }

    /** How many rows of {@code probs} have their arg-max where the one-hot {@code labels} have theirs. */
    public static long correct(INDArray probs, INDArray labels) {
        return probs.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
    }
}
